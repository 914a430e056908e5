// Turns scenario JSON into a run the views read: validate (issues with JSON paths, never a
// stack trace), simulate, index the state. Used inside the engine worker, by the tests,
// and on the main thread only where no worker can start.
import { deviceTypes } from '../../engine/devices/registry';
import { loadScenario } from '../../engine/scenario/load';
import { runScenario } from '../../engine/sim/simulator';
import { StateIndex, type StateIndexData } from '../../engine/sim/state-index';
import type { Issue } from '../../engine/scenario/issues';
import { checkExpectations } from '../../engine/scenario/expect';
import type { TraceData } from '../../engine/sim/trace-data';
import type { Trace } from '../../engine/sim/types';

/** One of the scenario's expectations judged against the run (a challenge's goal). */
export interface Check {
  readonly ok: boolean;
  /** The checker's words, without the `$.expect[i]: ` it starts with. */
  readonly message: string;
}

export type Run =
  | {
      readonly ok: true;
      readonly trace: Trace;
      readonly state: StateIndex;
      readonly description: string;
      /** Only when asked for (`grade`): each of the scenario's `expect` entries, in order. */
      readonly checks?: readonly Check[];
    }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

/** A run without its state index. */
export type Simulated =
  | { readonly ok: true; readonly trace: Trace; readonly description: string; readonly checks?: readonly Check[] }
  | Extract<Run, { ok: false }>;

/** A run as the engine worker posts it: the trace's columns as plain data (trace-data.ts). */
export type Posted =
  | {
      readonly ok: true;
      readonly data: TraceData;
      readonly index?: StateIndexData;
      readonly description: string;
      readonly checks?: readonly Check[];
    }
  | Extract<Run, { ok: false }>;

/**
 * Load and run; with `grade`, also judge the scenario's `expect` list with the engine's
 * checker (expect.ts), as the CLI does: how a challenge's goal is graded.
 */
export function simulate(json: unknown, what = 'The scenario', grade = false): Simulated {
  const loaded = loadScenario(json, deviceTypes);
  if (!loaded.ok) return { ok: false, title: `${what} has problems and cannot run`, issues: loaded.issues };
  try {
    const trace = runScenario(loaded.scenario, deviceTypes);
    const description = loaded.scenario.description;
    if (!grade) return { ok: true, trace, description };
    const checks = checkExpectations(loaded.scenario, trace).map((r): Check => ({
      ok: r.ok,
      message: r.message.replace(/^\$\.expect\[\d+\][^:]*: /, ''),
    }));
    return { ok: true, trace, description, checks };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      ok: false,
      title: `${what} stopped with an engine error`,
      issues: [{ path: '$', message, hint: 'this is a bug in a device model; please report it with the scenario' }],
    };
  }
}

export const indexRun = (s: Simulated): Run => (s.ok ? { ...s, state: new StateIndex(s.trace) } : s);

export function buildRun(json: unknown, what = 'The scenario', grade = false): Run {
  return indexRun(simulate(json, what, grade));
}
