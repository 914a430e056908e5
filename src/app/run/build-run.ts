// Turns scenario JSON into a run the views read: validate (issues with JSON paths, never a
// stack trace), simulate, index the state. Imported only by pages that show a lab, so the
// engine and every device type stay out of the home page's bundle.
import { deviceTypes } from '../../engine/devices/registry';
import { loadScenario } from '../../engine/scenario/load';
import { runScenario } from '../../engine/sim/simulator';
import { StateIndex } from '../../engine/sim/state-index';
import type { Issue } from '../../engine/scenario/issues';
import type { Trace } from '../../engine/sim/types';

export type Run =
  | { readonly ok: true; readonly trace: Trace; readonly state: StateIndex; readonly description: string }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

export function buildRun(json: unknown, what = 'The scenario'): Run {
  const loaded = loadScenario(json, deviceTypes);
  if (!loaded.ok) return { ok: false, title: `${what} has problems and cannot run`, issues: loaded.issues };
  try {
    const trace = runScenario(loaded.scenario, deviceTypes);
    return { ok: true, trace, state: new StateIndex(trace), description: loaded.scenario.description };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, title: `${what} stopped with an engine error`, issues: [{ path: '$', message, hint: 'this is a bug in a device model; please report it with the scenario' }] };
  }
}

/** Loads lazily-imported JSON and runs it; a failed fetch (offline, missing chunk) is reported too. */
export async function loadAndRun(load: () => Promise<unknown>, what?: string): Promise<Run> {
  let json: unknown;
  try {
    json = await load();
  } catch (e) {
    return { ok: false, title: `${what ?? 'The scenario'} could not be loaded`, issues: [{ path: '$', message: e instanceof Error ? e.message : String(e), hint: 'check the network connection and reload the page' }] };
  }
  return buildRun(json, what);
}
