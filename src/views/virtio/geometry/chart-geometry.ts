// The throughput chart's geometry: log-scaled frame size against MB/s of virtual time,
// one line per design and direction. d3-scale and d3-shape compute; Svelte draws.
import { scaleLog, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { max } from 'd3-array';

export interface Point {
  readonly frameLen: number;
  readonly mbps: number;
}

export interface Series {
  readonly key: string;
  readonly points: readonly Point[];
}

export interface ChartGeometry {
  readonly paths: { key: string; d: string; dots: { x: number; y: number; label: string }[] }[];
  readonly xTicks: { x: number; label: string }[];
  readonly yTicks: { y: number; label: string }[];
  readonly width: number;
  readonly height: number;
  readonly margin: { top: number; right: number; bottom: number; left: number };
}

/** Margins come from the type size (`font` CSS px) so tick labels fit; the chart is drawn 1:1. */
export function chartGeometry(series: readonly Series[], width = 520, height = 260, font = 12): ChartGeometry {
  const margin = { top: font, right: font * 1.5, bottom: font * 3, left: font * 4.5 };
  const all = series.flatMap((s) => s.points);
  const x = scaleLog()
    .domain([Math.min(64, ...all.map((p) => p.frameLen)), Math.max(65536, ...all.map((p) => p.frameLen))])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, (max(all, (p) => p.mbps) ?? 1) * 1.1 || 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const mk = line<Point>()
    .x((p) => x(p.frameLen))
    .y((p) => y(p.mbps));
  return {
    width,
    height,
    margin,
    paths: series.map((s) => ({
      key: s.key,
      d: mk([...s.points]) ?? '',
      dots: s.points.map((p) => ({
        x: x(p.frameLen),
        y: y(p.mbps),
        label: `${p.frameLen} B: ${p.mbps.toFixed(1)} MB/s`,
      })),
    })),
    xTicks: [64, 256, 1024, 4096, 16384, 65536].map((v) => ({
      x: x(v),
      label: v >= 1024 ? `${v / 1024}K` : String(v),
    })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), label: String(v) })),
  };
}
