// Checks a scenario's own expectations against its trace: what the CLI reports and
// what makes it exit non-zero. Each result names the expectation's JSON path, says what
// was expected and, when it does not hold, what happened instead (the nearest step).
import type { Expectation, Scenario } from '../sim/scenario-types';
import type { Trace } from '../sim/types';
import { StateIndex } from '../sim/state-index';
import { checkFrame, checkOrder, checkReturns, checkStep, checkStateAt } from './expect-trace';

export interface ExpectationResult {
  readonly expectation: Expectation;
  /** JSON path of the expectation in the scenario, e.g. `$.expect[3]`. */
  readonly path: string;
  readonly ok: boolean;
  readonly message: string;
}

export function checkExpectations(scenario: Scenario, trace: Trace): ExpectationResult[] {
  let index: StateIndex | undefined;
  const states = (): StateIndex => (index ??= new StateIndex(trace));
  return scenario.expect.map((e, i): ExpectationResult => {
    const path = `$.expect[${i}]`;
    const r = check(e, trace, states);
    return { expectation: e, path: r.sub ? `${path}.${r.sub}` : path, ok: r.ok, message: `${path}: ${r.message}` };
  });
}

export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
  /** The key within the expectation the failure is about (`order`, `fields`), if any. */
  readonly sub?: string;
}

function check(e: Expectation, trace: Trace, states: () => StateIndex): Outcome {
  switch (e.kind) {
    case 'delivered': {
      const fates = trace.fates.filter((f) => f.traffic === e.traffic);
      const got = [...new Set(fates.flatMap((f) => f.delivered.map((d) => d.node)))].sort();
      const want = [...e.nodes].sort();
      const ok = e.exactly ? sameList(got, want) : want.every((n) => got.includes(n));
      return {
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
        ok: match !== undefined,
        message: `traffic #${e.traffic} dropped${where}: ${match ? 'yes' : `no${drops.length ? ` (drops: ${drops.map((d) => `${d.node}: ${d.reason}`).join('; ')})` : ' (not dropped)'}`}`,
      };
    }
    case 'counter': {
      const got = trace.counters[e.node]?.[e.counter] ?? 0;
      return {
        ok: got === e.equals,
        message: `counter ${e.node}.${e.counter} = ${e.equals}: ${got === e.equals ? 'yes' : `no, it is ${got}`}`,
      };
    }
    case 'state':
      return checkStateAt({ kind: 'state-at', key: e.key, want: { equals: e.equals } }, trace, states());
    case 'state-at':
      return checkStateAt(e, trace, states());
    case 'step':
      return checkStep(e, trace);
    case 'order':
      return checkOrder(e, trace);
    case 'returns':
      return checkReturns(e, trace);
    case 'frame':
      return checkFrame(e, trace);
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
