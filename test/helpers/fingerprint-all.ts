// Fingerprints every bundled trace (src/scenarios, lessons/*/scenario.json, docs/examples)
// plus two generated runs (a 20,000-frame bridge run as in the bench, and a mixed IPv4/IPv6
// run with loss, duplication and jitter): every step as a reader gets it (stepAt and the
// whole list, undefined fields and key order included), every frame byte, fate and counter,
// and the state after every 97th step. Run before and after a change of the trace's
// representation; the two outputs must be identical.
//   npx tsx test/helpers/fingerprint-all.ts [--transfer] > fingerprints.txt
// (--transfer reads each trace back from the data a Web Worker posts.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { runScenario } from '../../src/engine/sim/simulator';
import { transferables } from '../../src/engine/sim/trace-data';
import { StateIndex } from '../../src/engine/sim/state-index';
import { stepAt, stepCount } from '../../src/engine/sim/trace-access';
import type { Trace } from '../../src/engine/sim/types';
import { MAC } from './run';

/** A strict serialisation: own keys in order, undefined kept, bytes as hex. */
function ser(v: unknown): string {
  if (v === undefined) return 'u';
  if (v === null || typeof v !== 'object')
    return typeof v === 'number' && !Number.isFinite(v) ? `n${v}` : JSON.stringify(v);
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
  if (v instanceof Map) return `M{${[...v].map(([k, x]) => `${ser(k)}:${ser(x)}`).join(',')}}`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${ser((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

function fingerprint(t: Trace): string {
  const h = createHash('sha256');
  const n = stepCount(t);
  h.update(`steps ${n}\n`);
  for (let i = 0; i < n; i++) h.update(ser(stepAt(t, i)) + '\n');
  const all = t.steps;
  if (all.length !== n) throw new Error(`steps has ${all.length} entries, stepCount says ${n}`);
  for (let i = 0; i < n; i++) h.update(ser(all[i]) + '\n');
  h.update(ser(t.frames));
  h.update(ser(t.fates));
  h.update(ser(t.counters));
  h.update(ser({ endTime: t.endTime, scenario: t.scenario, seed: t.seed, topology: t.topology }));
  const idx = new StateIndex(t);
  for (let i = -1; i < n; i += 97) h.update(ser(idx.at(i)));
  h.update(ser(idx.at(n - 1)));
  return h.digest('hex').slice(0, 24);
}

function files(dir: string, pick: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p, pick));
    else if (pick(p)) out.push(p);
  }
  return out;
}

function bridgeRun(frames: number): unknown {
  const ports = 16;
  const nodes: unknown[] = [
    { id: 'br0', type: 'bridge', config: { ports: Array.from({ length: ports }, (_, i) => `p${i + 1}`) } },
  ];
  const links: unknown[] = [];
  for (let i = 1; i <= ports; i++) {
    nodes.push({ id: `h${i}`, type: 'host', config: { mac: MAC(i), ip: `10.0.0.${i}` } });
    links.push({ id: `l${i}`, a: `h${i}:eth0`, b: `br0:p${i}`, bandwidth: '100Gbit', latency: '100ns' });
  }
  const traffic: unknown[] = [];
  for (let k = 0; k < frames; k++) {
    const s = 1 + ((k * 7) % ports);
    const d = 1 + ((k * 11 + 3) % ports);
    traffic.push({
      at: `${k * 100}ns`,
      node: `h${s}`,
      port: 'eth0',
      frame: {
        eth: { dst: MAC(d === s ? (d % ports) + 1 : d), src: MAC(s) },
        ipv4: { src: `10.0.0.${s}`, dst: `10.0.0.${d}`, udp: { srcPort: 4000, dstPort: 5000, payload: 'hello' } },
      },
    });
  }
  return { name: 'fingerprint: bridge run', seed: 3, maxSteps: 1_000_000, nodes, links, traffic };
}

function mixedRun(): unknown {
  const nodes: unknown[] = [];
  const links: unknown[] = [];
  const imp = { loss: 0.1, duplicate: 0.2, jitter: '5us' };
  for (let b = 0; b < 3; b++)
    nodes.push({ id: `b${b}`, type: 'bridge', config: { ports: ['u1', 'u2', 'd1', 'd2', 'd3'] } });
  links.push({ id: 't1', a: 'b0:u1', b: 'b1:u1', ...imp });
  links.push({ id: 't2', a: 'b0:u2', b: 'b2:u1', ...imp });
  let h = 0;
  for (let b = 0; b < 3; b++)
    for (let d = 1; d <= 3; d++) {
      h++;
      nodes.push({
        id: `h${h}`,
        type: 'host',
        config: { mac: MAC(h), ip: `10.0.0.${h}`, ip6: `fd00::${h}`, arpRetrans: '100us' },
      });
      links.push({ id: `e${h}`, a: `h${h}:eth0`, b: `b${b}:d${d}`, ...(h % 2 ? imp : {}) });
    }
  const traffic: unknown[] = [];
  for (let k = 0; k < 600; k++) {
    const s = 1 + (k % 9);
    const d = 1 + ((k * 5 + 2) % 9);
    if (k % 3 === 0)
      traffic.push({
        at: `${k * 10}us`,
        node: `h${s}`,
        command: 'ping',
        args: { dst: `10.0.0.${d}`, count: 2, interval: '20us' },
      });
    else if (k % 3 === 1)
      traffic.push({ at: `${k * 10}us`, node: `h${s}`, command: 'ping', args: { dst: `fd00::${d}`, count: 1 } });
    else
      traffic.push({
        at: `${k * 10}us`,
        node: `h${s}`,
        command: 'udp',
        args: { dst: `10.0.0.${d}`, dstPort: 53, payload: 'q' },
      });
  }
  return {
    name: 'fingerprint: mixed',
    seed: 11,
    maxSteps: 200_000,
    nodes,
    links,
    traffic,
    faults: [
      { at: '2ms', link: 't1', action: 'down' },
      { at: '2500us', link: 't1', action: 'up' },
    ],
  };
}

// --transfer: every trace goes through the form a Web Worker posts (its columns as plain
// data, buffers transferred) and is read back on the other side, as the app does.
const toTrace = process.argv.includes('--transfer')
  ? (t: Trace): Trace => {
      const data = (t as RecordedTrace).toData();
      return RecordedTrace.fromData(structuredClone(data, { transfer: transferables(data) }));
    }
  : (t: Trace): Trace => t;

const inputs: [string, unknown][] = [
  ...files('src/scenarios', (p) => p.endsWith('.json')),
  ...files('lessons', (p) => p.endsWith('scenario.json')),
  ...files('docs/examples', (p) => p.endsWith('.json')),
].map((p) => [p, JSON.parse(readFileSync(p, 'utf8'))] as [string, unknown]);
inputs.push(
  ['(generated) bridge run, 20,000 frames', bridgeRun(20_000)],
  ['(generated) mixed IPv4/IPv6 run', mixedRun()],
);
for (const [name, json] of inputs) {
  const r = loadScenario(json, deviceTypes);
  if (!r.ok) {
    console.log(`${name}: does not load (${r.issues.length} issues)`);
    continue;
  }
  const t = toTrace(runScenario(r.scenario, deviceTypes));
  console.log(`${name}: ${stepCount(t)} steps ${fingerprint(t)}`);
}
