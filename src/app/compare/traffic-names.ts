// What to call the traffic item a frame comes from. A fate's `traffic` indexes the loaded
// list, where the loader has already unrolled each item's `repeat` (load.ts readTraffic),
// so the file's item k with repeat 3 is three entries: unroll the same way to name them.
export function trafficNames(json: unknown): (index: number) => string {
  const items = (json as { traffic?: unknown } | null)?.traffic;
  const names: string[] = [];
  if (Array.isArray(items))
    items.forEach((x, k) => {
      const o = x && typeof x === 'object' ? (x as Record<string, unknown>) : {};
      const repeat = typeof o.repeat === 'number' && Number.isInteger(o.repeat) && o.repeat > 1 ? o.repeat : 1;
      const base = typeof o.label === 'string' ? `“${o.label}”` : `traffic item ${k + 1}`;
      // A name per copy; more than a few thousand copies share the last one's name.
      for (let r = 0; r < Math.min(repeat, 10_000); r++)
        names.push(repeat > 1 ? `${base} (${r + 1} of ${repeat})` : base);
    });
  return (i) => names[i] ?? `traffic item ${i + 1}`;
}
