// Durations and rates as people write them in scenario files. Every value is finite and
// bounded: a 320-digit number is Infinity to JavaScript, and an infinite time breaks
// everything after it (the pcap's timestamps first).
import { MAX_DURATION_NS } from '../sim/budget';
import { shown } from './issues';
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const TIME_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
/** 1 Pbit/s: fast enough for any lab, slow enough that a frame's time on the wire stays a number. */
const MAX_BANDWIDTH = 1e15;
const RATE_UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12 };

export function parseDuration(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v >= 0
      ? withinMax(v, String(v))
      : { ok: false, error: `duration ${v} must be a non-negative number of nanoseconds` };
  }
  if (typeof v !== 'string') return { ok: false, error: `expected a duration, found ${typeof v}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/.exec(v);
  if (!m) return { ok: false, error: `${shown(v)} is not a duration` };
  return withinMax(Math.round(Number(m[1]) * TIME_UNITS[m[2]]), shown(v));
}

const withinMax = (ns: number, written: string): Parsed<number> =>
  Number.isFinite(ns) && ns <= MAX_DURATION_NS
    ? { ok: true, value: ns }
    : {
        ok: false,
        error: `duration ${written.length > 40 ? written.slice(0, 40) + '…' : written} is longer than the longest a scenario may run (${MAX_DURATION_NS / 1e9} s)`,
      };

export function parseBandwidth(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v >= 1 && v <= MAX_BANDWIDTH
      ? { ok: true, value: v }
      : { ok: false, error: `bandwidth ${v} must be from 1 to 1e15 bits per second` };
  }
  if (typeof v !== 'string')
    return { ok: false, error: `expected a bandwidth, found ${v === undefined ? 'nothing' : typeof v}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?bit)(?:\/s|ps)?\s*$/i.exec(v);
  if (!m) return { ok: false, error: `${shown(v)} is not a bandwidth` };
  const value = Number(m[1]) * RATE_UNITS[m[2].toLowerCase()];
  if (!Number.isFinite(value) || value > MAX_BANDWIDTH)
    return { ok: false, error: `bandwidth ${shown(v)} is more than the most a link may carry (1 Pbit/s)` };
  return value >= 1 ? { ok: true, value } : { ok: false, error: `bandwidth ${shown(v)} must be at least 1 bit/s` };
}

export function formatDuration(ns: number): string {
  if (ns === 0) return '0';
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)}us`;
  return `${ns}ns`;
}
