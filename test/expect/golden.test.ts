// Golden tests written in the scenario expectation language: each lab's file in golden/
// runs a bundled scenario (with extra commands where a case needs them) against
// expectations whose values come from the sources named in each "description" (kernel,
// lldpad, libvirt, iproute2, the virtio spec, the fact sheets in /work/shared/reference).
// Every expectation must hold, and must fail once its expected value is changed: the
// second test mutates each one in turn, so none of them can pass by being vacuous.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { checkExpectations, type ExpectationResult } from '../../src/engine/scenario/expect';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import type { Trace } from '../../src/engine/sim/types';
import { mutate } from './mutate';

interface Case {
  readonly scenario: string;
  readonly addTraffic?: readonly unknown[];
  readonly expect: readonly Record<string, unknown>[];
}
interface Golden {
  readonly lab: string;
  readonly cases: readonly Case[];
}

const root = new URL('../../', import.meta.url);
const dir = new URL('golden/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const LABS = ['bridge', 'qeth', 'macvlan', 'vepa', 'vdp', 'virtio'];

/** The case's scenario with its extra traffic and the given expectations. */
function scenarioOf(c: Case, expectations: readonly unknown[]): unknown {
  const json = JSON.parse(readFileSync(new URL(c.scenario, root), 'utf8'));
  return { ...json, traffic: [...(json.traffic ?? []), ...(c.addTraffic ?? [])], expect: expectations };
}

function runCase(c: Case, expectations: readonly unknown[], trace?: Trace) {
  const r = loadScenario(scenarioOf(c, expectations), deviceTypes);
  if (!r.ok) throw new Error(`${c.scenario}:\n${r.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  const t = trace ?? runScenario(r.scenario, deviceTypes);
  return { trace: t, results: checkExpectations(r.scenario, t) };
}

const failed = (rs: readonly ExpectationResult[]) => rs.filter((r) => !r.ok).map((r) => r.message);

it('every lab has a golden file with at least 3 expectations, each citing its source', () => {
  expect(files.map((f) => f.replace('.json', '')).sort()).toEqual([...LABS].sort());
  for (const f of files) {
    const g = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Golden;
    const all = g.cases.flatMap((c) => c.expect);
    expect(all.length, f).toBeGreaterThanOrEqual(3);
    for (const e of all)
      expect(typeof e.description === 'string' && e.description.length > 20, JSON.stringify(e)).toBe(true);
  }
});

for (const f of files) {
  const g = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Golden;
  describe(`golden: ${g.lab}`, () => {
    g.cases.forEach((c, ci) => {
      it(`case ${ci} (${c.scenario}): every expectation holds`, () => {
        const { results } = runCase(c, c.expect);
        expect(failed(results)).toEqual([]);
      });

      it(`case ${ci}: each expectation fails when its expected value is changed`, () => {
        const { trace } = runCase(c, []);
        c.expect.forEach((e, i) => {
          const m = mutate(e);
          const [r] = runCase(c, [m], trace).results;
          expect(r.ok, `mutant of $.expect[${i}] still holds: ${JSON.stringify(m)} -> ${r.message}`).toBe(false);
        });
      });
    });
  });
}
