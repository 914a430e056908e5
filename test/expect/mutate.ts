// One mutant of an expectation: the same check with its expected value changed, so a
// golden expectation that still holds afterwards checks nothing. Which value changes:
// a count, the errno, the first detail or frame field, the state value, the order of
// an order (reversed), the instant of an `at`, or the nodes of a delivery.
type Json = Record<string, unknown>;

/** A different value of the same kind: numbers +1, strings and patterns that cannot match, booleans flipped. */
export function changed(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return /^\/.*\/[a-z]*$/s.test(v) ? '/^(?!)$/' : `${v}~`;
  if (Array.isArray(v)) return [...v, 'mutant'];
  if (v && typeof v === 'object') return { ...v, mutant: true };
  return 'mutant';
}

const withFirst = (o: Json, f: (v: unknown) => unknown): Json => {
  const [k] = Object.keys(o);
  return { ...o, [k]: f(o[k]) };
};

export function mutate(e: Json): Json {
  const { description: _omit, ...x } = e;
  if ('step' in x) {
    if ('count' in x) return { ...x, count: Number(x.count) + 1 };
    if ('none' in x) {
      const { none: _n, ...rest } = x;
      return rest; // "never" becomes "at least once"
    }
    if ('atLeast' in x && !('atMost' in x)) return { ...x, atMost: Number(x.atLeast) - 1, atLeast: 0 };
    const step = x.step as Json;
    if (step.detail) return { ...x, step: { ...step, detail: withFirst(step.detail as Json, changed) } };
    if (step.at !== undefined) return { ...x, step: { ...step, at: changed(step.at) } };
    return { ...x, none: true };
  }
  if ('order' in x) return { ...x, order: [...(x.order as unknown[])].reverse() };
  if ('returns' in x) return { ...x, returns: x.returns === 0 || x.returns === '0' ? -22 : 0 };
  if ('frame' in x) return { ...x, fields: withFirst(x.fields as Json, changed) };
  if ('state' in x) {
    if (x.unset) {
      const { unset: _u, ...rest } = x;
      return { ...rest, equals: 'mutant' };
    }
    return { ...x, equals: changed(x.equals) };
  }
  if ('deliveredTo' in x) return { ...x, deliveredTo: [], exactly: true };
  if ('droppedAt' in x) return { ...x, reasonIncludes: `${String(x.reasonIncludes ?? '')}~mutant` };
  if ('counter' in x) return { ...x, equals: Number(x.equals) + 1 };
  throw new Error(`no mutation for ${JSON.stringify(e)}`);
}
