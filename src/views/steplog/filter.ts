// Which steps the log shows: the ones up to the cursor that pass the node, layer and frame
// filters, newest last, capped so a 100,000-step trace never builds 100,000 rows.
import type { Step, Trace } from '../../engine/sim/types';

export interface LogFilter {
  readonly node: string; // '' = any
  readonly layer: string;
  /** Injected frame (packet origin) as a string; '' = any. */
  readonly frame: string;
}

export const NO_FILTER: LogFilter = { node: '', layer: '', frame: '' };

export function filterSteps(trace: Trace, cursor: number, f: LogFilter, cap = 250): { rows: Step[]; hidden: number } {
  const rows: Step[] = [];
  let matched = 0;
  const origin = f.frame === '' ? undefined : Number(f.frame);
  for (let i = Math.min(cursor, trace.steps.length - 1); i >= 0; i--) {
    const s = trace.steps[i];
    if (f.node && s.node !== f.node) continue;
    if (f.layer && s.layer !== f.layer) continue;
    if (origin !== undefined && s.packet?.origin !== origin) continue;
    matched++;
    if (rows.length < cap) rows.push(s);
  }
  return { rows: rows.reverse(), hidden: matched - rows.length };
}

export function filterOptions(trace: Trace): {
  nodes: string[];
  layers: string[];
  frames: { value: string; label: string }[];
} {
  const nodes = new Set<string>();
  const layers = new Set<string>();
  for (const s of trace.steps) {
    nodes.add(s.node);
    layers.add(s.layer);
  }
  const frames = trace.fates.map((f) => ({
    value: String(f.origin),
    label: `#${f.origin} from ${f.node}${f.traffic !== undefined ? ` (traffic ${f.traffic})` : ''}`,
  }));
  return { nodes: [...nodes].sort(), layers: [...layers].sort(), frames };
}

/** One sentence for screen readers: where we are and what was decided. */
export function announce(trace: Trace, cursor: number): string {
  if (cursor < 0) return `Before the first step. ${trace.steps.length} steps in this trace.`;
  const s = trace.steps[cursor];
  return `Step ${cursor + 1} of ${trace.steps.length}, ${s.node}${s.port ? ` port ${s.port}` : ''}, ${s.kind}: ${s.decision} Source: ${s.source}.`;
}

/** Virtual time for a student: nanoseconds scaled to the largest unit that keeps it short. */
export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${+(ns / 1e3).toFixed(3)} µs`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(3)} ms`;
  return `${+(ns / 1e9).toFixed(3)} s`;
}
