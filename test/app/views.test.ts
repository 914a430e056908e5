// Geometry and bookkeeping behind the views, checked without a DOM.
import { describe, expect, it } from 'vitest';
import { filterSteps, announce, formatTime } from '../../src/views/steplog/filter';
import { readMarks, fieldAt, hexRows } from '../../src/views/inspector/bytes-map';
import { traceJson } from '../../src/views/inspector/downloads';
import { decodeFrame } from '../../src/engine/frame/decode';
import { findStep } from '../../src/app/lessons/step-query';
import { learningRun } from './fixtures';

const { trace } = learningRun();

describe('step log', () => {
  it('shows steps up to the cursor, filtered by node, layer and frame', () => {
    expect(filterSteps(trace, -1, { node: '', layer: '', frame: '' }).rows).toEqual([]);
    const all = filterSteps(trace, 12, { node: '', layer: '', frame: '' }).rows;
    expect(all.map((s) => s.index)).toEqual([...Array(13).keys()]);
    expect(
      filterSteps(trace, 26, { node: 'br0', layer: 'L2', frame: '' }).rows.every(
        (s) => s.node === 'br0' && s.layer === 'L2',
      ),
    ).toBe(true);
    const frame1 = filterSteps(trace, 26, { node: '', layer: '', frame: '1' }).rows;
    expect(frame1.length).toBeGreaterThan(3);
    expect(frame1.every((s) => s.packet?.origin === 1)).toBe(true);
    const capped = filterSteps(trace, 26, { node: '', layer: '', frame: '' }, 5);
    expect([capped.rows.length, capped.hidden, capped.rows.at(-1)!.index]).toEqual([5, 22, 26]);
  });
  it('announces the step in words and formats virtual time', () => {
    expect(announce(trace, -1)).toBe('Before the first step. 27 steps in this trace.');
    expect(announce(trace, 6)).toMatch(/^Step 7 of 27, br0 port p1, decide: Learn: .* Source: br_fdb_update\.$/);
    expect([formatTime(0), formatTime(2672), formatTime(100_000_000), formatTime(2.5e9)]).toEqual([
      '0 ns',
      '2.672 µs',
      '100 ms',
      '2.5 s',
    ]);
  });
});

describe('inspector bytes', () => {
  it('marks the bytes a decision read and finds the field under a byte', () => {
    const learn = trace.steps[findStep(trace, { node: 'br0', kind: 'decide' })];
    const d = decodeFrame(trace.frames[learn.frame!]);
    const m = readMarks(d, learn);
    expect([...m.paths]).toEqual(['eth.src']);
    expect(m.ranges).toEqual([{ start: 6, end: 12 }]);
    expect(fieldAt(d, 12)?.path).toBe('eth.type');
    expect(fieldAt(d, 0)?.path).toBe('eth.dst');
    expect(readMarks(d, { ...learn, reads: ['vlan[0].vid'] }).missing).toEqual(['vlan[0].vid']);
    expect(hexRows(60).map((r) => r.length)).toEqual([16, 16, 16, 12]);
  });
  it('writes the trace as JSON with frames in hex', () => {
    const j = JSON.parse(traceJson(trace));
    expect(j.steps).toHaveLength(27);
    expect(j.frames[0]).toMatch(/^ffffffffffff0200000000010806/);
  });
});
