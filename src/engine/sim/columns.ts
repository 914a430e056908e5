// Growable typed columns. A trace of 100,000 frames has hundreds of thousands of steps;
// keeping their numbers in typed arrays instead of one object per step is what keeps a
// run's memory (and so its garbage collection) small.

type Typed = Float64Array | Int32Array | Uint8Array;

/** `a`, or a copy at least `need` long (doubling), with the same contents. */
export function ensure<T extends Typed>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
