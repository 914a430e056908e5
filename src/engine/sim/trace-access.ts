// Reading one step of a trace without making all of them. A RecordedTrace (fresh from the
// engine) answers from its columns; a plain Trace (a copy, a test fixture) from its array.
// Views and lesson code use these, never `trace.steps`, so a long trace stays columns.
import { RecordedTrace } from './recorded-trace';
import type { FateHead } from './fate-store';
import type { Layer, Step, StepKind, Time, Trace } from './types';

export function stepCount(t: Trace): number {
  return t instanceof RecordedTrace ? t.stepCount : t.steps.length;
}

/** Step i, or undefined outside the trace. */
export function stepAt(t: Trace, i: number): Step | undefined {
  if (!Number.isInteger(i) || i < 0 || i >= stepCount(t)) return undefined;
  return t instanceof RecordedTrace ? t.step(i) : t.steps[i];
}

export function nodeAt(t: Trace, i: number): string {
  return t instanceof RecordedTrace ? t.nodeAt(i) : t.steps[i].node;
}

export function portAt(t: Trace, i: number): string | undefined {
  return t instanceof RecordedTrace ? t.portAt(i) : t.steps[i].port;
}

export function kindAt(t: Trace, i: number): StepKind {
  return t instanceof RecordedTrace ? t.kindAt(i) : t.steps[i].kind;
}

export function layerAt(t: Trace, i: number): Layer {
  return t instanceof RecordedTrace ? t.layerAt(i) : t.steps[i].layer;
}

export function timeAt(t: Trace, i: number): Time {
  return t instanceof RecordedTrace ? t.timeAt(i) : t.steps[i].time;
}

export function sourceAt(t: Trace, i: number): string {
  return t instanceof RecordedTrace ? t.sourceAt(i) : t.steps[i].source;
}

/** Step i's packet copy, or 0 when it has none. */
export function pidAt(t: Trace, i: number): number {
  return t instanceof RecordedTrace ? t.pidAt(i) : (t.steps[i].packet?.pid ?? 0);
}

/** Step i's index into `frames`, or -1 when it carries no bytes. */
export function frameAt(t: Trace, i: number): number {
  return t instanceof RecordedTrace ? t.frameAt(i) : (t.steps[i].frame ?? -1);
}

/** The first step at or after `from` whose node and kind satisfy `match`, or -1; a long trace is scanned by its columns. */
export function nextStepWhere(t: Trace, from: number, match: (node: string, kind: StepKind) => boolean): number {
  if (t instanceof RecordedTrace) return t.nextWhere(from, match);
  for (let i = Math.max(0, from); i < t.steps.length; i++) if (match(t.steps[i].node, t.steps[i].kind)) return i;
  return -1;
}

/** The distinct nodes or layers over all steps (a trace with columns reads its sites, not its steps). */
export function distinctOf(t: Trace, what: 'node' | 'layer'): string[] {
  if (t instanceof RecordedTrace) return t.distinct(what);
  return [...new Set(t.steps.map((s) => s[what]))];
}

/** Each injected frame's origin, node, traffic item and cause, without making (and wording) the fates. */
export function fateHeads(t: Trace): FateHead[] {
  if (t instanceof RecordedTrace) return t.fateHeads();
  return t.fates.map(({ origin, node, traffic, cause }) => ({ origin, node, traffic, cause }));
}

/** Step i's injected frame (its packet copy's origin), or -1 when it has no packet. */
export function originAt(t: Trace, i: number): number {
  return t instanceof RecordedTrace ? t.originAt(i) : (t.steps[i].packet?.origin ?? -1);
}

/** When the copy step i puts on a link arrives; NaN when the step crosses no link. */
export function arrivesAt(t: Trace, i: number): Time {
  return t instanceof RecordedTrace ? t.arrivesAt(i) : (t.steps[i].link?.arrives ?? NaN);
}

/** Step i's detail, without making the step when the trace has columns. */
export function detailAt(t: Trace, i: number): Step['detail'] {
  return t instanceof RecordedTrace ? t.detailAt(i) : t.steps[i].detail;
}

/**
 * Every step whose node, kind and layer satisfy `match`, in order: one pass over the columns
 * (`match` asked once per site), for a view's index built once per trace.
 */
export function stepsWhere(t: Trace, match: (node: string, kind: StepKind, layer: Layer) => boolean): Int32Array {
  if (t instanceof RecordedTrace) return t.allWhere(match);
  const out: number[] = [];
  t.steps.forEach((s, i) => match(s.node, s.kind, s.layer) && out.push(i));
  return Int32Array.from(out);
}

/** How many entries of the ascending `list` are at or below `i` (so list[k - 1] is the last of them). */
export function countUpTo(list: ArrayLike<number>, i: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byOriginCache = new WeakMap<Trace, ReadonlyMap<number, Int32Array>>();

/**
 * The steps of each injected frame's copies (by origin; -1: the steps with no packet), in
 * order: one pass over the packet column, made once per trace and kept beside it. A view that asks "which steps
 * did this frame take" per frame stays linear in the trace.
 */
export function stepsByOrigin(t: Trace): ReadonlyMap<number, Int32Array> {
  let m = byOriginCache.get(t);
  if (m) return m;
  const lists = new Map<number, number[]>();
  for (let i = 0, n = stepCount(t); i < n; i++) {
    const o = originAt(t, i);
    let l = lists.get(o);
    if (!l) lists.set(o, (l = []));
    l.push(i);
  }
  m = new Map([...lists].map(([o, l]) => [o, Int32Array.from(l)]));
  byOriginCache.set(t, m);
  return m;
}

const withDetailCache = new WeakMap<Trace, Map<string, Int32Array>>();

/**
 * The steps of `node` whose detail has the field `field`, in order: found once per trace
 * (the node column picks the node's steps, only their details are read) and kept, so a
 * view looking for "the latest such step before the cursor" binary-searches this list.
 */
export function stepsWithDetail(t: Trace, node: string, field: string): Int32Array {
  let m = withDetailCache.get(t);
  if (!m) withDetailCache.set(t, (m = new Map()));
  const key = `${node}\u0000${field}`;
  let l = m.get(key);
  if (!l) {
    const mine = stepsWhere(t, (n) => n === node);
    m.set(key, (l = mine.filter((i) => detailAt(t, i)?.[field] !== undefined)));
  }
  return l;
}
