// One cursor over two runs: the longer run leads; the other follows by virtual time (its
// last step at or before the leader's time) or by the fraction of the run.
import { describe, expect, it } from 'vitest';
import { SharedCursor, leaderOf } from '../../../src/app/compare/shared-cursor.svelte';
import { buildRun } from '../../../src/app/run/build-run';
import { applySetting } from '../../../src/app/settings/settings-model';
import { stepCount, timeAt } from '../../../src/engine/sim/trace-access';
import { readScenario } from '../settings/bundled-scenarios';

function trace(json: unknown) {
  const r = buildRun(json);
  if (!r.ok) throw new Error('does not run');
  return r.trace;
}

describe('shared cursor', () => {
  const vepa = readScenario('src/scenarios/vepa/vepa-hairpin-off.json');
  const m = ['nodes', 2, 'config', 'macvlans'];
  const a = trace(vepa);
  const b = trace(applySetting(applySetting(vepa, [...m, 0, 'mode'], 'bridge'), [...m, 1, 'mode'], 'bridge'));

  it('leads with the run with more steps and keeps the cursor in its range', () => {
    const c = new SharedCursor([a, b]);
    const lead = stepCount(a) >= stepCount(b) ? 0 : 1;
    expect(leaderOf([a, b])).toBe(lead);
    c.seek(1e9);
    expect(c.cursor).toBe(stepCount([a, b][lead]) - 1);
    c.seek(-5);
    expect(c.cursor).toBe(-1);
    expect(c.cursors()).toEqual([-1, -1]);
  });

  it('by time, the follower shows its last step at or before the leader’s instant', () => {
    const c = new SharedCursor([a, b]);
    const lead = c.lead;
    const other = 1 - lead;
    const traces = [a, b];
    for (const k of [0, 5, 20, c.last]) {
      c.seek(k);
      const t = timeAt(traces[lead], k);
      const f = c.cursors()[other];
      if (f >= 0) expect(timeAt(traces[other], f)).toBeLessThanOrEqual(t);
      if (f + 1 < stepCount(traces[other])) expect(timeAt(traces[other], f + 1)).toBeGreaterThan(t);
    }
  });

  it('seekIn puts the cursor where the given run shows that step', () => {
    const c = new SharedCursor([a, b]);
    c.mode = 'ratio';
    const other = 1 - c.lead;
    c.seekIn(other, stepCount([a, b][other]) - 1);
    expect(c.cursor).toBe(c.last);
    expect(c.previous).toBe(-1);
  });
});
