// Which steps the log shows: the ones up to the cursor that pass the node, layer and frame
// filters, newest last, capped so a 100,000-step trace never builds 100,000 rows. Filters
// read the trace's columns; only the rows shown become Step objects. `hidden` counts the
// earlier matches exactly; `capped` (earlier matches not counted) no longer happens.
import type { Step, Trace } from '../../engine/sim/types';
import {
  countUpTo,
  distinctOf,
  fateHeads,
  layerAt,
  nodeAt,
  stepAt,
  stepCount,
  stepsByOrigin,
  stepsWhere,
} from '../../engine/sim/trace-access';

export interface LogFilter {
  readonly node: string; // '' = any
  readonly layer: string;
  /** Injected frame (packet origin) as a string; '' = any. */
  readonly frame: string;
}

export const NO_FILTER: LogFilter = { node: '', layer: '', frame: '' };

export function filterSteps(
  trace: Trace,
  cursor: number,
  f: LogFilter,
  cap = 250,
): { rows: Step[]; hidden: number; capped: boolean } {
  const last = Math.min(cursor, stepCount(trace) - 1);
  if (last < 0) return { rows: [], hidden: 0, capped: false };
  // The matching steps up to the cursor come from lists made once per trace and filter
  // (node and layer from the sites, a frame from its packets), so each move of the cursor
  // costs the rows shown, not a walk back to the first step.
  const origin = f.frame === '' ? undefined : Number(f.frame);
  const byPlace = f.node || f.layer ? placeList(trace, f.node, f.layer) : undefined;
  let list: ArrayLike<number> | undefined = byPlace;
  if (origin !== undefined) {
    const mine = stepsByOrigin(trace).get(origin) ?? new Int32Array(0);
    list = f.node || f.layer ? mine.filter((i) => fits(trace, i, f)) : mine;
  }
  const matched = list ? countUpTo(list, last) : last + 1;
  const rows: Step[] = [];
  for (let k = Math.max(0, matched - cap); k < matched; k++) rows.push(stepAt(trace, list ? list[k] : k)!);
  return { rows, hidden: matched - rows.length, capped: false };
}

const fits = (trace: Trace, i: number, f: LogFilter): boolean =>
  (!f.node || nodeAt(trace, i) === f.node) && (!f.layer || layerAt(trace, i) === f.layer);

const placeLists = new WeakMap<Trace, Map<string, Int32Array>>();

/** The steps at `node` (any when '') on `layer` (any when ''), once per trace and pair. */
function placeList(trace: Trace, node: string, layer: string): Int32Array {
  let m = placeLists.get(trace);
  if (!m) placeLists.set(trace, (m = new Map()));
  const key = `${node}\u0000${layer}`;
  let l = m.get(key);
  if (!l) m.set(key, (l = stepsWhere(trace, (n, _k, y) => (!node || n === node) && (!layer || y === layer))));
  return l;
}

export function filterOptions(trace: Trace): {
  nodes: string[];
  layers: string[];
  frames: { value: string; label: string }[];
} {
  // From the trace's sites and fate columns: no walk over the steps, no fate worded.
  const nodes = distinctOf(trace, 'node');
  const layers = distinctOf(trace, 'layer');
  const frames = fateHeads(trace).map((f) => ({
    value: String(f.origin),
    label: `#${f.origin} from ${f.node}${f.traffic !== undefined ? ` (traffic ${f.traffic})` : ''}`,
  }));
  return { nodes: [...nodes].sort(), layers: [...layers].sort(), frames };
}

/** One sentence for screen readers: where we are and what was decided. */
export function announce(trace: Trace, cursor: number): string {
  const n = stepCount(trace);
  const s = stepAt(trace, cursor);
  if (!s) return `Before the first step. ${n} steps in this trace.`;
  return `Step ${cursor + 1} of ${n}, ${s.node}${s.port ? ` port ${s.port}` : ''}, ${s.kind}: ${s.decision} Source: ${s.source}.`;
}

/** Virtual time for a student: nanoseconds scaled to the largest unit that keeps it short. */
export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${+(ns / 1e3).toFixed(3)} µs`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(3)} ms`;
  return `${+(ns / 1e9).toFixed(3)} s`;
}
