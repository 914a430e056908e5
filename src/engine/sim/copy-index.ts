// Which packet copies are somewhere at a given step: the question a view that draws
// frames in flight asks at every cursor. Answering it by walking from the first step to
// the cursor makes holding → quadratic in the trace; this index is one pass over the
// packet and link columns, made once per trace, after which each cursor costs only the
// link steps still in flight around it.
import { arrivesAt, pidAt, stepCount, timeAt } from './trace-access';
import type { Trace } from './types';

const NEVER = 0x7fffffff;

class CopyIndex {
  /** Per step: the next step of the same packet copy (NEVER: none, or no packet). */
  readonly next: Int32Array;
  /** Per pid: the first step that names it. */
  readonly first: Int32Array;
  /** Steps that put a copy on a link, ascending, and when each copy arrives. */
  readonly onLink: Int32Array;
  readonly arrives: Float64Array;
  /** The longest time any copy spent on a link. */
  readonly longest: number;

  constructor(t: Trace) {
    const n = stepCount(t);
    const next = new Int32Array(n).fill(NEVER);
    let maxPid = 0;
    for (let i = 0; i < n; i++) maxPid = Math.max(maxPid, pidAt(t, i));
    const last = new Int32Array(maxPid + 1).fill(-1);
    const first = new Int32Array(maxPid + 1).fill(-1);
    const onLink: number[] = [];
    const arrives: number[] = [];
    let longest = 0;
    for (let i = 0; i < n; i++) {
      const pid = pidAt(t, i);
      if (pid === 0) continue;
      if (last[pid] >= 0) next[last[pid]] = i;
      else first[pid] = i;
      last[pid] = i;
      const a = arrivesAt(t, i);
      if (a === a) {
        onLink.push(i);
        arrives.push(a);
        longest = Math.max(longest, a - timeAt(t, i));
      }
    }
    this.next = next;
    this.first = first;
    this.onLink = Int32Array.from(onLink);
    this.arrives = Float64Array.from(arrives);
    this.longest = longest;
  }
}

const cache = new WeakMap<Trace, CopyIndex>();

function indexOf(t: Trace): CopyIndex {
  let x = cache.get(t);
  if (!x) cache.set(t, (x = new CopyIndex(t)));
  return x;
}

/**
 * The latest step, at or before `cursor`, of every packet copy that is on a link at the
 * cursor's time (its arrival still ahead) or that the cursor's own step handles; in the
 * order the copies first appeared. Exactly the copies a walk from step 0 to the cursor
 * keeping each copy's latest step would find in those two states.
 */
export function copiesAt(t: Trace, cursor: number): number[] {
  const n = stepCount(t);
  if (cursor < 0 || n === 0) return [];
  const c = Math.min(cursor, n - 1);
  const x = indexOf(t);
  const now = timeAt(t, c);
  const out: number[] = [];
  if (pidAt(t, c) !== 0) out.push(c);
  // Link steps at or before c, newest first, back to where no copy can still be in flight.
  let lo = 0;
  let hi = x.onLink.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x.onLink[mid] <= c) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) {
    const i = x.onLink[k];
    if (timeAt(t, i) < now - x.longest) break;
    if (i !== c && x.arrives[k] > now && x.next[i] > c) out.push(i);
  }
  return out.sort((a, b) => x.first[pidAt(t, a)] - x.first[pidAt(t, b)]);
}
