// What differs between two runs of a scenario (before and after a change): each injected
// frame's fate (delivered where, dropped where and why, the nodes it went through), the
// counters, and the final state. Frames are matched by what they are, not by their ids:
// the traffic item they come from, the port that sent them, their summary, and their rank
// among frames alike, so a frame that only one run sent shows as such. Linear in the trace:
// one pass over each trace's packet column (stepsByOrigin), one over each fate list and
// one over each final state; only the frames that differ get a summary and a sort.
import type { FrameFate, Trace } from '../../engine/sim/types';
import type { StateIndex } from '../../engine/sim/state-index';
import { frameAt, nodeAt, stepCount, stepsByOrigin } from '../../engine/sim/trace-access';
import { decodeFrame, summarize as frameSummary } from '../../engine/frame/decode';

/** What a run is to the diff: the trace and its state index (build-run.ts `Run` when ok). */
export interface DiffableRun {
  readonly trace: Trace;
  readonly state: StateIndex;
}

export interface Where {
  readonly node: string;
  readonly port?: string;
}

/** One frame's fate in one run, reduced to what a student compares. */
export interface FateSummary {
  /** The frame's id in its own run (its origin), to jump to its steps. */
  readonly origin: number;
  /** Its first step in its own run. */
  readonly firstStep: number;
  readonly delivered: readonly Where[];
  readonly dropped: readonly (Where & { readonly reason: string; readonly step: number })[];
  readonly inFlight: number;
  /** The nodes its copies went through, in the order they first reached them. */
  readonly through: readonly string[];
}

export interface FrameDiff {
  /** Stable across both runs: `traffic|node:port|summary|rank`. */
  readonly key: string;
  readonly summary: string;
  /** `gA:eth0`: where it was injected. */
  readonly from: string;
  readonly traffic?: number;
  /** `changed`: both runs sent it, its fate differs; `before`/`after`: only that run sent it. */
  readonly change: 'changed' | 'before' | 'after';
  readonly before?: FateSummary;
  readonly after?: FateSummary;
}

export interface CounterDiff {
  readonly node: string;
  readonly counter: string;
  readonly before?: number;
  readonly after?: number;
}

export interface StateDiff {
  readonly key: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface RunDiff {
  readonly frames: readonly FrameDiff[];
  /** Frames both runs sent whose fates are the same. */
  readonly sameFrames: number;
  readonly counters: readonly CounterDiff[];
  readonly state: readonly StateDiff[];
}

/** The nodes a frame's copies went through, in the order they first reached them (lists are short). */
function throughOf(trace: Trace, steps: Int32Array | undefined): string[] {
  const out: string[] = [];
  if (steps)
    for (let k = 0; k < steps.length; k++) {
      const n = nodeAt(trace, steps[k]);
      if (!out.includes(n)) out.push(n);
    }
  return out;
}

function summarize(trace: Trace, f: FrameFate, steps: Int32Array | undefined): FateSummary {
  return {
    origin: f.origin,
    firstStep: steps?.length ? steps[0] : -1,
    delivered: f.delivered.map(({ node, port }) => ({ node, ...(port && { port }) })),
    dropped: f.dropped.map(({ node, port, reason, step }) => ({ node, ...(port && { port }), reason, step })),
    inFlight: f.inFlight,
    through: throughOf(trace, steps),
  };
}

/** The same places, in any order (one place, the common case, needs no sorting). */
function samePlaces<T extends Where>(a: readonly T[], b: readonly T[], word: (w: T) => string): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  if (a.length === 1) return word(a[0]) === word(b[0]);
  const x = a.map(word).sort();
  const y = b.map(word).sort();
  return x.every((w, k) => w === y[k]);
}

const placeWord = (w: Where): string => (w.port ? `${w.node}:${w.port}` : w.node);
const dropWord = (w: Where & { reason: string }): string => `${placeWord(w)} ${w.reason}`;

/**
 * Two fates are the same when the same places got the frame, the same places dropped it
 * for the same reason, as many copies were left in flight, and the copies went through the
 * same nodes. Compared in place: summaries are made only for the frames that differ, since
 * a run of a million steps has hundreds of thousands of frames, nearly all alike.
 */
function sameFate(
  a: Trace,
  fa: FrameFate,
  sa: Int32Array | undefined,
  b: Trace,
  fb: FrameFate,
  sb: Int32Array | undefined,
): boolean {
  if (fa.inFlight !== fb.inFlight) return false;
  if (!samePlaces(fa.delivered, fb.delivered, placeWord) || !samePlaces(fa.dropped, fb.dropped, dropWord)) return false;
  const ta = throughOf(a, sa);
  const tb = throughOf(b, sb);
  return ta.length === tb.length && ta.every((n, k) => n === tb[k]);
}

interface Group {
  readonly node: string;
  readonly port?: string;
  /** The frame's first bytes, summarised ("ARP who-has 10.0.0.2 tell 10.0.0.1"). */
  readonly summary: string;
  readonly fates: FrameFate[];
}

/**
 * A run's frames by what they are: the traffic item at their root, the port that sent
 * them and their first bytes' summary, in the order they were injected. The k-th frame of
 * a group in one run is matched with the k-th of the same group in the other. Groups are
 * kept per traffic item (index + 1; 0 for frames no item caused), where they are few, so a
 * frame finds its group without a long key: linear in the number of frames even when, as
 * in a long run of repeated items, nearly every frame has a group of its own.
 */
function groups(trace: Trace, steps: ReadonlyMap<number, Int32Array>): Group[][] {
  const byItem: Group[][] = [];
  const summaries = new Map<number, string>();
  for (const fate of trace.fates) {
    const list = steps.get(fate.origin);
    let frame = -1;
    for (let k = 0; list && k < list.length && frame < 0; k++) frame = frameAt(trace, list[k]);
    let summary = summaries.get(frame);
    if (summary === undefined)
      summaries.set(frame, (summary = frame < 0 ? '(no bytes)' : frameSummary(decodeFrame(trace.frames[frame]))));
    const item = (byItem[(fate.traffic ?? -1) + 1] ??= []);
    let g = item.find((x) => x.node === fate.node && x.port === fate.port && x.summary === summary);
    if (!g)
      item.push((g = { node: fate.node, ...(fate.port !== undefined && { port: fate.port }), summary, fates: [] }));
    g.fates.push(fate);
  }
  return byItem;
}

const twin = (list: readonly Group[] | undefined, g: Group): Group | undefined =>
  list?.find((x) => x.node === g.node && x.port === g.port && x.summary === g.summary);

function diffFrames(a: Trace, b: Trace): { frames: FrameDiff[]; same: number } {
  const stepsA = stepsByOrigin(a);
  const stepsB = stepsByOrigin(b);
  const ga = groups(a, stepsA);
  const gb = groups(b, stepsB);
  const frames: (FrameDiff & { at: number })[] = [];
  let same = 0;
  const head = (item: number, g: Group, k: number) => {
    const from = g.port !== undefined ? `${g.node}:${g.port}` : g.node;
    return {
      key: `${item > 0 ? item - 1 : '-'}|${from}|${g.summary}|${k}`,
      summary: g.summary,
      from,
      ...(item > 0 && { traffic: item - 1 }),
    };
  };
  for (let item = 0; item < Math.max(ga.length, gb.length); item++) {
    for (const g of ga[item] ?? []) {
      const other = twin(gb[item], g)?.fates ?? [];
      g.fates.forEach((fa, k) => {
        const sa = stepsA.get(fa.origin);
        const fb = other[k];
        if (!fb) {
          frames.push({ ...head(item, g, k), change: 'before', before: summarize(a, fa, sa), at: fa.injectedAt });
          return;
        }
        const sb = stepsB.get(fb.origin);
        if (sameFate(a, fa, sa, b, fb, sb)) same++;
        else
          frames.push({
            ...head(item, g, k),
            change: 'changed',
            before: summarize(a, fa, sa),
            after: summarize(b, fb, sb),
            at: fa.injectedAt,
          });
      });
    }
    for (const g of gb[item] ?? []) {
      const mine = twin(ga[item], g)?.fates.length ?? 0;
      for (let k = mine; k < g.fates.length; k++) {
        const fb = g.fates[k];
        frames.push({
          ...head(item, g, k),
          change: 'after',
          after: summarize(b, fb, stepsB.get(fb.origin)),
          at: fb.injectedAt,
        });
      }
    }
  }
  // In the order the frames were injected (a stable sort keeps each run's own order among equal times).
  frames.sort((x, y) => x.at - y.at);
  return { frames: frames.map(({ at: _at, ...f }) => f), same };
}

function diffCounters(a: Trace, b: Trace): CounterDiff[] {
  const out: CounterDiff[] = [];
  const nodes = new Set([...Object.keys(a.counters), ...Object.keys(b.counters)]);
  for (const node of nodes) {
    const ca = a.counters[node] ?? {};
    const cb = b.counters[node] ?? {};
    for (const counter of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
      const before = Object.hasOwn(ca, counter) ? ca[counter] : undefined;
      const after = Object.hasOwn(cb, counter) ? cb[counter] : undefined;
      // A counter missing on one side reads as 0 there: devices add a counter when it first moves.
      if ((before ?? 0) !== (after ?? 0))
        out.push({ node, counter, ...(before !== undefined && { before }), ...(after !== undefined && { after }) });
    }
  }
  return out;
}

/** JSON text of a state value, keys in order, for comparing values made in two runs. */
const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as object).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : x,
  ) ?? 'undefined';

function diffState(a: DiffableRun, b: DiffableRun): StateDiff[] {
  const sa = a.state.at(stepCount(a.trace) - 1);
  const sb = b.state.at(stepCount(b.trace) - 1);
  const out: StateDiff[] = [];
  for (const [key, before] of sa) {
    const has = sb.has(key);
    const after = sb.get(key);
    if (!has) out.push({ key, before });
    else if (canon(before) !== canon(after)) out.push({ key, before, after });
  }
  for (const [key, after] of sb) if (!sa.has(key)) out.push({ key, after });
  return out;
}

/** What differs from `before` to `after`. */
export function diffRuns(before: DiffableRun, after: DiffableRun): RunDiff {
  const { frames, same } = diffFrames(before.trace, after.trace);
  return {
    frames,
    sameFrames: same,
    counters: diffCounters(before.trace, after.trace),
    state: diffState(before, after),
  };
}

/** One fate in words, a line per place: "delivered to gB:eth0", "dropped at sw:p1: No hairpin …". */
export function fateWords(f: FateSummary): string {
  const parts: string[] = [];
  if (f.delivered.length) parts.push(`delivered to ${f.delivered.map(placeWord).join(', ')}`);
  for (const d of f.dropped) parts.push(`dropped at ${placeWord(d)}: ${d.reason}`);
  if (f.inFlight) parts.push(`${f.inFlight} still in flight at the end`);
  return parts.join('\n') || 'neither delivered nor dropped';
}
