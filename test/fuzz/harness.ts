// Fuzzing the engine as an attacker or a careless author would: mutated bundled scenarios
// through the loader (and, when they load, a bounded run), arbitrary and mutated bytes
// through every frame decoder, and through every device's receive path by sending them
// down every link of every bundled topology. Shared by the fast properties in `npm test`
// (fuzz.test.ts, fixed seeds) and the long runs of `npm run fuzz` (run.ts).
// An outcome is "ok", a crash (an exception, an "internal error" step, a frame with no
// fate) or a hang (a case over its time limit; the run budget should make that impossible).
import { decodeNetlink } from '../../src/engine/devices/vdp/codec/netlink';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deviceTypes } from '../../src/engine/devices/registry';
import '../../src/engine/devices/dissectors';
import { parseIpaFrame } from '../../src/engine/devices/qeth/ipa-frame';
import { decodeFrame, summarize } from '../../src/engine/frame/decode';
import { loadScenario } from '../../src/engine/scenario/load';
import type { Scenario, TrafficItem } from '../../src/engine/sim/scenario-types';
import { runScenario } from '../../src/engine/sim/simulator';
import { sourceAt, stepAt, stepCount } from '../../src/engine/sim/trace-access';
import type { Trace } from '../../src/engine/sim/types';

export type Outcome = { ok: true; loaded?: boolean } | { ok: false; kind: 'crash' | 'hang'; what: string };
const OK: Outcome = { ok: true };

/** Every bundled scenario, as parsed JSON, by path. */
export function bundledScenarios(root = 'src/scenarios'): { file: string; json: unknown }[] {
  const out: { file: string; json: unknown }[] = [];
  for (const lab of readdirSync(root).sort())
    for (const f of readdirSync(join(root, lab)).sort())
      if (f.endsWith('.json'))
        out.push({ file: `${lab}/${f}`, json: JSON.parse(readFileSync(join(root, lab, f), 'utf8')) });
  return out;
}

/** A budget small enough that any case ends quickly whatever the mutation did. */
const FUZZ_BUDGET = { maxEvents: 200_000, maxSteps: 20_000, maxTime: 20e9 } as const;

/** A trace's defects: an "internal error" step (a device threw) or an injected frame with no fate at all. */
export function traceDefects(t: Trace, fromTraffic = 0): string | undefined {
  const n = stepCount(t);
  for (let i = 0; i < n; i++) {
    if (sourceAt(t, i) !== 'NetVirt Lab engine') continue;
    const d = stepAt(t, i)!.decision;
    if (d.startsWith('internal error in ')) return d;
  }
  for (const f of t.fates) {
    if ((f.traffic ?? -1) < fromTraffic) continue;
    if (f.delivered.length + f.dropped.length + f.inFlight === 0)
      return `frame ${f.origin} has no fate (lost silently)`;
  }
  return undefined;
}

function guard(limitMs: number, fn: () => string | undefined): Outcome {
  const t0 = performance.now();
  try {
    const bad = fn();
    if (bad !== undefined) return { ok: false, kind: 'crash', what: bad };
  } catch (e) {
    return { ok: false, kind: 'crash', what: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  const ms = performance.now() - t0;
  return ms > limitMs ? { ok: false, kind: 'hang', what: `took ${ms.toFixed(0)} ms` } : OK;
}

/** Decode arbitrary bytes with every decoder: the packet decoder (all registered dissectors) and the IPA parser. */
export function checkDecoders(bytes: Uint8Array): Outcome {
  return guard(1000, () => {
    const d = decodeFrame(bytes);
    summarize(d);
    parseIpaFrame(bytes);
    const nl = decodeNetlink(bytes);
    if (!nl.ok && (nl.offset < 0 || nl.offset > bytes.length))
      return `netlink error offset ${nl.offset} outside the message`;
    return undefined;
  });
}

// ---- scenario mutation -------------------------------------------------------------

/** What a careless author or an attacker writes in place of a value. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0,
  0.5,
  4294967296,
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '1' + '0'.repeat(320) + 's',
  '99999999999s',
  '\u001b[2J\u009b31m',
  'x'.repeat(5000),
  'ffffffffffff',
  '0x',
  '10.0.0.300',
  '02:00:00:00:00:zz',
  [],
  {},
  { __proto__: null },
  [1, 2, 3],
  { hex: '00' },
];

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(v: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(v))
    v.forEach((c, i) => {
      out.push({ parent: v, key: i });
      slots(c, out);
    });
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) {
      out.push({ parent: v as Record<string, unknown>, key: k });
      slots((v as Record<string, unknown>)[k], out);
    }
  return out;
}

/** One mutation: which slot (mod the count), what to do, and a value to use. */
export interface Mutation {
  readonly at: number;
  readonly op: number;
  readonly value: unknown;
}

/** A deep copy of `json` with the mutations applied in turn (replace, delete, duplicate, rename, swap in a hostile value). */
export function mutate(json: unknown, ms: readonly Mutation[]): unknown {
  const root = structuredClone(json);
  for (const m of ms) {
    const all = slots(root);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length];
    const p = parent as Record<string | number, unknown>;
    switch (m.op % 6) {
      case 0:
        p[key] = m.value;
        break;
      case 1:
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key];
        break;
      case 2:
        if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
        else p[`${key}`.slice(0, -1)] = p[key];
        break;
      case 3:
        p[key] = HOSTILE_VALUES[Math.abs(Number(m.at)) % HOSTILE_VALUES.length];
        break;
      case 4:
        // Rename a key to a hostile one (a command, a guest, a field).
        if (!Array.isArray(parent)) {
          const v = p[key];
          delete p[key];
          Object.defineProperty(p, String(HOSTILE_VALUES[((m.at >>> 3) % 14) + 9] ?? 'x'), {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        break;
      default:
        if (typeof p[key] === 'number') p[key] = (p[key] as number) * 1e6 + 1;
        else if (typeof p[key] === 'string') p[key] = `${p[key]}${p[key]}`;
    }
  }
  return root;
}

/** Load a (mutated) scenario; when it loads, run it under a small budget. Any exception is a crash. */
export function checkScenario(json: unknown, limitMs = 10_000): Outcome {
  let loaded = false;
  const o = guard(limitMs, () => {
    const r = loadScenario(json, deviceTypes);
    if (!r.ok) {
      if (r.issues.length === 0) return 'loader refused with no issue';
      for (const i of r.issues) if (!i.path.startsWith('$')) return `issue without a JSON path: ${i.message}`;
      return undefined;
    }
    const t = runScenario({ ...r.scenario, ...budgetFor(r.scenario) }, deviceTypes);
    loaded = true;
    return traceDefects(t);
  });
  return o.ok ? { ok: true, loaded } : o;
}

const budgetFor = (s: Scenario) => ({
  maxEvents: Math.min(s.maxEvents ?? Infinity, FUZZ_BUDGET.maxEvents),
  maxSteps: Math.min(s.maxSteps, FUZZ_BUDGET.maxSteps),
  maxTime: Math.min(s.maxTime ?? Infinity, FUZZ_BUDGET.maxTime),
});

// ---- frames through devices --------------------------------------------------------

/** Every bundled scenario loaded, with its links' ends: where arbitrary bytes can be sent from. */
export function topologies(): { file: string; scenario: Scenario; ends: { node: string; port: string }[] }[] {
  return bundledScenarios().flatMap(({ file, json }) => {
    const r = loadScenario(json, deviceTypes);
    if (!r.ok) return [];
    const ends = r.scenario.links.flatMap((l) => [l.a, l.b]);
    return ends.length ? [{ file, scenario: r.scenario, ends }] : [];
  });
}

/**
 * Send `frames` out of link ends of a bundled topology (end i gets frames i, i + n, ...),
 * 1 us apart, after the scenario's own traffic has started; so every device on the far
 * side receives arbitrary bytes. Every one must end delivered, dropped or in flight.
 */
export function checkFramesThrough(
  topo: { scenario: Scenario; ends: { node: string; port: string }[] },
  frames: readonly Uint8Array[],
  limitMs = 20_000,
): Outcome {
  const s = topo.scenario;
  const ours: TrafficItem[] = frames.map((bytes, i) => {
    const end = topo.ends[i % topo.ends.length];
    return { kind: 'send', at: 1000 * (i + 1), node: end.node, port: end.port, bytes };
  });
  const scenario: Scenario = {
    ...s,
    traffic: [...s.traffic, ...ours],
    expect: [],
    ...budgetFor(s),
    maxEvents: 200_000 + 50 * frames.length,
    maxSteps: 20_000 + 40 * frames.length,
  };
  return guard(limitMs, () => traceDefects(runScenario(scenario, deviceTypes), s.traffic.length));
}

/** Frames the bundled scenarios actually carry: the seeds that mutations start from. */
export function seedFrames(max = 400): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const t of topologies()) {
    const trace = runScenario({ ...t.scenario, ...budgetFor(t.scenario), maxEvents: 50_000 }, deviceTypes);
    for (const f of trace.frames) {
      const k = Buffer.from(f.subarray(0, 64)).toString('hex');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** A frame mutated: bytes flipped, cut short, or extended with junk (positions and values from `r`). */
export function mutateFrame(f: Uint8Array, r: readonly number[]): Uint8Array {
  const op = (r[0] ?? 0) % 4;
  if (op === 0) return f.subarray(0, (r[1] ?? 0) % (f.length + 1));
  const out = op === 3 ? new Uint8Array(f.length + ((r[1] ?? 0) % 64)) : new Uint8Array(f);
  if (op === 3) out.set(f);
  for (let i = 1; i + 1 < r.length; i += 2) if (out.length) out[r[i] % out.length] = r[i + 1] & 0xff;
  return out;
}
