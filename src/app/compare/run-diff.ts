// What differs between two runs of a scenario (before and after a change): each injected
// frame's fate (delivered where, dropped where and why, the nodes it went through), the
// counters, and the final state. Frames are matched by what they are, not by their ids:
// the traffic item they come from, the port that sent them, their summary, and their rank
// among frames alike, so a frame that only one run sent shows as such. Linear in the trace:
// one pass over each trace's packet column (stepsByOrigin), one over each fate list and
// one over each final state.
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

const at = (w: Where): string => (w.port ? `${w.node}:${w.port}` : w.node);

function summarize(trace: Trace, f: FrameFate, steps: Int32Array | undefined): FateSummary {
  const through: string[] = [];
  const seen = new Set<string>();
  for (const i of steps ?? []) {
    const n = nodeAt(trace, i);
    if (!seen.has(n)) {
      seen.add(n);
      through.push(n);
    }
  }
  return {
    origin: f.origin,
    firstStep: steps?.length ? steps[0] : -1,
    delivered: f.delivered.map(({ node, port }) => ({ node, ...(port && { port }) })),
    dropped: f.dropped.map(({ node, port, reason, step }) => ({ node, ...(port && { port }), reason, step })),
    inFlight: f.inFlight,
    through,
  };
}

/** Two fates are the same when the same places got the frame and the same places dropped it for the same reason. */
function sameFate(a: FateSummary, b: FateSummary): boolean {
  const d = (s: FateSummary) => s.delivered.map(at).sort().join(',');
  const x = (s: FateSummary) =>
    s.dropped
      .map((w) => `${at(w)} ${w.reason}`)
      .sort()
      .join('\n');
  return d(a) === d(b) && x(a) === x(b) && a.inFlight === b.inFlight && a.through.join() === b.through.join();
}

interface Keyed {
  readonly key: string;
  readonly fate: FrameFate;
  /** The frame as it was sent ("ARP who-has 10.0.0.2 tell 10.0.0.1"). */
  readonly summary: string;
}

/** What the frame was when it started: its first step's bytes, decoded once per distinct frame. */
function describer(trace: Trace, steps: ReadonlyMap<number, Int32Array>): (origin: number) => string {
  const byFrame = new Map<number, string>();
  return (origin) => {
    for (const i of steps.get(origin) ?? []) {
      const f = frameAt(trace, i);
      if (f < 0) continue;
      let s = byFrame.get(f);
      if (s === undefined) byFrame.set(f, (s = frameSummary(decodeFrame(trace.frames[f]))));
      return s;
    }
    return '(no bytes)';
  };
}

/** Each fate with its matching key: rank counts earlier frames with the same item, sender and bytes. */
function keyed(trace: Trace, steps: ReadonlyMap<number, Int32Array>): Keyed[] {
  const rank = new Map<string, number>();
  const describe = describer(trace, steps);
  return trace.fates.map((fate) => {
    const summary = describe(fate.origin);
    const base = `${fate.traffic ?? '-'}|${fate.port ? `${fate.node}:${fate.port}` : fate.node}|${summary}`;
    const n = rank.get(base) ?? 0;
    rank.set(base, n + 1);
    return { key: `${base}|${n}`, fate, summary };
  });
}

function diffFrames(a: Trace, b: Trace): { frames: FrameDiff[]; same: number } {
  const stepsA = stepsByOrigin(a);
  const stepsB = stepsByOrigin(b);
  const inB = new Map(keyed(b, stepsB).map((k) => [k.key, k]));
  const frames: FrameDiff[] = [];
  const matched = new Set<string>();
  let same = 0;
  const head = ({ key, fate: f, summary }: Keyed) => ({
    key,
    summary,
    from: f.port ? `${f.node}:${f.port}` : f.node,
    ...(f.traffic !== undefined && { traffic: f.traffic }),
  });
  for (const k of keyed(a, stepsA)) {
    const before = summarize(a, k.fate, stepsA.get(k.fate.origin));
    const other = inB.get(k.key);
    if (!other) {
      frames.push({ ...head(k), change: 'before', before });
      continue;
    }
    matched.add(k.key);
    const after = summarize(b, other.fate, stepsB.get(other.fate.origin));
    if (sameFate(before, after)) same++;
    else frames.push({ ...head(k), change: 'changed', before, after });
  }
  for (const [key, k] of inB)
    if (!matched.has(key))
      frames.push({ ...head(k), change: 'after', after: summarize(b, k.fate, stepsB.get(k.fate.origin)) });
  return { frames, same };
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
  if (f.delivered.length) parts.push(`delivered to ${f.delivered.map(at).join(', ')}`);
  for (const d of f.dropped) parts.push(`dropped at ${at(d)}: ${d.reason}`);
  if (f.inFlight) parts.push(`${f.inFlight} still in flight at the end`);
  return parts.join('\n') || 'neither delivered nor dropped';
}
