// When each link was busy, rebuilt from the trace alone. Every transmit/inject step that
// crosses a link carries `link`; replaying the links' per-direction "busy until" clock in
// step order (exactly what sim/links.ts does) gives the serialisation interval of each
// frame, whatever the jitter. Utilisation charts and the crossings count read this.
import { wireBytes } from '../../../engine/sim/links';
import type { Step, Trace } from '../../../engine/sim/types';
import { kindAt, stepAt, stepCount } from '../../../engine/sim/trace-access';

export interface Busy {
  readonly step: number;
  readonly link: string;
  /** `<node>:<port>` the frame left from: one direction of the link. */
  readonly dir: string;
  readonly start: number;
  readonly end: number;
  readonly bits: number;
  readonly origin?: number;
  readonly traffic?: number;
}

const crosses = (s: Step): boolean => (s.kind === 'transmit' || s.kind === 'inject') && s.link !== undefined;

/** Every serialisation on every link, in step order. */
export function busyIntervals(trace: Trace): Busy[] {
  const bw = new Map(trace.topology.links.map((l) => [l.id, l.bandwidthBps]));
  const busyUntil = new Map<string, number>();
  const trafficOf = new Map<number, number>();
  for (const f of trace.fates) if (f.traffic !== undefined) trafficOf.set(f.origin, f.traffic);
  const out: Busy[] = [];
  // Only transmits and injections cross a link: the kind column picks them without making
  // every step object.
  for (let i = 0, n = stepCount(trace); i < n; i++) {
    const kind = kindAt(trace, i);
    if (kind !== 'transmit' && kind !== 'inject') continue;
    const s = stepAt(trace, i)!;
    if (!crosses(s)) continue;
    const l = s.link!;
    const dir = `${l.from.node}:${l.from.port}`;
    const len = s.frame !== undefined ? trace.frames[s.frame].length : 60;
    const bits = wireBytes(len) * 8;
    const key = `${l.id}|${dir}`;
    const start = Math.max(s.time, busyUntil.get(key) ?? 0);
    const end = start + Math.round((bits / (bw.get(l.id) ?? 1e9)) * 1e9);
    busyUntil.set(key, end);
    const origin = s.packet?.origin;
    out.push({
      step: s.index,
      link: l.id,
      dir,
      start,
      end,
      bits,
      ...(origin !== undefined && { origin }),
      ...(origin !== undefined && trafficOf.has(origin) && { traffic: trafficOf.get(origin) }),
    });
  }
  return out;
}

/** Total bits per `link|dir`: must equal the engine's own `trace.counters['link:<id>']`. */
export function bitsPerDirection(busy: readonly Busy[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of busy) m.set(`${b.link}|${b.dir}`, (m.get(`${b.link}|${b.dir}`) ?? 0) + b.bits);
  return m;
}

/** How many of `busy` (in step order) started at or before step `cursor`: a binary search. */
export function countUpTo(busy: readonly Busy[], cursor: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (busy[mid].step <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
