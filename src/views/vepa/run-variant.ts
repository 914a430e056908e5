// Runs one scenario variant for the side-by-side view: validate, simulate, report
// problems as text (never a stack trace in the page).
import { deviceTypes } from '../../engine/devices/registry';
import { loadScenario } from '../../engine/scenario/load';
import { formatIssues } from '../../engine/scenario/issues';
import { runScenario } from '../../engine/sim/simulator';
import type { Trace } from '../../engine/sim/types';
import { stepCount } from '../../engine/sim/trace-access';

export type VariantRun = { ok: true; label: string; trace: Trace } | { ok: false; label: string; error: string };

export function runVariant(label: string, json: unknown): VariantRun {
  const r = loadScenario(json, deviceTypes);
  if (!r.ok) return { ok: false, label, error: formatIssues(r.issues) };
  try {
    return { ok: true, label, trace: runScenario(r.scenario, deviceTypes) };
  } catch (e) {
    return { ok: false, label, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** The run the shared cursor walks: the one with the most steps. */
export function leaderIndex(runs: readonly VariantRun[]): number {
  let best = 0;
  runs.forEach((r, i) => {
    const b = runs[best];
    if (r.ok && (!b.ok || stepCount(r.trace) > stepCount(b.trace))) best = i;
  });
  return best;
}
