// Property: with random loss, duplication and reordering (jitter) on the host-switch link,
// once the link has been quiet long enough for every timer to run out (respWaitDelay +
// toutKeepAlive + a keep-alive period), station and switch agree about every guest: the
// station's VSI is confirmed ASSOC exactly when the switch has the guest's policy installed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateIndex } from '../../src/engine/sim/state-index';
import { loadJson, run } from './run';

const QUIET_AT = 20; // s: impairments stop here
const CHECK_AT = QUIET_AT + 45; // s: > respWaitDelay (15.76) + toutKeepAlive (15.76) + reinitKeepAlive (10.49)

function scenario(
  seed: number,
  loss: number,
  dup: number,
  jitterUs: number,
  shutdownAt: number | null,
  behaviour: 'standard' | 'lldpad',
): unknown {
  const j: any = structuredClone(loadJson('src/scenarios/vdp/bridge-deassociate.json'));
  j.seed = seed;
  j.until = `${CHECK_AT}s`;
  j.nodes[0].config.behaviour = behaviour;
  j.nodes[1].config.behaviour = behaviour;
  j.traffic = [
    { at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } },
    { at: '3ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm2' } },
    ...(shutdownAt !== null
      ? [{ at: `${shutdownAt}ms`, node: 'hostA', command: 'shutdown-guest', args: { guest: 'vm2' } }]
      : []),
  ];
  j.expect = [];
  j.faults = [
    { at: '0.5ms', link: 'wireA', action: 'impair', loss, duplicate: dup, jitter: `${jitterUs}us` },
    { at: `${QUIET_AT}s`, link: 'wireA', action: 'impair', loss: 0, duplicate: 0, jitter: '0us' },
  ];
  return j;
}

describe('station and switch agree once the link is quiet', () => {
  it('holds for random loss, duplication and reordering', () => {
    const seen = { assoc: 0, notAssoc: 0, lossy: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 5, max: 60 }).map((p) => p / 100),
        fc.integer({ min: 0, max: 50 }).map((p) => p / 100),
        fc.integer({ min: 0, max: 8000 }),
        fc.option(fc.integer({ min: 5, max: 15_000 }), { nil: null }),
        fc.constantFrom('standard' as const, 'lldpad' as const),
        (seed, loss, dup, jitter, shutdownAt, behaviour) => {
          const t = run(scenario(seed, loss, dup, jitter, shutdownAt, behaviour));
          if (t.steps.some((x) => x.kind === 'drop' && x.node === 'wireA')) seen.lossy++;
          const s = new StateIndex(t).at(t.steps.length - 1);
          for (const [g, mac] of [
            ['vm1', '52:54:00:12:34:56'],
            ['vm2', '52:54:00:12:34:57'],
          ]) {
            const v = s.get(`hostA/vsi/${g}`) as { state: string; confirmed: string } | undefined;
            const stationAssoc = !!v && v.state !== 'END' && v.confirmed === 'ASSOC';
            const pol = s.get(`sw/port/p1/vsi/${mac}@100`) as { stage: string } | undefined;
            const switchAssoc = pol?.stage === 'assoc';
            seen[stationAssoc ? 'assoc' : 'notAssoc']++;
            if (stationAssoc !== switchAssoc) {
              throw new Error(
                `${g}: station ${JSON.stringify(v)} vs switch ${JSON.stringify(pol)} (seed ${seed}, loss ${loss}, dup ${dup}, jitter ${jitter} us, shutdown ${shutdownAt}, ${behaviour})`,
              );
            }
          }
        },
      ),
      { numRuns: 30, seed: 20261122 },
    );
    // Not vacuous: frames were lost, and both outcomes occurred.
    expect(seen.lossy).toBeGreaterThan(10);
    expect(seen.assoc).toBeGreaterThan(5);
    expect(seen.notAssoc).toBeGreaterThan(5);
  }, 120_000);

  it('holds for VDP 0.2 over ECP 0.2 too', () => {
    let assoc = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 8000 }),
        (seed, lossPct, dupPct, jitter) => {
          const j: any = structuredClone(loadJson('src/scenarios/vdp/vdp02-associate.json'));
          Object.assign(j, { seed, until: `${CHECK_AT}s`, expect: [] });
          j.traffic = [{ at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } }];
          j.faults = [
            {
              at: '0.5ms',
              link: 'wireA',
              action: 'impair',
              loss: lossPct / 100,
              duplicate: dupPct / 100,
              jitter: `${jitter}us`,
            },
            { at: `${QUIET_AT}s`, link: 'wireA', action: 'impair', loss: 0, duplicate: 0, jitter: '0us' },
          ];
          const t = run(j);
          const s = new StateIndex(t).at(t.steps.length - 1);
          const v = s.get('hostA/vsi/vm1') as { state: string; mode: string } | undefined;
          // ASSOC_PROCESSING with mode ASSOC is a keep-alive in flight (the profile was associated before).
          const stationAssoc =
            !!v && v.mode === 'ASSOC' && (v.state === 'ASSOCIATED' || v.state === 'ASSOC_PROCESSING');
          const switchAssoc =
            (s.get('sw/port/p1/vsi/52:54:00:12:34:56@100') as { stage: string } | undefined)?.stage === 'assoc';
          if (stationAssoc) assoc++;
          if (stationAssoc !== switchAssoc)
            throw new Error(
              `station ${JSON.stringify(v)} vs switch ${switchAssoc} (seed ${seed}, loss ${lossPct}%, dup ${dupPct}%, jitter ${jitter} us)`,
            );
        },
      ),
      { numRuns: 20, seed: 20261123 },
    );
    expect(assoc).toBeGreaterThan(3);
  }, 120_000);
});
