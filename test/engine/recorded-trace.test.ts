// The trace a run returns is a RecordedTrace over columns, but to every reader it must look
// like a plain Trace: cached frozen steps, copies by spread / JSON / structuredClone that
// carry the same steps and fates, and change columns equal to those of a plain copy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenarioOrThrow } from '../../src/engine/scenario/load';
import { changeColumnsOf, RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { runScenario } from '../../src/engine/sim/simulator';
import type { ChangeColumns } from '../../src/engine/sim/step-store';
import type { Trace } from '../../src/engine/sim/types';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/learning-bridge.json', import.meta.url), 'utf8'));

function runExample(): RecordedTrace {
  const t = runScenario(loadScenarioOrThrow(example, deviceTypes), deviceTypes);
  if (!(t instanceof RecordedTrace)) throw new Error('runScenario did not return a RecordedTrace');
  return t;
}

/** Every change of the log as [step, key, after]. */
function flatten(c: ChangeColumns): unknown[][] {
  const out: unknown[][] = [];
  let k = 0;
  for (let i = 0; i < c.steps; i++) for (; k < c.end(i); k++) out.push([i, c.keyName(c.keyOf(k)), c.after(k)]);
  return out;
}

describe('RecordedTrace from runScenario', () => {
  const trace = runExample();

  it('is a RecordedTrace with a useful number of steps, frames and fates', () => {
    expect(trace).toBeInstanceOf(RecordedTrace);
    expect(trace.steps.length).toBeGreaterThan(20);
    expect(trace.fates.length).toBeGreaterThan(2);
    expect(trace.frames.length).toBeGreaterThan(0);
  });

  it('makes steps and fates once: the same frozen arrays on every read', () => {
    const a = trace.steps;
    expect(trace.steps).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(trace.fates).toBe(trace.fates);
    expect(Object.isFrozen(trace.fates)).toBe(true);
    expect(Object.isFrozen(trace)).toBe(true);
    a.forEach((s, i) => expect(s.index).toBe(i));
  });

  it('counts steps and deliveries without making them, and the counts agree', () => {
    const fresh = runExample();
    expect(fresh.stepCount).toBe(fresh.steps.length);
    const runFresh = runExample();
    const delivered = runFresh.deliveredCount();
    expect(delivered).toBe(runFresh.fates.reduce((n, f) => n + f.delivered.length, 0));
    expect(delivered).toBeGreaterThan(0);
    // Some copies are dropped too (the flooded ARP at h3), so the count is not just "all".
    expect(runFresh.fates.some((f) => f.dropped.length > 0)).toBe(true);
  });

  it('names in each fate outcome the node, port and words of the step it points at', () => {
    for (const f of trace.fates) {
      for (const d of f.delivered) {
        const s = trace.steps[d.step];
        expect(s.kind).toBe('deliver');
        expect([s.node, s.port, s.decision]).toEqual([d.node, d.port, d.decision]);
        expect(s.packet?.origin).toBe(f.origin);
      }
      for (const d of f.dropped) {
        const s = trace.steps[d.step];
        expect([s.node, s.port]).toEqual([d.node, d.port]);
        expect(s.packet?.origin).toBe(f.origin);
      }
    }
  });

  it('structuredClone gives a plain Trace with the same keys, steps and fates', () => {
    const c = structuredClone(trace) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(c).not.toBeInstanceOf(RecordedTrace);
    expect(Object.keys(c).sort()).toEqual([
      'counters',
      'endTime',
      'fates',
      'frames',
      'scenario',
      'seed',
      'steps',
      'topology',
    ]);
    expect(c.steps).toEqual(trace.steps);
    expect(c.fates).toEqual(trace.fates);
    expect(c.frames).toEqual(trace.frames);
    expect([c.scenario, c.seed, c.endTime]).toEqual([trace.scenario, trace.seed, trace.endTime]);
    expect(c.counters).toEqual(trace.counters);
  });

  it('JSON and spread carry the steps', () => {
    const j = JSON.parse(JSON.stringify(trace));
    expect(j.steps.length).toBe(trace.steps.length);
    expect(j.fates.length).toBe(trace.fates.length);
    expect(j.steps[j.steps.length - 1].decision).toBe(trace.steps[trace.steps.length - 1].decision);
    const spread = { ...trace };
    expect(spread.steps).toBe(trace.steps);
    expect(spread.fates).toBe(trace.fates);
    expect(Object.keys(spread).sort()).toEqual([
      'counters',
      'endTime',
      'fates',
      'frames',
      'scenario',
      'seed',
      'steps',
      'topology',
    ]);
  });

  it('changeColumnsOf agrees between the columns and a plain copy', () => {
    const plain: Trace = { ...trace, steps: trace.steps.slice() };
    expect(plain).not.toBeInstanceOf(RecordedTrace);
    const fromColumns = changeColumnsOf(trace);
    const fromSteps = changeColumnsOf(plain);
    expect(fromColumns.steps).toBe(trace.steps.length);
    expect(fromSteps.steps).toBe(fromColumns.steps);
    const ends = (c: ChangeColumns) => Array.from({ length: c.steps }, (_, i) => c.end(i));
    expect(ends(fromSteps)).toEqual(ends(fromColumns));
    const flat = flatten(fromColumns);
    expect(flat.length).toBeGreaterThan(3);
    expect(flatten(fromSteps)).toEqual(flat);
    // And both match the steps' own changes.
    const fromObjects = trace.steps.flatMap((s) => (s.changes ?? []).map((c) => [s.index, c.key, c.after]));
    expect(flat).toEqual(fromObjects);
  });

  it('reads the same columns before and after the steps are made', () => {
    const fresh = runExample();
    const before = flatten(fresh.changeColumns());
    void fresh.steps;
    expect(flatten(fresh.changeColumns())).toEqual(before);
  });

  it('gives the same steps and fates whichever is read first (deferred words are made once)', () => {
    const fatesFirst = runExample();
    const fates = fatesFirst.fates;
    expect(fatesFirst.steps).toEqual(trace.steps);
    expect(fates).toEqual(trace.fates);
  });

  it('is deterministic: two runs give equal steps and fates', () => {
    const again = runExample();
    expect(again.steps).toEqual(trace.steps);
    expect(again.fates).toEqual(trace.fates);
  });
});
