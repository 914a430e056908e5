// Queue occupancy over virtual time, from the state changes in the trace: each macvtap
// ring (`tap/<dev>/<q>`) and the port's broadcast queue (`port/bcqueue`), with the drops
// marked. d3-scale and d3-shape compute the paths; the component only draws them.
import { scaleLinear } from 'd3-scale';
import { area, curveStepAfter } from 'd3-shape';
import type { Trace } from '../../engine/sim/types';
import { thin, tickCount } from '../ticks';
import { nodeAt, stepAt, stepCount } from '../../engine/sim/trace-access';

export interface QueueSeries {
  readonly key: string;
  readonly label: string;
  readonly capacity: number;
  readonly points: readonly [number, number][];
  readonly drops: readonly number[];
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const CHART: ChartBox = { width: 460, height: 170, left: 40, right: 10, top: 10, bottom: 24 };

/**
 * The chart's box for the width it is given and the type size: margins hold tick labels at
 * `fs` px (a y label up to four digits, an x label like "12.5 ms"), so text keeps its size
 * and the plot takes what is left. Never narrower than `minWidth` (the pane scrolls).
 */
export function chartBoxFor(width: number, fs: number, minWidth = 280): ChartBox {
  return {
    width: Math.max(minWidth, Math.floor(width)),
    height: Math.round(fs * 11),
    left: Math.ceil(fs * 2.8),
    right: Math.ceil(fs * 2.2),
    top: Math.ceil(fs * 0.8),
    bottom: Math.ceil(fs * 1.9),
  };
}

export function queueSeries(trace: Trace, host: string): QueueSeries[] {
  const out = new Map<string, { label: string; capacity: number; points: [number, number][]; drops: number[] }>();
  const get = (key: string, label: string) => {
    let s = out.get(key);
    if (!s) out.set(key, (s = { label, capacity: 0, points: [[0, 0]], drops: [] }));
    return s;
  };
  // Only the host's own steps carry its queue changes: read those, not every step object.
  for (let i = 0, n = stepCount(trace); i < n; i++) {
    if (nodeAt(trace, i) !== host) continue;
    const st = stepAt(trace, i)!;
    for (const c of st.changes ?? []) {
      const m = /^([^/]+)\/tap\/([^/]+)\/(\d+)$/.exec(c.key);
      if (m && m[1] === host && typeof c.after === 'number')
        get(`tap/${m[2]}/${m[3]}`, `${m[2]} queue ${m[3]}`).points.push([st.time, c.after]);
      if (c.key === `${host}/port/bcqueue` && c.after && typeof c.after === 'object') {
        const v = c.after as { len: number; used: number };
        const s = get('bcqueue', 'broadcast queue');
        s.capacity = v.used;
        s.points.push([st.time, v.len]);
      }
    }
    const d = st.detail as
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
export function queueChart(s: QueueSeries, until: number, box: ChartBox = CHART, fs = 10): QueueChart {
  const max = Math.max(1, s.capacity, ...s.points.map((p) => p[1]));
  const last = Math.max(...s.points.map((p) => p[0]), ...s.drops);
  const end = Math.min(until, Math.max(1, last * 1.1));
  const x = scaleLinear()
    .domain([0, end])
    .range([box.left, box.width - box.right])
    .clamp(true);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([box.height - box.bottom, box.top]);
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
    // As many x ticks as labels of about six characters fit side by side with a gap.
    xTicks: thin(x.ticks(tickCount(box.width - box.left - box.right, fs)), x, fs * 5).map((t) => ({
      x: x(t),
      label: us(t),
    })),
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
