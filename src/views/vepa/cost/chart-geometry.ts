// d3 maths for the cost charts (scales and paths), kept out of the components so Node
// tests can check the numbers. Svelte draws what these return.
import { scaleBand, scaleLinear, line, curveStepAfter } from 'd3';
import type { UtilSeries } from './utilisation';
import { thin, tickCount } from '../../ticks';

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const CHART: ChartBox = { width: 520, height: 150, left: 44, right: 10, top: 10, bottom: 26 };

/**
 * The utilisation chart's box for the width it gets and the type size: margins hold "100%"
 * and an x label like "12.5 µs" at `fs` px, the plot takes the rest (never under `minWidth`).
 */
export function utilBoxFor(width: number, fs: number, minWidth = 280): ChartBox {
  return {
    width: Math.max(minWidth, Math.floor(width)),
    height: Math.round(fs * 10),
    left: Math.ceil(fs * 3),
    right: Math.ceil(fs * 2.6),
    top: Math.ceil(fs * 0.8),
    bottom: Math.ceil(fs * 1.9),
  };
}

export interface UtilPaths {
  readonly paths: readonly { key: string; d: string; mean: number }[];
  readonly xTicks: readonly { x: number; label: string }[];
  readonly yTicks: readonly { y: number; label: string }[];
  readonly x: (t: number) => number;
}

export function utilPaths(series: readonly UtilSeries[], until: number, box: ChartBox = CHART, fs = 10): UtilPaths {
  const x = scaleLinear()
    .domain([0, Math.max(until, 1)])
    .range([box.left, box.width - box.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([box.height - box.bottom, box.top]);
  const mk = line<{ t: number; u: number }>()
    .x((p) => x(p.t))
    .y((p) => y(p.u))
    .curve(curveStepAfter);
  const paths = series.map((s) => {
    const pts = s.points.map((p) => ({ t: p.t0, u: p.util }));
    const lastPt = s.points[s.points.length - 1];
    if (lastPt) pts.push({ t: lastPt.t1, u: lastPt.util });
    return { key: s.key, d: mk(pts) ?? '', mean: s.mean };
  });
  const unit = until >= 1e6 ? { div: 1e6, name: 'ms' } : { div: 1e3, name: 'µs' };
  const xTicks = thin(x.ticks(tickCount(box.width - box.left - box.right, fs, 7)), x, fs * 6).map((t) => ({
    x: x(t),
    label: `${+(t / unit.div).toFixed(2)} ${unit.name}`,
  }));
  const yTicks = [0, 0.5, 1].map((u) => ({ y: y(u), label: `${u * 100}%` }));
  return { paths, xTicks, yTicks, x: (t: number) => x(t) };
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Horizontal bars for one measure across runs (crossings, latency): d3 band and linear scales. */
export function bars(
  items: readonly { label: string; value: number }[],
  box: ChartBox = { width: 260, height: 90, left: 100, right: 56, top: 4, bottom: 4 },
): Bar[] {
  const y = scaleBand<string>()
    .domain(items.map((i) => i.label))
    .range([box.top, box.height - box.bottom])
    .padding(0.25);
  // NaN marks a run with nothing to measure (no delivery, so no latency): no bar.
  const max = Math.max(1e-9, ...items.map((i) => (Number.isFinite(i.value) ? i.value : 0)));
  const x = scaleLinear()
    .domain([0, max])
    .range([0, box.width - box.left - box.right]);
  return items.map((i) => ({
    label: i.label,
    value: i.value,
    x: box.left,
    y: y(i.label) ?? 0,
    w: Number.isFinite(i.value) ? x(i.value) : 0,
    h: y.bandwidth(),
  }));
}
