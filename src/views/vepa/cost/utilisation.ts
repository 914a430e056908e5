// Link utilisation over virtual time: the fraction of each time bin a link direction spent
// serialising frames. A frame that crosses the uplink twice (VEPA with hairpin) shows up
// as twice the busy time of the same traffic in bridge mode.
import type { Busy } from './link-busy';

export interface UtilPoint {
  /** Bin start and end, ns. */
  readonly t0: number;
  readonly t1: number;
  /** 0..1 */
  readonly util: number;
}

export interface UtilSeries {
  readonly key: string;
  readonly link: string;
  readonly dir: string;
  readonly points: readonly UtilPoint[];
  /** Busy time over the whole window / window length. */
  readonly mean: number;
}

/** A time window that shows the traffic: just past the last frame on any link (at least 1 ns). */
export function activeUntil(busy: readonly Busy[]): number {
  const last = busy.reduce((m, b) => Math.max(m, b.end), 0);
  return Math.max(1, Math.ceil(last * 1.05));
}

/** Bin the busy intervals of every direction that carried anything into `bins` equal bins over [0, until]. */
export function utilisation(busy: readonly Busy[], until: number, bins = 40): UtilSeries[] {
  const span = Math.max(until, ...busy.map((b) => b.end), 1);
  const width = span / bins;
  const groups = new Map<string, Busy[]>();
  for (const b of busy) {
    const k = `${b.link}|${b.dir}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(b);
  }
  const out: UtilSeries[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const busyIn = new Array<number>(bins).fill(0);
    let total = 0;
    for (const b of list) {
      total += b.end - b.start;
      const first = Math.floor(b.start / width);
      const last = Math.min(bins - 1, Math.floor(Math.max(b.start, b.end - 1) / width));
      for (let i = first; i <= last; i++) {
        const lo = Math.max(b.start, i * width);
        const hi = Math.min(b.end, (i + 1) * width);
        if (hi > lo) busyIn[i] += hi - lo;
      }
    }
    const [link, dir] = key.split('|');
    out.push({
      key,
      link,
      dir,
      points: busyIn.map((v, i) => ({ t0: i * width, t1: (i + 1) * width, util: Math.min(1, v / width) })),
      mean: total / span,
    });
  }
  return out;
}
