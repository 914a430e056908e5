// `npm run fuzz`: the long runs of the fuzz harness (harness.ts), with fixed seeds so a
// crash can be replayed. FUZZ_FRAMES (default 1,000,000) frames go through the decoders and,
// in batches, down the links of every bundled topology; FUZZ_SCENARIOS (default 20,000)
// mutated bundled scenarios go through the loader and a bounded run. Prints cases,
// crashes and hangs for each, the first few of each kind, and exits 1 on any.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import {
  bundledScenarios,
  checkDecoders,
  checkFramesThrough,
  checkScenario,
  mutate,
  mutateFrame,
  seedFrames,
  topologies,
  type Mutation,
  type Outcome,
} from './harness';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 1_000_000);
const SCENARIOS = Number(process.env.FUZZ_SCENARIOS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 19);
const BATCH = 500;

class Tally {
  cases = 0;
  crashes = 0;
  hangs = 0;
  readonly examples: string[] = [];
  constructor(readonly name: string) {}
  add(o: Outcome, input: () => string): void {
    this.cases++;
    if (o.ok) return;
    if (o.kind === 'crash') this.crashes++;
    else this.hangs++;
    if (this.examples.length < 5) this.examples.push(`${o.kind}: ${o.what}\n      input: ${input().slice(0, 300)}`);
  }
  line(ms: number): string {
    return `${this.name.padEnd(34)} cases ${String(this.cases).padStart(9)}  crashes ${this.crashes}  hangs ${this.hangs}  (${(ms / 1000).toFixed(1)} s)`;
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const seeds = seedFrames(400);
const frameArb = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  fc
    .tuple(fc.nat(seeds.length - 1), fc.array(fc.nat(), { minLength: 2, maxLength: 13 }))
    .map(([i, r]) => mutateFrame(seeds[i], r)),
);
const out: string[] = [];
let bad = 0;

// 1. Decoders: every frame.
{
  const t = new Tally('frames through every decoder');
  const t0 = performance.now();
  for (let done = 0, round = 0; done < FRAMES; round++) {
    const batch = fc.sample(frameArb, { seed: SEED + round, numRuns: Math.min(10_000, FRAMES - done) });
    for (const b of batch) t.add(checkDecoders(b), () => hex(b));
    done += batch.length;
  }
  out.push(t.line(performance.now() - t0), ...t.examples.map((e) => `    ${e}`));
  bad += t.crashes + t.hangs;
}

// 2. Devices: the same number of frames down the links of every topology, in batches.
{
  const topos = topologies();
  const t = new Tally(`frames through devices (${topos.length} topologies)`);
  let frames = 0;
  const t0 = performance.now();
  for (let round = 0; frames < FRAMES; round++) {
    const n = Math.min(BATCH, FRAMES - frames);
    const batch = fc.sample(frameArb, { seed: SEED * 7919 + round, numRuns: n });
    const topo = topos[round % topos.length];
    t.add(checkFramesThrough(topo, batch, 30_000), () => `${topo.file} round ${round} (FUZZ_SEED ${SEED})`);
    t.cases += batch.length - 1; // count frames, not runs
    frames += batch.length;
  }
  out.push(t.line(performance.now() - t0), ...t.examples.map((e) => `    ${e}`));
  bad += t.crashes + t.hangs;
}

// 3. Loader and bounded runs: mutated bundled scenarios.
{
  const all = bundledScenarios();
  const mutationArb: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    op: fc.nat(),
    value: fc.jsonValue({ maxDepth: 2 }),
  });
  const caseArb = fc.tuple(fc.nat(all.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 6 }));
  const t = new Tally('mutated scenarios (load + run)');
  let loaded = 0;
  const t0 = performance.now();
  for (let done = 0, round = 0; done < SCENARIOS; round++) {
    const batch = fc.sample(caseArb, { seed: SEED * 31 + round, numRuns: Math.min(1000, SCENARIOS - done) });
    for (const [i, ms] of batch) {
      const json = mutate(all[i].json, ms);
      const o = checkScenario(json, 10_000);
      if ((o as { loaded?: boolean }).loaded) loaded++;
      t.add(o, () => `${all[i].file} with ${JSON.stringify(ms).slice(0, 200)}`);
    }
    done += batch.length;
  }
  out.push(`${t.line(performance.now() - t0)}; ${loaded} loaded and ran`, ...t.examples.map((e) => `    ${e}`));
  bad += t.crashes + t.hangs;
}

console.log(`fuzz (seed ${SEED}):\n${out.map((l) => `  ${l}`).join('\n')}`);
process.exitCode = bad ? 1 : 0;
