// Engine throughput: 100,000 frames through a 64-port learning bridge, beside bare
// baselines measured in the same run (a loop doing one Map lookup per frame); the memory
// a recorded step costs (heap and array buffers retained, after a forced collection); one
// million frames through the same bridge; and what it costs to send a trace from the
// engine worker to the page as columns. Prints figures and ratios; it never fails on noise.
// Run by bundle-and-run.mjs, which gives Node --expose-gc.
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenarioOrThrow } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { StateIndex } from '../../src/engine/sim/state-index';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { transferables } from '../../src/engine/sim/trace-data';
import { stepAt } from '../../src/engine/sim/trace-access';
import { udpFrame } from '../../src/engine/frame/packets';
import { ip, mac, formatMac } from '../../src/engine/frame/address';
import type { Scenario, TrafficItem } from '../../src/engine/sim/scenario-types';
import type { Device } from '../../src/engine/sim/device';
import { rootPrng } from '../../src/engine/sim/prng';

const PORTS = 64;
const FRAMES = 100_000;
const macOf = (i: number): string =>
  `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

function buildScenario(frames = FRAMES): Scenario {
  const nodes: unknown[] = [
    { id: 'br0', type: 'bridge', config: { ports: Array.from({ length: PORTS }, (_, i) => `p${i + 1}`) } },
  ];
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
  for (let k = 0; k < frames; k++) {
    const s = rng.int(1, PORTS);
    let d = rng.int(1, PORTS - 1);
    if (d >= s) d++;
    const key = `${s}-${d}`;
    let bytes = cache.get(key);
    if (!bytes) {
      bytes = udpFrame({
        srcMac: mac(macOf(s)),
        dstMac: mac(macOf(d)),
        srcIp: ip(`10.0.0.${s}`),
        dstIp: ip(`10.0.0.${d}`),
        srcPort: 4000,
        dstPort: 5000,
        payload: new Uint8Array(18),
      });
      cache.set(key, bytes);
    }
    traffic.push({ kind: 'send', at: k * 100, node: `h${s}`, port: 'eth0', bytes });
  }
  // A million frames record about three million steps: past the loader's default limit.
  return { ...base, traffic, maxSteps: 4 * frames + 1000 };
}

const gc = (globalThis as { gc?: () => void }).gc;
/**
 * Heap and array buffers in use after a full collection (what a trace keeps alive). Array
 * buffers are freed after the collection, off the main thread: wait for that to settle.
 */
async function retained(): Promise<number> {
  // Three equal readings in a row, 25 ms apart (on a busy machine the buffers of a trace
  // just let go can take a while to be freed; two equal readings were not enough).
  let last = -1;
  let same = 0;
  for (let k = 0; k < 40 && same < 2; k++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 25));
    const m = process.memoryUsage();
    const now = m.heapUsed + m.arrayBuffers;
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** CPU milliseconds (user + system, this process's threads, the collector's included) spent in `fn`. */
function cpuOf<T>(fn: () => T): { value: T; cpuMs: number; ms: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, cpuMs: (c.user + c.system) / 1000, ms };
}

/** Milliseconds per pass of `fn` over the frames: the median of 5 passes. */
function perPass(fn: () => number): number {
  const ms: number[] = [];
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    sink += fn();
    ms.push(performance.now() - t0);
  }
  if (sink === 42) console.log('');
  return median(ms);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Two bare baselines, measured in this run: the loop a bridge reduces to (read the
// destination MAC as its FDB keys it, one Map lookup), and the lookup alone on keys made beforehand.
function baselines(frames: Uint8Array[]): { keyed: number; lookupOnly: number } {
  const table = new Map<string, number>();
  for (let i = 1; i <= PORTS; i++) table.set(macOf(i), i);
  const keys = frames.map((f) => formatMac(f, 0));
  const keyed = perPass(() => {
    let sum = 0;
    for (const f of frames) sum += table.get(formatMac(f, 0)) ?? 0;
    return sum;
  });
  const lookupOnly = perPass(() => {
    let sum = 0;
    for (const k of keys) sum += table.get(k) ?? 0;
    return sum;
  });
  return { keyed, lookupOnly };
}

const scenario = buildScenario();
const frames = scenario.traffic.map((t) => (t.kind === 'send' ? t.bytes : new Uint8Array(6)));
runScenario({ ...scenario, traffic: scenario.traffic.slice(0, 5000) }, deviceTypes); // warm up the JIT
const base = baselines(frames);
// Three full runs; the figures are the median one's. Around each, the memory its trace
// keeps (measured with the previous trace let go).
const runs: { ms: number; cpuMs: number; bytes: number; steps: number; trace: RecordedTrace }[] = [];
for (let r = 0; r < 3; r++) {
  const m0 = await retained();
  const { value: trace, ms, cpuMs } = cpuOf(() => runScenario(scenario, deviceTypes) as RecordedTrace);
  // Every trace stays alive until all three are measured: something in the engine keeps
  // the last run's trace reachable until the next run replaces it, so letting a trace go
  // before the next run made that run's figure the difference of two traces (0).
  runs.push({ ms, cpuMs, bytes: (await retained()) - m0, steps: trace.stepCount, trace });
}
for (let r = 0; r < 2; r++) runs[r].trace = undefined as unknown as RecordedTrace; // let the GC have them
const runMs = median(runs.map((r) => r.ms));
const runCpuMs = median(runs.map((r) => r.cpuMs));
const perStep = runs.map((r) => r.bytes / r.steps);
const bytesPerStep = median(perStep);
const trace = runs[2].trace;
const sent = sendAcross(trace);

// One million frames through the same bridge, once (about three million steps); the
// trace is let go before the rest of the bench.
const MILLION = 1_000_000;
/** Issue #19's target for a million frames, and the time this bench printed when the issue was filed (this machine). */
const MILLION_TARGET_MS = 4000;
const MILLION_BEFORE_MS = 7000;
async function millionFrames() {
  const scenario = buildScenario(MILLION);
  const m0 = await retained();
  const { value: t, ms, cpuMs } = cpuOf(() => runScenario(scenario, deviceTypes) as RecordedTrace);
  const bytes = ((await retained()) - m0) / t.stepCount;
  return { ms, cpuMs, bytes, steps: t.stepCount, delivered: t.deliveredCount(), sent: sendAcross(t) };
}
const {
  ms: bigMs,
  cpuMs: bigCpuMs,
  bytes: bigBytes,
  steps: bigSteps,
  delivered: bigDelivered,
  sent: bigSent,
} = await millionFrames();
const t1 = performance.now();
const index = new StateIndex(trace);
const indexMs = performance.now() - t1;
const seeks = 1000;
const t2 = performance.now();
const prng = rootPrng(2).fork('seek');
for (let i = 0; i < seeks; i++) index.at(prng.int(0, trace.stepCount - 1));
const seekMs = (performance.now() - t2) / seeks;
const heapAfterRun = process.memoryUsage().heapUsed;
const t3 = performance.now();
const steps = trace.steps.length;
const stepsMs = performance.now() - t3;
const t4 = performance.now();
const fates = trace.fates.length;
const fatesMs = performance.now() - t4;

// Three more runs, with a clock around every Bridge.receive: the time frames spend in the
// bridge (its parsing, learning, lookup, policy, counters, the steps it records and the
// copies it sends onto links), apart from the hosts and the scripted traffic. The cost of
// reading the clock is measured and subtracted.
function insideBridge(): { ms: number; frames: number; clockMs: number; runMs: number } {
  let ms = 0;
  let frames = 0;
  const real = deviceTypes.get('bridge')!;
  const types = new Map(deviceTypes);
  types.set('bridge', {
    ...real,
    create(id, cfg) {
      const d = real.create(id, cfg);
      const inner = d.receive.bind(d);
      (d as { receive: Device['receive'] }).receive = (port, pkt, ctx) => {
        const t = performance.now();
        inner(port, pkt, ctx);
        ms += performance.now() - t;
        frames++;
      };
      return d;
    },
  });
  const r0 = performance.now();
  runScenario(scenario, types);
  const runMs = performance.now() - r0;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    const t = performance.now();
    sink += i;
    sink -= performance.now() - t;
  }
  const clockMs = performance.now() - t0;
  if (sink === 42) console.log('');
  return { ms: ms - clockMs / 2, frames, clockMs, runMs };
}
const bridgeRuns = [insideBridge(), insideBridge(), insideBridge()].sort((a, b) => a.ms - b.ms);
const bridge = bridgeRuns[1]; // the median of three

/**
 * What the engine worker and the page pay to move a trace: toData (in the worker: columns
 * flattened, decisions worded), the structured clone with the buffers transferred, then
 * on the page fromData, the state index and reading the last step.
 */
function sendAcross(t: RecordedTrace) {
  const t0 = performance.now();
  const data = t.toData();
  const t1 = performance.now();
  const copy = structuredClone(data, { transfer: transferables(data) });
  const t2 = performance.now();
  const back = RecordedTrace.fromData(copy);
  const t3 = performance.now();
  // The worker builds the state index and posts its snapshots (app/run/posted.ts); the page reads them.
  const w0 = performance.now();
  const built = new StateIndex(t).toData();
  const indexInWorker = performance.now() - w0;
  const t3b = performance.now();
  new StateIndex(back, undefined, structuredClone(built)).at(back.stepCount - 1);
  const t4 = performance.now();
  stepAt(back, back.stepCount - 1);
  const t5 = performance.now();
  return {
    toData: t1 - t0,
    clone: t2 - t1,
    fromData: t3 - t2,
    indexInWorker,
    index: t4 - t3b,
    lastStep: t5 - t4,
    textBytes: copy.steps.text.length,
    texts: copy.steps.textEnd.length,
    made: back.allStepsMade,
  };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const fps = (ms: number): string => `${n(FRAMES / (ms / 1000))} frames/s`;
console.log(
  `engine bench: ${n(FRAMES)} frames through a ${PORTS}-port learning bridge (bundled as the app is; medians)`,
);
console.log(
  `  baseline, format dst MAC + one Map lookup per frame (the bridge's FDB lookup, bare): ${base.keyed.toFixed(1)} ms, ${fps(base.keyed)}`,
);
console.log(
  `  baseline, one Map lookup per frame on keys made beforehand: ${base.lookupOnly.toFixed(1)} ms, ${fps(base.lookupOnly)}`,
);
console.log(
  `  engine, full trace (${n(trace.stepCount)} steps, ${n(trace.frames.length)} distinct frames): ${runMs.toFixed(0)} ms, ${fps(runMs)}  [runs: ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms]`,
);
console.log(
  `  ratio engine / format+lookup baseline: ${(runMs / base.keyed).toFixed(1)}x; engine / lookup-only baseline: ${(runMs / base.lookupOnly).toFixed(1)}x  (target: within 10x)`,
);
console.log(
  `  inside the bridge alone (receive to last copy sent, its steps included): ${bridge.ms.toFixed(0)} ms for ${n(bridge.frames)} frames, ${n(bridge.frames / (bridge.ms / 1000))} frames/s; ratio to the format+lookup baseline: ${(bridge.ms / base.keyed).toFixed(1)}x  (clock reads: ${bridge.clockMs.toFixed(0)} ms, half subtracted; that run took ${bridge.runMs.toFixed(0)} ms in all)`,
);
console.log(`  trace generation for ${n(FRAMES)} frames: ${(runMs / 1000).toFixed(2)} s  (target: under 1 s)`);
console.log(
  `  state index build: ${indexMs.toFixed(0)} ms; random seek: ${seekMs.toFixed(3)} ms per seek over ${n(trace.stepCount)} steps`,
);
console.log(
  `  first read of trace.steps (all ${n(steps)} Step objects, decisions worded): ${stepsMs.toFixed(0)} ms; of trace.fates (${n(fates)}): ${fatesMs.toFixed(0)} ms`,
);
console.log(
  `  heap used after the runs: ${(heapAfterRun / 2 ** 20).toFixed(0)} MiB; after making the objects: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `  memory kept per recorded step (heap + array buffers after a forced GC, median run): ${bytesPerStep.toFixed(0)} bytes  [runs: ${perStep.map((b) => b.toFixed(0)).join(', ')}]  (target: at most 120)`,
);
console.log(
  `  CPU time of the ${n(FRAMES)}-frame run (median; user + system, the collector's threads included): ${runCpuMs.toFixed(0)} ms beside ${runMs.toFixed(0)} ms elapsed; load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`,
);
console.log(
  `  one million frames (${n(bigSteps)} steps): ${(bigMs / 1000).toFixed(2)} s elapsed, ${(bigCpuMs / 1000).toFixed(2)} s CPU, ${fps(bigMs / (MILLION / FRAMES))}; ${bigBytes.toFixed(0)} bytes per step; ratio to 10x the format+lookup baseline: ${(bigMs / (10 * base.keyed)).toFixed(1)}x, to 10x the lookup-only baseline: ${(bigMs / (10 * base.lookupOnly)).toFixed(1)}x  (target: under 4 s)`,
);
console.log(
  `  one million frames against its target and its baseline: ${(bigMs / 1000).toFixed(2)} s is ${(bigMs / MILLION_TARGET_MS).toFixed(2)}x the 4 s target and ${(bigMs / MILLION_BEFORE_MS).toFixed(2)}x the ${(MILLION_BEFORE_MS / 1000).toFixed(1)} s it took before (issue #19); ${bigBytes.toFixed(0)} bytes per step against at most 120  [load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs]`,
);
for (const [what, x] of [
  [`${n(trace.stepCount)} steps`, sent],
  [`${n(bigSteps)} steps`, bigSent],
] as const)
  console.log(
    `  sending a trace of ${what} to the page: toData in the worker ${x.toData.toFixed(0)} ms (${n(x.texts)} distinct texts, ${(x.textBytes / 2 ** 20).toFixed(1)} MiB), clone with transfer ${x.clone.toFixed(0)} ms; state index built there ${x.indexInWorker.toFixed(0)} ms; on the page: fromData ${x.fromData.toFixed(1)} ms, state index read and first seek ${x.index.toFixed(0)} ms, last step ${x.lastStep.toFixed(2)} ms${x.made ? '  WARNING: every Step was made' : ''}`,
  );
if (bigDelivered !== MILLION) console.log(`  WARNING: ${bigDelivered} of ${MILLION} frames delivered`);
const delivered = trace.deliveredCount();
if (delivered !== FRAMES) console.log(`  WARNING: ${delivered} of ${FRAMES} frames delivered`);
