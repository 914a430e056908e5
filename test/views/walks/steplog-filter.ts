// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// Which steps the log shows: the ones up to the cursor that pass the node, layer and frame
// filters, newest last, capped so a 100,000-step trace never builds 100,000 rows. Filters
// read the trace's columns; only the rows shown become Step objects.
import type { Step, Trace } from '../../../src/engine/sim/types';
import { layerAt, nodeAt, stepAt, stepCount } from '../../../src/engine/sim/trace-access';

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
  const rows: Step[] = [];
  let matched = 0;
  const origin = f.frame === '' ? undefined : Number(f.frame);
  for (let i = Math.min(cursor, stepCount(trace) - 1); i >= 0; i--) {
    if (f.node && nodeAt(trace, i) !== f.node) continue;
    if (f.layer && layerAt(trace, i) !== f.layer) continue;
    // Once the rows are full, a frame filter would need every older step's packet: stop
    // counting there rather than making them all.
    if (origin !== undefined && rows.length >= cap) return { rows: rows.reverse(), hidden: 0, capped: true };
    const s = origin !== undefined || rows.length < cap ? stepAt(trace, i)! : undefined;
    if (origin !== undefined && s?.packet?.origin !== origin) continue;
    matched++;
    if (rows.length < cap) rows.push(s!);
  }
  return { rows: rows.reverse(), hidden: matched - rows.length, capped: false };
}

export function filterOptions(trace: Trace): {
  nodes: string[];
  layers: string[];
  frames: { value: string; label: string }[];
} {
  const nodes = new Set<string>();
  const layers = new Set<string>();
  for (let i = 0, n = stepCount(trace); i < n; i++) {
    nodes.add(nodeAt(trace, i));
    layers.add(layerAt(trace, i));
  }
  const frames = trace.fates.map((f) => ({
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
