// Queue occupancy over virtual time, from the state changes in the trace: each macvtap
// ring (`tap/<dev>/<q>`) and the port's broadcast queue (`port/bcqueue`), with the drops
// marked. d3-scale and d3-shape compute the paths; the component only draws them.
import { scaleLinear } from 'd3-scale';
import { area, curveStepAfter } from 'd3-shape';
import type { Trace } from '../../engine/sim/types';
import { changeColumnsOf } from '../../engine/sim/recorded-trace';
import { detailAt, nodeAt, stepCount, timeAt } from '../../engine/sim/trace-access';

export interface QueueSeries {
  readonly key: string;
  readonly label: string;
  readonly capacity: number;
  readonly points: readonly [number, number][];
  readonly drops: readonly number[];
}

export const CHART = { width: 460, height: 170, left: 40, right: 10, top: 10, bottom: 24 } as const;

export function queueSeries(trace: Trace, host: string): QueueSeries[] {
  const out = new Map<string, { label: string; capacity: number; points: [number, number][]; drops: number[] }>();
  const get = (key: string, label: string) => {
    let s = out.get(key);
    if (!s) out.set(key, (s = { label, capacity: 0, points: [[0, 0]], drops: [] }));
    return s;
  };
  // The change log and the node column, not Step objects: one pass, each key's name matched once.
  const log = changeColumnsOf(trace);
  const keyMatch: (RegExpExecArray | null | undefined)[] = [];
  let from = 0;
  for (let i = 0, n = stepCount(trace); i < n; i++) {
    const st = { time: timeAt(trace, i), node: nodeAt(trace, i) };
    const end = log.end(i);
    for (let c = from; c < end; c++) {
      const k = log.keyOf(c);
      const key = log.keyName(k);
      const after = log.after(c);
      const m = keyMatch[k] === undefined ? (keyMatch[k] = /^([^/]+)\/tap\/([^/]+)\/(\d+)$/.exec(key)) : keyMatch[k];
      if (m && m[1] === host && typeof after === 'number')
        get(`tap/${m[2]}/${m[3]}`, `${m[2]} queue ${m[3]}`).points.push([st.time, after]);
      if (key === `${host}/port/bcqueue` && after && typeof after === 'object') {
        const v = after as { len: number; used: number };
        const s = get('bcqueue', 'broadcast queue');
        s.capacity = v.used;
        s.points.push([st.time, v.len]);
      }
    }
    from = end;
    if (st.node !== host) continue;
    const d = detailAt(trace, i) as
      { tap?: string; queue?: number; cap?: number; overflow?: boolean; bcqueue?: number; used?: number } | undefined;
    if (st.node === host && d?.tap !== undefined && d.queue !== undefined && d.cap !== undefined) {
      const s = get(`tap/${d.tap}/${d.queue}`, `${d.tap} queue ${d.queue}`);
      s.capacity = d.cap;
      if (d.overflow) s.drops.push(st.time);
    }
    if (st.node === host && d?.overflow && d.bcqueue !== undefined)
      get('bcqueue', 'broadcast queue').drops.push(st.time);
  }
  // A broadcast queue that never held more than one frame is not worth a chart.
  return [...out.entries()]
    .filter(([key, s]) => s.drops.length || s.points.some((p) => p[1] > (key === 'bcqueue' ? 1 : 0)))
    .map(([key, s]) => ({ key, ...s }));
}

export interface QueueChart {
  readonly d: string;
  readonly capY: number;
  readonly x: (t: number) => number;
  readonly xTicks: { x: number; label: string }[];
  readonly yTicks: { y: number; label: string }[];
  readonly dropXs: number[];
}

/** The chart spans the queue's activity (to its last change, plus a margin), not the whole run. */
export function queueChart(s: QueueSeries, until: number): QueueChart {
  const max = Math.max(1, s.capacity, ...s.points.map((p) => p[1]));
  const last = Math.max(...s.points.map((p) => p[0]), ...s.drops);
  const end = Math.min(until, Math.max(1, last * 1.1));
  const x = scaleLinear()
    .domain([0, end])
    .range([CHART.left, CHART.width - CHART.right])
    .clamp(true);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([CHART.height - CHART.bottom, CHART.top]);
  const pts = [...s.points, [end, s.points.at(-1)![1]] as [number, number]];
  const d =
    area<[number, number]>()
      .x((p) => x(p[0]))
      .y0(y(0))
      .y1((p) => y(p[1]))
      .curve(curveStepAfter)(pts) ?? '';
  const us = (t: number) => (t >= 1e6 ? `${(t / 1e6).toFixed(1)} ms` : `${Math.round(t / 1e3)} µs`);
  return {
    d,
    capY: y(s.capacity),
    x: (t) => x(t),
    xTicks: x.ticks(5).map((t) => ({ x: x(t), label: us(t) })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), label: String(v) })),
    dropXs: s.drops.map((t) => x(t)),
  };
}

/** Occupancy at time `t` (the last point at or before it). */
export function valueAt(s: QueueSeries, t: number): number {
  let v = 0;
  for (const [pt, pv] of s.points) if (pt <= t) v = pv;
  return v;
}
