// Fuzzing inside `npm test`: fast-check properties with fixed seeds, kept to a few seconds.
// `npm run fuzz` (run.ts) runs the same checks for a million frames and tens of thousands
// of scenarios. Each property: arbitrary input in, an outcome out, never an exception,
// never an "internal error" step, never a frame without a fate, never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
} from './harness';

const SEED = 19;
const scenarios = bundledScenarios();
const topos = topologies();
const seeds = seedFrames(200);
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
});
const frameArb = fc.oneof(
  fc.uint8Array({ maxLength: 128 }),
  fc
    .tuple(fc.nat(seeds.length - 1), fc.array(fc.nat(), { minLength: 2, maxLength: 9 }))
    .map(([i, r]) => mutateFrame(seeds[i], r)),
);

describe('fuzz (fixed seeds)', () => {
  it('has the bundled scenarios and topologies to start from', () => {
    expect(scenarios.length).toBeGreaterThan(40);
    expect(topos.length).toBe(scenarios.length);
    expect(seeds.length).toBeGreaterThan(50);
  });

  it('every frame decoder takes arbitrary and mutated bytes', () => {
    fc.assert(
      fc.property(frameArb, (b) => {
        expect(checkDecoders(b)).toEqual({ ok: true });
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('the loader takes mutated bundled scenarios: problems with paths, or a bounded run without defects', () => {
    fc.assert(
      fc.property(fc.nat(scenarios.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (i, ms) => {
        expect(checkScenario(mutate(scenarios[i].json, ms), 5000)).toMatchObject({ ok: true });
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it('every device receive path takes arbitrary bytes down every link of every bundled topology', () => {
    // One run per topology with frames sent from each link end; accounting must hold.
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 8, maxLength: 24 }), fc.nat(topos.length - 1), (frames, k) => {
        expect(checkFramesThrough(topos[k], frames, 10_000)).toEqual({ ok: true });
      }),
      {
        seed: SEED,
        numRuns: 2 * topos.length,
        examples: topos.map((_, k): [Uint8Array[], number] => [
          [new Uint8Array(0), new Uint8Array(13), new Uint8Array(60)],
          k,
        ]),
      },
    );
  }, 60_000);
});
