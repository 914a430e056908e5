// The 80-guest chart: what early demultiplexing on the card costs inside the machine
// against every guest receiving every frame (promiscuous sharing, fact sheet §1.15).
// Computed from the card's own counters (state `<card>/stats`): copies per unicast packet
// and internal copy bandwidth at the LAN's line rate. d3 scales only; Svelte draws.
import { scaleBand, scaleLinear } from 'd3-scale';

export interface CardStats {
  readonly frames: number;
  readonly bytes: number;
  readonly copies: number;
  readonly copyBytes: number;
  readonly floodCopies: number;
  readonly floodBytes: number;
  readonly unicast: number;
  readonly unicastCopies: number;
  readonly unicastBytes: number;
  readonly unicastCopyBytes: number;
  readonly guests: number;
}

export interface Bar {
  readonly key: 'demux' | 'flood';
  readonly label: string;
  readonly value: number;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Panel {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly ticks: readonly { readonly y: number; readonly label: string }[];
  readonly x0: number;
}

export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  readonly panels: readonly Panel[];
}

const fmt = (v: number): string => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

export function figures(s: CardStats, lineRateBps: number) {
  const perUnicastDemux = s.unicast ? s.unicastCopies / s.unicast : 0;
  const perUnicastFlood = s.unicast ? s.guests : 0;
  const gbps = lineRateBps / 1e9;
  // Unicast arriving at line rate: what the card copies into guest memory, against what
  // every guest receiving every frame would copy (one copy per guest).
  const internalDemux = s.unicastBytes ? (gbps * s.unicastCopyBytes) / s.unicastBytes : 0;
  const internalFlood = s.unicast ? gbps * s.guests : 0;
  // All IP traffic so far (broadcast included), for the caption.
  const allDemux = s.bytes ? (gbps * s.copyBytes) / s.bytes : 0;
  return { perUnicastDemux, perUnicastFlood, internalDemux, internalFlood, allDemux };
}

export function copiesChart(s: CardStats, lineRateBps: number, width = 420, height = 200): ChartGeometry {
  const f = figures(s, lineRateBps);
  const panelW = width / 2;
  const top = 28;
  const bottom = height - 34;
  const make = (title: string, demux: number, flood: number, unit: string, x0: number): Panel => {
    const x = scaleBand<'demux' | 'flood'>()
      .domain(['demux', 'flood'])
      .range([x0 + 36, x0 + panelW - 10])
      .padding(0.3);
    const y = scaleLinear()
      .domain([0, Math.max(1, demux, flood)])
      .nice()
      .range([bottom, top]);
    const bar = (key: 'demux' | 'flood', label: string, v: number): Bar => ({
      key,
      label,
      value: v,
      text: `${fmt(v)}${unit}`,
      x: x(key)!,
      y: y(v),
      w: x.bandwidth(),
      h: bottom - y(v),
    });
    return {
      title,
      x0,
      bars: [bar('demux', 'card demux', demux), bar('flood', 'flood all', flood)],
      ticks: y.ticks(4).map((t) => ({ y: y(t), label: String(t) })),
    };
  };
  return {
    width,
    height,
    panels: [
      make('copies per unicast packet', f.perUnicastDemux, f.perUnicastFlood, '', 0),
      make('Gbit/s copied, unicast at line rate', f.internalDemux, f.internalFlood, '', panelW),
    ],
  };
}
