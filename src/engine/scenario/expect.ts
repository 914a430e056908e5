// Checks a scenario's own expectations against its trace: what the CLI reports and
// what makes it exit non-zero. Each result says what was expected and what happened.
import type { Expectation, Scenario } from '../sim/scenario-types';
import type { Trace } from '../sim/types';
import { StateIndex } from '../sim/state-index';

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly ok: boolean;
  readonly message: string;
}

export function checkExpectations(scenario: Scenario, trace: Trace): ExpectationResult[] {
  let finalState: ReadonlyMap<string, unknown> | undefined;
  const stateAtEnd = (): ReadonlyMap<string, unknown> =>
    (finalState ??= new StateIndex(trace).at(trace.steps.length - 1));
  return scenario.expect.map((e): ExpectationResult => {
    switch (e.kind) {
      case 'delivered': {
        const fates = trace.fates.filter((f) => f.traffic === e.traffic);
        const got = [...new Set(fates.flatMap((f) => f.delivered.map((d) => d.node)))].sort();
        const want = [...e.nodes].sort();
        const ok = e.exactly ? sameList(got, want) : want.every((n) => got.includes(n));
        return {
          expectation: e,
          ok,
          message: `traffic #${e.traffic} delivered to ${want.join(', ') || 'nobody'}${e.exactly ? '' : ' (at least)'}: ${ok ? 'yes' : `no, delivered to ${got.join(', ') || 'nobody'}`}`,
        };
      }
      case 'dropped': {
        const drops = trace.fates.filter((f) => f.traffic === e.traffic).flatMap((f) => f.dropped);
        const match = drops.find(
          (d) =>
            (e.node === undefined || d.node === e.node) &&
            (e.reasonIncludes === undefined || d.reason.includes(e.reasonIncludes)),
        );
        const where = `${e.node ? ` at ${e.node}` : ''}${e.reasonIncludes ? ` because "${e.reasonIncludes}"` : ''}`;
        return {
          expectation: e,
          ok: match !== undefined,
          message: `traffic #${e.traffic} dropped${where}: ${match ? 'yes' : `no${drops.length ? ` (drops: ${drops.map((d) => `${d.node}: ${d.reason}`).join('; ')})` : ' (not dropped)'}`}`,
        };
      }
      case 'counter': {
        const got = trace.counters[e.node]?.[e.counter] ?? 0;
        return {
          expectation: e,
          ok: got === e.equals,
          message: `counter ${e.node}.${e.counter} = ${e.equals}: ${got === e.equals ? 'yes' : `no, it is ${got}`}`,
        };
      }
      case 'state': {
        const got = stateAtEnd().get(e.key);
        const ok = JSON.stringify(got) === JSON.stringify(e.equals);
        return {
          expectation: e,
          ok,
          message: `state ${e.key} = ${JSON.stringify(e.equals)}: ${ok ? 'yes' : `no, it is ${got === undefined ? 'unset' : JSON.stringify(got)}`}`,
        };
      }
    }
  });
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
