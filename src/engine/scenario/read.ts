// Small typed readers over untrusted JSON. Each returns a value or records an Issue and
// returns undefined, so one pass over a file reports every problem at once.
import { childPath, shown, type IssueList } from './issues';
import { parseMac, parseIp, type Mac, type IpAddress } from '../frame/address';
import { parseDuration, parseBandwidth } from './units';

export type Json = unknown;

export class Reader {
  constructor(
    readonly issues: IssueList,
    readonly value: Json,
    readonly path: string,
  ) {}

  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  /** This value as an object; records an issue when it is not one. */
  object(what = 'an object'): Reader | undefined {
    if (this.isObject()) return this;
    this.issues.add(this.path, `expected ${what}, found ${describe(this.value)}`);
    return undefined;
  }

  // Own properties only: a key like "constructor" or "__proto__" must read as absent
  // unless the file wrote it, never as something inherited from Object.prototype.
  has(key: string): boolean {
    return (
      this.isObject() &&
      Object.hasOwn(this.value as object, key) &&
      (this.value as Record<string, unknown>)[key] !== undefined
    );
  }

  /** Child reader; the child's value is undefined when missing. */
  at(key: string | number): Reader {
    const v =
      typeof key === 'number'
        ? Array.isArray(this.value)
          ? this.value[key]
          : undefined
        : this.isObject() && Object.hasOwn(this.value as object, key)
          ? (this.value as Record<string, unknown>)[key]
          : undefined;
    return new Reader(this.issues, v, childPath(this.path, key));
  }

  keys(): string[] {
    return this.isObject() ? Object.keys(this.value as object) : [];
  }

  /** Report keys that are not in `allowed`, with the closest allowed name as a hint. */
  onlyKeys(allowed: readonly string[]): void {
    for (const k of this.keys()) {
      if (!allowed.includes(k)) {
        const near = closest(k, allowed);
        this.issues.add(
          childPath(this.path, k),
          `unknown field ${shown(k)}`,
          near ? `did you mean "${near}"?` : `allowed fields: ${allowed.join(', ')}`,
        );
      }
    }
  }

  array(required = true): Reader[] | undefined {
    if (this.value === undefined && !required) return [];
    if (!Array.isArray(this.value)) {
      this.issues.add(this.path, `expected an array, found ${describe(this.value)}`);
      return undefined;
    }
    return this.value.map((_, i) => this.at(i));
  }

  string(
    opts: { required?: boolean; default?: string; oneOf?: readonly string[]; pattern?: RegExp; hint?: string } = {},
  ): string | undefined {
    const v = this.value;
    if (v === undefined) {
      if (opts.default !== undefined) return opts.default;
      if (opts.required !== false) this.issues.add(this.path, 'is required', opts.hint);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.issues.add(this.path, `expected a string, found ${describe(v)}`, opts.hint);
      return undefined;
    }
    if (opts.oneOf && !opts.oneOf.includes(v)) {
      const near = closest(v, opts.oneOf);
      this.issues.add(
        this.path,
        `${shown(v)} is not one of ${opts.oneOf.map((o) => `"${o}"`).join(', ')}`,
        near ? `did you mean "${near}"?` : opts.hint,
      );
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(v)) {
      this.issues.add(this.path, `${shown(v)} has the wrong form`, opts.hint);
      return undefined;
    }
    return v;
  }

  number(
    opts: { required?: boolean; default?: number; min?: number; max?: number; integer?: boolean; hint?: string } = {},
  ): number | undefined {
    const v = this.value;
    if (v === undefined) {
      if (opts.default !== undefined) return opts.default;
      if (opts.required !== false) this.issues.add(this.path, 'is required', opts.hint);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.issues.add(this.path, `expected a number, found ${describe(v)}`, opts.hint);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.issues.add(this.path, `expected a whole number, found ${v}`, opts.hint);
      return undefined;
    }
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      this.issues.add(this.path, `${v} is out of range [${opts.min ?? '-inf'}, ${opts.max ?? 'inf'}]`, opts.hint);
      return undefined;
    }
    return v;
  }

  boolean(opts: { required?: boolean; default?: boolean } = {}): boolean | undefined {
    const v = this.value;
    if (v === undefined) {
      if (opts.default !== undefined) return opts.default;
      if (opts.required !== false) this.issues.add(this.path, 'is required');
      return undefined;
    }
    if (typeof v !== 'boolean') {
      this.issues.add(this.path, `expected true or false, found ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  mac(opts: { required?: boolean } = {}): Mac | undefined {
    const s = this.string({ required: opts.required, hint: 'a MAC address like 02:00:00:00:00:01' });
    if (s === undefined) return undefined;
    const r = parseMac(s);
    if (!r.ok) this.issues.add(this.path, r.error, 'a MAC address like 02:00:00:00:00:01');
    return r.ok ? r.value : undefined;
  }

  ip(opts: { required?: boolean; version?: 4 | 6 } = {}): IpAddress | undefined {
    const s = this.string({ required: opts.required, hint: 'an address like 10.0.0.1 or fe80::1' });
    if (s === undefined) return undefined;
    const r = parseIp(s);
    if (!r.ok) {
      this.issues.add(this.path, r.error, 'an address like 10.0.0.1 or fe80::1');
      return undefined;
    }
    if (opts.version && r.value.version !== opts.version) {
      this.issues.add(this.path, `expected an IPv${opts.version} address, found IPv${r.value.version} ${shown(s)}`);
      return undefined;
    }
    return r.value;
  }

  /** A duration: a number of nanoseconds or a string like "1.5ms", "20us", "3s". */
  duration(opts: { required?: boolean; default?: number } = {}): number | undefined {
    const v = this.value;
    if (v === undefined) {
      if (opts.default !== undefined) return opts.default;
      if (opts.required !== false)
        this.issues.add(this.path, 'is required', 'a time like "10us", "1.5ms" or a number of nanoseconds');
      return undefined;
    }
    const r = parseDuration(v);
    if (!r.ok) this.issues.add(this.path, r.error, 'a time like "10us", "1.5ms" or a number of nanoseconds');
    return r.ok ? r.value : undefined;
  }

  bandwidth(opts: { default?: number } = {}): number | undefined {
    const v = this.value;
    if (v === undefined && opts.default !== undefined) return opts.default;
    const r = parseBandwidth(v);
    if (!r.ok) this.issues.add(this.path, r.error, 'a rate like "1Gbit", "100Mbit" or a number of bits per second');
    return r.ok ? r.value : undefined;
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${shown(v, 40)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Closest candidate by edit distance, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // no typo is that long, and the distance costs length squared
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
