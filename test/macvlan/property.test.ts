// Property: whatever the modes and up/down states of the macvlans, a unicast frame is
// delivered at most once: to one macvlan, or to the lower device's stack, or onto the
// wire (no hairpin here, so nothing comes back). SOURCE-mode source lists are left empty:
// a listed sender's frames are cloned to the SOURCE macvlan *in addition* by design
// (§2.10), which is the one case where Linux delivers a unicast twice.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, hostTopo, type MvSpec } from './topo';
import { originOf, seen } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const MODES_NO_PT = ['private', 'vepa', 'bridge', 'source'] as const;

const scenarioArb = fc.record({
  passthru: fc.boolean(),
  devs: fc.array(fc.record({ mode: fc.constantFrom(...MODES_NO_PT), up: fc.boolean(), macvtap: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  }),
  hash: fc.constantFrom('current', 'prime64', '2009'),
  filter: fc.constantFrom('unicast', 'promiscuous'),
  sender: fc.nat(6),
  dest: fc.nat(7),
});

describe('a unicast frame is delivered at most once', () => {
  it('holds for random modes, states, hashes and senders', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const devs = sc.passthru
          ? [{ mode: 'passthru' as const, up: sc.devs[0].up, macvtap: sc.devs[0].macvtap }]
          : sc.devs;
        const mvs: MvSpec[] = devs.map((d, i) => ({
          name: `mv${String.fromCharCode(65 + i)}`,
          mode: d.mode,
          n: i + 1,
          extra: { up: d.up, ...(d.macvtap && { macvtap: true }) },
        }));
        // sender: the external host or one of the guests; destination: a macvlan, the lower device or elsewhere
        const fromGuest = sc.sender < mvs.length && mvs[sc.sender].mode !== 'passthru';
        const srcMac = fromGuest ? MAC(sc.sender + 1) : EXT_MAC;
        const dstMac = sc.dest < mvs.length ? MAC(sc.dest + 1) : sc.dest === 6 ? LOWER_MAC : '02:00:00:00:00:77';
        const frame = hex(
          icmpEcho({
            type: 'request',
            id: 1,
            seq: 1,
            srcMac: mac(srcMac),
            dstMac: mac(dstMac),
            srcIp: ip('10.0.0.98'),
            dstIp: ip('10.0.0.97'),
          }),
        );
        const node = fromGuest ? `g${mvs[sc.sender].name.slice(2)}` : 'sw';
        const t = run(
          hostTopo(mvs, {
            hostConfig: { hash: sc.hash, lower: { name: 'eth0', mac: LOWER_MAC, filter: sc.filter } },
            traffic: [{ at: '1us', node, port: 'eth0', frame: { hex: frame } }],
          }),
        );
        const o = originOf(t, 0);
        const s = seen(t, o);
        const receptions = s.macvlans.length + (s.lowerStack ? 1 : 0) + s.wire;
        expect(receptions).toBeLessThanOrEqual(1);
        // and every copy is accounted for
        expect(t.fates.find((f) => f.origin === o)!.inFlight).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
