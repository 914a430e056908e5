// Every VDP scenario file loads, runs, holds its own `expect` list, and accounts for every
// frame (delivered, dropped with a reason, or still in flight when the run stops).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../src/engine/scenario/expect';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { loadJson, types } from './run';

const files = readdirSync(new URL('../../src/scenarios/vdp/', import.meta.url)).filter((f) => f.endsWith('.json'));

describe('VDP scenario files', () => {
  it('there are scenarios for start, loss, shutdown, bridge de-associate, migration, 0.2 and Qbh', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'associate.json',
        'frame-loss.json',
        'bridge-deassociate.json',
        'migration.json',
        'vdp02-associate.json',
        'qbh-enic.json',
      ]),
    );
  });
  it.each(files)('%s: runs, meets its expectations, every frame has a fate', (f) => {
    const r = loadScenario(loadJson(`src/scenarios/vdp/${f}`), types);
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    expect(r.scenario.expect.length).toBeGreaterThan(0);
    const t = runScenario(r.scenario, types);
    for (const res of checkExpectations(r.scenario, t)) expect(res.ok, JSON.stringify(res)).toBe(true);
    for (const fate of t.fates)
      expect(
        fate.delivered.length + fate.dropped.length + fate.inFlight,
        `frame ${fate.origin}: ${fate.summary}`,
      ).toBeGreaterThan(0);
    expect(t.steps.filter((s) => s.kind === 'drop' && !s.decision).length).toBe(0);
  });
  it('the same scenario and seed give a byte-identical trace', () => {
    const r = loadScenario(loadJson('src/scenarios/vdp/frame-loss.json'), types);
    if (!r.ok) throw new Error('load');
    const a = runScenario(r.scenario, types);
    const b = runScenario(r.scenario, types);
    expect(JSON.stringify(a.steps)).toBe(JSON.stringify(b.steps));
    expect(a.frames.map((x) => Buffer.from(x).toString('hex'))).toEqual(
      b.frames.map((x) => Buffer.from(x).toString('hex')),
    );
  });
});
