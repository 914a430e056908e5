// The run budget bounds work, not only recorded steps: events processed, virtual time,
// steps and the trace's estimated memory. Each limit ends the run with one final step that
// names it, and the loader refuses limits that would not fit in memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { BUDGET_LIMITS, budgetStopOf, estimateBytes, STEP_BYTES } from '../../src/engine/sim/budget';
import { stepAt, stepCount } from '../../src/engine/sim/trace-access';
import { run, star } from '../helpers/run';

const virtio = () => JSON.parse(readFileSync('src/scenarios/virtio/virtio-no-barrier.json', 'utf8'));

/** Two bridges joined twice: a broadcast loops forever (no STP in the lab). */
function loop(extra: Record<string, unknown>) {
  return {
    name: 'loop',
    nodes: [
      { id: 'h1', type: 'host', config: { mac: '02:00:00:00:00:01', ip: '10.0.0.1' } },
      { id: 'b1', type: 'bridge', config: { ports: ['p1', 'p2', 'p3'] } },
      { id: 'b2', type: 'bridge', config: { ports: ['p1', 'p2'] } },
    ],
    links: [
      { a: 'h1:eth0', b: 'b1:p1' },
      { a: 'b1:p2', b: 'b2:p1' },
      { a: 'b1:p3', b: 'b2:p2' },
    ],
    traffic: [{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.9' } }],
    ...extra,
  };
}

describe('run budget', () => {
  it('stops a model that runs events recording no steps (virtio polling with a large until) at maxEvents', () => {
    const t = run({ ...virtio(), until: '3004s', maxEvents: 200_000 });
    const stop = budgetStopOf(t);
    expect(stop?.key).toBe('maxEvents');
    expect(stop?.decision).toMatch(/^Run stopped: budget of 200000 events reached at t=[\d.]+s .*raise maxEvents/);
    // It stopped early in virtual time, far from the 3004 s asked for.
    expect(t.endTime).toBeLessThan(3004e9);
    const last = stepAt(t, stepCount(t) - 1)!;
    expect(last).toMatchObject({ kind: 'fault', node: '(engine)', detail: { budget: 'maxEvents', limit: 200_000 } });
  });

  it('stops at the virtual-time budget with the end time at the limit', () => {
    const t = run({ ...virtio(), until: '3004s', maxTime: '2ms' });
    expect(budgetStopOf(t)?.key).toBe('maxTime');
    expect(t.endTime).toBe(2e6);
    expect(budgetStopOf(t)?.decision).toContain('budget of 0.002s of virtual time reached');
  });

  it('stops a broadcast storm at maxSteps, and at the memory estimate when that comes first', () => {
    const bySteps = run(loop({ maxSteps: 5000 }));
    expect(budgetStopOf(bySteps)?.key).toBe('maxSteps');
    // Checked after each event, and one event can record a few steps: just past the limit.
    expect(stepCount(bySteps)).toBeGreaterThanOrEqual(5001);
    expect(stepCount(bySteps)).toBeLessThan(5020);
    const byMemory = run(loop({ maxMemory: 2 ** 20 }));
    expect(budgetStopOf(byMemory)?.key).toBe('maxMemory');
    // 1 MiB at 120 bytes a step is about 8,700 steps (frames add a little): stopped near there.
    const n = stepCount(byMemory);
    expect(n).toBeGreaterThan(2 ** 20 / STEP_BYTES / 2);
    expect(n).toBeLessThan(2 ** 20 / STEP_BYTES + 300);
  });

  it('leaves a run that finishes on its own unmarked', () => {
    const t = run(star(2, { traffic: [{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }] }));
    expect(budgetStopOf(t)).toBeUndefined();
  });

  it('estimates memory from steps, frame bytes and copies', () => {
    expect(estimateBytes(1000, 5000, 10)).toBe(1000 * 120 + 5000 + 10 * 48);
  });

  it('refuses limits that do not fit in memory (maxSteps 10,000,000 exhausted a 2 GB heap)', () => {
    for (const [key, value] of [
      ['maxSteps', 10_000_000],
      ['maxSteps', 50_000_000],
      ['maxEvents', 1e12],
      ['maxMemory', 64 * 2 ** 30],
      ['maxSteps', 0],
    ] as const) {
      const r = loadScenario(star(2, { [key]: value }), deviceTypes);
      expect(r.ok, `${key} ${value}`).toBe(false);
      if (!r.ok)
        expect(r.issues[0]).toMatchObject({ path: `$.${key}`, message: expect.stringContaining('out of range') });
    }
    const r = loadScenario(star(2, { maxSteps: BUDGET_LIMITS.maxSteps.max, maxTime: '10s' }), deviceTypes);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toMatchObject({ maxSteps: 5_000_000, maxTime: 10e9, maxEvents: 10_000_000 });
  });
});
