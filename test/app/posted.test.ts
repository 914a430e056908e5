// The run the engine worker posts to the page (posted.ts): a simulated run goes as the
// trace's columns, buffers transferred, and comes back as a trace that reads one step at a
// time; a run with problems goes as it is. The stepper works on the received trace without
// making every Step object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type Posted } from '../../src/app/run/build-run';
import { fromPosted, indexOfPosted, toPosted } from '../../src/app/run/posted';
import { Player } from '../../src/app/run/player.svelte';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { StateIndex } from '../../src/engine/sim/state-index';
import { stepCount } from '../../src/engine/sim/trace-access';

const json = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../src/scenarios/vepa/vepa-schannels.json'), 'utf8'),
);

/** What crosses postMessage: a structured clone, with the listed buffers moved. */
function post(sim: ReturnType<typeof simulate>): Posted {
  const { result, transfer } = toPosted(sim);
  return structuredClone(result, { transfer });
}

describe('a run posted by the engine worker', () => {
  it('comes back with the same steps, fates, frames and description', () => {
    const here = simulate(json);
    const there = fromPosted(post(simulate(json)));
    if (!here.ok || !there.ok) throw new Error('the scenario should run');
    expect(there.trace).toBeInstanceOf(RecordedTrace);
    expect(there.description).toBe(here.description);
    expect(there.trace.steps).toEqual(here.trace.steps);
    expect(there.trace.fates).toEqual(here.trace.fates);
    expect(there.trace.frames).toEqual(here.trace.frames);
  });

  it('passes problems through unchanged', () => {
    const bad = simulate({ name: 'x', nodes: [{ id: 'a', type: 'no-such-type' }] });
    expect(bad.ok).toBe(false);
    expect(fromPosted(post(bad))).toEqual(bad);
  });

  it('lets the stepper seek, find the next decision and index the state without making every Step', () => {
    const there = fromPosted(post(simulate(json)));
    if (!there.ok) throw new Error('the scenario should run');
    const t = there.trace as RecordedTrace;
    const p = new Player(t);
    p.toEnd();
    expect(p.cursor).toBe(stepCount(t) - 1);
    p.toStart();
    const next = p.nextDecisionAt('sw');
    expect(next).toBeGreaterThanOrEqual(0);
    new StateIndex(t).at(p.last);
    expect(t.allStepsMade).toBe(false);
    expect(t.steps[next].node).toBe('sw');
  });

  it('brings the state index built in the worker, which answers like one built on the page', () => {
    for (const file of ['vepa/vepa-schannels.json', 'virtio/virtio-batch-burst.json', 'bridge/learning.json']) {
      const src = JSON.parse(readFileSync(join(import.meta.dirname, `../../src/scenarios/${file}`), 'utf8'));
      const posted = post(simulate(src));
      const there = fromPosted(posted);
      if (!posted.ok || !there.ok) throw new Error('the scenario should run');
      expect(posted.index?.count).toBeGreaterThan(0);
      const sent = indexOfPosted(posted, there.trace);
      const built = new StateIndex(there.trace);
      const n = stepCount(there.trace);
      for (let i = -1; i < n; i += Math.max(1, Math.floor(n / 97))) expect([...sent.at(i)]).toEqual([...built.at(i)]);
      expect([...sent.at(n - 1)]).toEqual([...built.at(n - 1)]);
    }
  });
});

describe('a graded run (a challenge)', () => {
  it("carries the expectation checker's verdict on each `expect` entry, across the worker too", () => {
    const graded = {
      ...json,
      expect: [
        { traffic: 0, deliveredTo: [], exactly: true, description: 'false on purpose' },
        ...(json.expect as unknown[]),
      ],
    };
    const sim = simulate(graded, 'x', true);
    if (!sim.ok) throw new Error('the scenario should run');
    expect(sim.checks?.length).toBe(graded.expect.length);
    expect(sim.checks?.[0].ok).toBe(false);
    expect(sim.checks?.[0].message).toMatch(/^traffic #0 delivered to nobody: no, delivered to /);
    expect(sim.checks?.slice(1).every((c) => c.ok)).toBe(true);
    const there = fromPosted(post(sim));
    expect(there.ok && there.checks).toEqual(sim.checks);
  });

  it('is not graded unless asked', () => {
    const sim = simulate(json);
    expect(sim.ok && sim.checks).toBeUndefined();
  });
});
