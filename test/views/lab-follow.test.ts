// A cross-lab lesson's mechanism view follows the device the step is on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import type { Trace } from '../../src/engine/sim/types';
import { labForStep } from '../../src/views/lab-follow';
import { run } from '../helpers/run';

const trace = {
  topology: {
    nodes: [
      { id: 'lan', type: 'host' },
      { id: 'osa', type: 'qeth-osa' },
      { id: 'h1', type: 'macvlan' },
      { id: 'sw', type: 'bridge' },
    ],
    links: [],
  },
  steps: [{ node: 'lan' }, { node: 'osa' }, { node: 'lan' }, { node: 'h1' }, { node: 'l1' }, { node: 'sw' }],
} as unknown as Trace;

describe('labForStep', () => {
  it('gives no lab before any step on a lab device', () => {
    expect(labForStep(trace, -1, ['qeth', 'macvlan'])).toBeUndefined();
    expect(labForStep(trace, 0, ['qeth', 'macvlan'])).toBeUndefined();
  });
  it('follows the device the step is on, and keeps it over host and link steps', () => {
    expect(labForStep(trace, 1, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 2, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 3, ['qeth', 'macvlan'])).toBe('macvlan');
    expect(labForStep(trace, 4, ['qeth', 'macvlan'])).toBe('macvlan');
  });
  it("picks the first lab shown that draws the device: the lesson's own lab wins a shared type", () => {
    expect(labForStep(trace, 3, ['vepa', 'vdp'])).toBe('vepa');
    expect(labForStep(trace, 3, ['vdp', 'macvlan'])).toBe('macvlan');
    // A bridge is drawn by the qeth lab too (the LAN side), so a qeth lesson keeps its view.
    expect(labForStep(trace, 5, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 5, ['vepa', 'bridge'])).toBe('vepa');
    expect(labForStep(trace, 5, ['bridge', 'vepa'])).toBe('bridge');
  });
});

describe('labForStep on a recorded trace', () => {
  it('reads the nodes from the columns: following the device never makes every Step object', () => {
    const json = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '../../lessons/qeth-06-the-card-table-and-the-macvlan-hash/scenario.json'),
        'utf8',
      ),
    );
    const t = run(json);
    if (!(t instanceof RecordedTrace)) throw new Error('the engine should give a recorded trace');
    const labs = new Set<string | undefined>();
    for (let i = 0; i < t.stepCount; i++) labs.add(labForStep(t, i, ['qeth', 'macvlan']));
    // The cross-lab lesson's run goes through the card and through the macvlan host.
    expect([...labs].filter(Boolean).sort()).toEqual(['macvlan', 'qeth']);
    expect(t.allStepsMade).toBe(false);
  });
});
