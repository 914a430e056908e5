// Axis ticks that fit at the type size: charts in the mechanism views keep their labels at
// 12 px or more (18 presenting), so a narrow chart shows fewer ticks instead of smaller text.

/** Every other tick, then every fourth..., until neighbours are at least `gap` px apart. */
export function thin(ticks: number[], x: (t: number) => number, gap: number): number[] {
  let out = ticks;
  for (let k = 2; out.length > 2 && out.some((t, i) => i > 0 && x(t) - x(out[i - 1]) < gap); k *= 2)
    out = ticks.filter((_, i) => i % k === 0);
  return out;
}

/** How many ticks to ask d3 for: labels of about `chars` characters at `fs` px, a gap between. */
export const tickCount = (plotWidth: number, fs: number, chars = 6): number =>
  Math.max(2, Math.min(5, Math.floor(plotWidth / (fs * chars))));
