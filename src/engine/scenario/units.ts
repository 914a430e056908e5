// Durations and rates as people write them in scenario files.
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const TIME_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
const RATE_UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12 };

export function parseDuration(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v >= 0
      ? { ok: true, value: v }
      : { ok: false, error: `duration ${v} must be a non-negative number of nanoseconds` };
  }
  if (typeof v !== 'string') return { ok: false, error: `expected a duration, found ${typeof v}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/.exec(v);
  if (!m) return { ok: false, error: `"${v}" is not a duration` };
  return { ok: true, value: Math.round(Number(m[1]) * TIME_UNITS[m[2]]) };
}

export function parseBandwidth(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v > 0
      ? { ok: true, value: v }
      : { ok: false, error: `bandwidth ${v} must be a positive number of bits per second` };
  }
  if (typeof v !== 'string')
    return { ok: false, error: `expected a bandwidth, found ${v === undefined ? 'nothing' : typeof v}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?bit)(?:\/s|ps)?\s*$/i.exec(v);
  if (!m) return { ok: false, error: `"${v}" is not a bandwidth` };
  const value = Number(m[1]) * RATE_UNITS[m[2].toLowerCase()];
  return value > 0 ? { ok: true, value } : { ok: false, error: `bandwidth "${v}" must be more than zero` };
}

export function formatDuration(ns: number): string {
  if (ns === 0) return '0';
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)}us`;
  return `${ns}ns`;
}
