// Engine throughput: 100,000 frames through a 64-port learning bridge, beside a bare
// baseline measured in the same run (a loop doing one Map lookup per frame). Prints
// figures and ratios; it never fails on noise.
import { performance } from 'node:perf_hooks';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenarioOrThrow } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { udpFrame } from '../../src/engine/frame/packets';
import { ip, mac, formatMac } from '../../src/engine/frame/address';
import type { Scenario, TrafficItem } from '../../src/engine/sim/scenario-types';
import { rootPrng } from '../../src/engine/sim/prng';

const PORTS = 64;
const FRAMES = 100_000;
const macOf = (i: number): string => `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

function buildScenario(): Scenario {
  const nodes: unknown[] = [{ id: 'br0', type: 'bridge', config: { ports: Array.from({ length: PORTS }, (_, i) => `p${i + 1}`) } }];
  const links: unknown[] = [];
  for (let i = 1; i <= PORTS; i++) {
    nodes.push({ id: `h${i}`, type: 'host', config: { mac: macOf(i), ip: `10.0.${i >> 8}.${i & 0xff}` } });
    links.push({ id: `l${i}`, a: `h${i}:eth0`, b: `br0:p${i}`, bandwidth: '100Gbit', latency: '100ns' });
  }
  const base = loadScenarioOrThrow({ name: 'bench: 64-port bridge', seed: 1, nodes, links, traffic: [] }, deviceTypes);
  const rng = rootPrng(1).fork('bench');
  const traffic: TrafficItem[] = [];
  // Prebuilt frames, one per (src, dst) pair actually used; building bytes is not what we time.
  const cache = new Map<string, Uint8Array>();
  for (let k = 0; k < FRAMES; k++) {
    const s = rng.int(1, PORTS);
    let d = rng.int(1, PORTS - 1);
    if (d >= s) d++;
    const key = `${s}-${d}`;
    let bytes = cache.get(key);
    if (!bytes) {
      bytes = udpFrame({ srcMac: mac(macOf(s)), dstMac: mac(macOf(d)), srcIp: ip(`10.0.0.${s}`), dstIp: ip(`10.0.0.${d}`), srcPort: 4000, dstPort: 5000, payload: new Uint8Array(18) });
      cache.set(key, bytes);
    }
    traffic.push({ kind: 'send', at: k * 100, node: `h${s}`, port: 'eth0', bytes });
  }
  return { ...base, traffic };
}

function baseline(frames: Uint8Array[]): number {
  const table = new Map<string, number>();
  for (let i = 1; i <= PORTS; i++) table.set(macOf(i), i);
  const t0 = performance.now();
  let sum = 0;
  for (let r = 0; r < 5; r++) for (const f of frames) sum += table.get(formatMac(f, 0)) ?? 0;
  const ms = (performance.now() - t0) / 5;
  if (sum === 42) console.log('');
  return ms;
}

const scenario = buildScenario();
const frames = scenario.traffic.map((t) => (t.kind === 'send' ? t.bytes : new Uint8Array(6)));
runScenario({ ...scenario, traffic: scenario.traffic.slice(0, 5000) }, deviceTypes); // warm up the JIT
const baseMs = baseline(frames);
const t0 = performance.now();
const trace = runScenario(scenario, deviceTypes) as RecordedTrace;
const runMs = performance.now() - t0;
const t1 = performance.now();
const index = new StateIndex(trace);
const indexMs = performance.now() - t1;
const seeks = 1000;
const t2 = performance.now();
const prng = rootPrng(2).fork('seek');
for (let i = 0; i < seeks; i++) index.at(prng.int(0, trace.stepCount - 1));
const seekMs = (performance.now() - t2) / seeks;
const mem = process.memoryUsage();

const fps = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} frames/s`;
console.log(`engine bench: ${FRAMES.toLocaleString('en-US')} frames through a ${PORTS}-port learning bridge`);
console.log(`  baseline (format dst MAC + one Map lookup per frame): ${baseMs.toFixed(1)} ms, ${fps(FRAMES, baseMs)}`);
console.log(`  engine (full trace: ${trace.stepCount.toLocaleString('en-US')} steps, ${trace.frames.length.toLocaleString('en-US')} distinct frames): ${runMs.toFixed(0)} ms, ${fps(FRAMES, runMs)}`);
console.log(`  ratio engine/baseline: ${(runMs / baseMs).toFixed(1)}x  (target: within 10x)`);
console.log(`  trace generation for ${FRAMES.toLocaleString('en-US')} frames: ${(runMs / 1000).toFixed(2)} s  (target: under 1 s)`);
console.log(`  state index build: ${indexMs.toFixed(0)} ms; random seek: ${seekMs.toFixed(3)} ms per seek over ${trace.stepCount.toLocaleString('en-US')} steps`);
console.log(`  heap used after run: ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
const delivered = trace.deliveredCount();
if (delivered !== FRAMES) console.log(`  WARNING: ${delivered} of ${FRAMES} frames delivered`);
