// §2.4 receive path rules, with corrections W1 and W10, one test per rule.
import { describe, expect, it } from 'vitest';
import { icmpEcho, arpRequest } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, hostTopo, type MvSpec } from './topo';
import { originOf, seen, stepsOf } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ping = (src: string, dst: string) =>
  hex(
    icmpEcho({
      type: 'request',
      id: 1,
      seq: 1,
      srcMac: mac(src),
      dstMac: mac(dst),
      srcIp: ip('10.0.0.99'),
      dstIp: ip('10.0.0.2'),
    }),
  );
const arp = (src: string) => hex(arpRequest({ srcMac: mac(src), srcIp: ip('10.0.0.99'), targetIp: ip('10.0.0.2') }));

function fromWire(mvs: MvSpec[], frames: string[], hostConfig?: Record<string, unknown>, extraTraffic: unknown[] = []) {
  const traffic = [
    ...extraTraffic,
    ...frames.map((h, i) => ({ at: `${10 + i * 10}us`, node: 'sw', port: 'eth0', frame: { hex: h } })),
  ];
  const t = run(hostTopo(mvs, { traffic, hostConfig }));
  return { t, o: (i: number) => originOf(t, extraTraffic.length + i) };
}

describe('unicast (§2.4 step 2)', () => {
  it('hash lookup of the destination delivers to that macvlan only, whatever its mode (PRIVATE here)', () => {
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'private', n: 1 },
        { name: 'mvB', mode: 'private', n: 2 },
      ],
      [ping(EXT_MAC, MAC(2))],
    );
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvB'], lowerStack: false });
  });

  it('no macvlan matches → RX_HANDLER_PASS: the lower stack gets it (PACKET_HOST for its own MAC)', () => {
    const { t, o } = fromWire([{ name: 'mvA', mode: 'vepa', n: 1 }], [ping(EXT_MAC, LOWER_MAC)]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: [], lowerStack: true });
  });

  it('W1: a unicast to a DOWN macvlan finds no target (not in vlan_hash) and passes to the lower device as OTHERHOST', () => {
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2, extra: { up: false } },
      ],
      [ping(EXT_MAC, MAC(2))],
      { lower: { name: 'eth0', mac: LOWER_MAC, filter: 'promiscuous' } },
    );
    const st = stepsOf(t, o(0));
    expect(seen(t, o(0)).macvlans).toEqual([]);
    const end = st.at(-1)!;
    expect(end.kind).toBe('drop');
    expect(end.source).toContain('RX_HANDLER_PASS');
    expect(end.decision).toContain('PACKET_OTHERHOST');
  });

  it('W1 with a NIC unicast filter: the down macvlan removed its MAC (dev_uc_del), so the NIC drops it first', () => {
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2, extra: { up: false } },
      ],
      [ping(EXT_MAC, MAC(2))],
    );
    const st = stepsOf(t, o(0));
    expect(st).toHaveLength(1);
    expect(st[0].kind).toBe('drop');
    expect(st[0].source).toContain('NIC unicast filter');
  });

  it('W1: the "down → drop, CONSUMED" branch is reached on a passthru port', () => {
    const { t, o } = fromWire(
      [{ name: 'mvP', mode: 'passthru', n: 1, extra: { up: false } }],
      [ping(EXT_MAC, LOWER_MAC)],
      { lower: { name: 'eth0', mac: LOWER_MAC, filter: 'promiscuous' } },
    );
    const end = stepsOf(t, o(0)).at(-1)!;
    expect(end.kind).toBe('drop');
    expect(end.decision).toContain('passthru macvlan but it is down');
  });

  it("a SOURCE macvlan's own MAC is not delivered by the destination path (PASS)", () => {
    const { t, o } = fromWire([{ name: 'mvS', mode: 'source', n: 5 }], [ping(EXT_MAC, MAC(5))], {
      lower: { name: 'eth0', mac: LOWER_MAC, filter: 'promiscuous' },
    });
    expect(seen(t, o(0)).macvlans).toEqual([]);
    expect(
      stepsOf(t, o(0)).some((s) => s.decision.includes('SOURCE macvlan, which the destination path never delivers to')),
    ).toBe(true);
  });

  it('W10: the unicast branch consults the source-mode table (clone to the SOURCE macvlan) and still delivers by destination', () => {
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvS', mode: 'source', n: 5, extra: { sources: [EXT_MAC] } },
      ],
      [ping(EXT_MAC, MAC(1))],
    );
    expect(seen(t, o(0)).macvlans).toEqual(['mvA', 'mvS']);
  });

  it("§2.10 nodst: a listed sender's frame is consumed after the source copy, no destination delivery", () => {
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvS', mode: 'source', n: 5, extra: { sources: [EXT_MAC], nodst: true } },
      ],
      [ping(EXT_MAC, MAC(1))],
    );
    expect(seen(t, o(0)).macvlans).toEqual(['mvS']);
    expect(stepsOf(t, o(0)).at(-1)!.source).toContain('MACVLAN_FLAG_NODST');
  });

  it('§2.9 passthru: the single macvlan takes every unicast without a lookup', () => {
    const { t, o } = fromWire([{ name: 'mvP', mode: 'passthru', n: 1 }], [ping(EXT_MAC, '02:00:00:00:77:77')]);
    expect(seen(t, o(0)).macvlans).toEqual(['mvP']);
  });
});

describe('multicast and broadcast (§2.4 step 1, §2.6)', () => {
  const all: MvSpec[] = [
    { name: 'mvP', mode: 'private', n: 1 },
    { name: 'mvV', mode: 'vepa', n: 2 },
    { name: 'mvB', mode: 'bridge', n: 3 },
    { name: 'mvS', mode: 'source', n: 4 },
  ];

  it('from an external host: every PRIVATE, VEPA and BRIDGE macvlan gets a copy; SOURCE never (not in any mask); the lower stack gets it too', () => {
    const { t, o } = fromWire(all, [arp(EXT_MAC)]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvB', 'mvP', 'mvV'], lowerStack: true });
    const fan = stepsOf(t, o(0)).find((s) => (s.detail as { fanout?: unknown })?.fanout)!;
    expect((fan.detail as { maskNames: string }).maskNames).toBe('PRIVATE|VEPA|BRIDGE|PASSTHRU');
  });

  it('reflected from a PRIVATE sender: delivered back to the sender only, consumed (the lower stack does not see it)', () => {
    const { t, o } = fromWire(all, [arp(MAC(1))]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvP'], lowerStack: false });
    expect(stepsOf(t, o(0)).some((s) => s.source.includes('RX_HANDLER_CONSUMED'))).toBe(true);
  });

  it('reflected from a VEPA sender: mask VEPA|BRIDGE, sender skipped', () => {
    const { t, o } = fromWire(all, [arp(MAC(2))]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvB'], lowerStack: true });
  });

  it('reflected from a BRIDGE sender: mask VEPA only ("bridge ports already saw the frame on the way out")', () => {
    const { t, o } = fromWire(all, [arp(MAC(3))]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvV'], lowerStack: true });
  });

  it("reflected from a SOURCE macvlan's MAC: forward to original port (its mode is neither VEPA nor BRIDGE)", () => {
    const { t, o } = fromWire(all, [arp(MAC(4))]);
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvS'], lowerStack: false });
  });

  it('down macvlans get no broadcast copy and are never matched as src', () => {
    const mvs: MvSpec[] = [
      { name: 'mvA', mode: 'private', n: 1, extra: { up: false } },
      { name: 'mvB', mode: 'vepa', n: 2 },
    ];
    const { t, o } = fromWire(mvs, [arp(MAC(1))]);
    // src lookup misses (mvA is down) → treated as external → mvB gets it, mvA does not
    expect(seen(t, o(0))).toMatchObject({ macvlans: ['mvB'], lowerStack: true });
  });

  it('a multicast group nobody joined is not in the port filter: no copies, lower stack not joined either', () => {
    const group = '01:00:5e:00:00:fb';
    const f = (group.replace(/:/g, '') + EXT_MAC.replace(/:/g, '') + '0800').padEnd(120, '0');
    const { t, o } = fromWire([{ name: 'mvA', mode: 'vepa', n: 1 }], [f]);
    expect(seen(t, o(0)).macvlans).toEqual([]);
    expect(
      stepsOf(t, o(0)).some(
        (s) => s.decision.startsWith('No copies for the macvlans') && s.decision.includes('neither port filter'),
      ),
    ).toBe(true);
  });

  it('a group joined by one macvlan reaches that macvlan only (its own mc_filter)', () => {
    const group = '01:00:5e:00:00:fb';
    const f = (group.replace(/:/g, '') + EXT_MAC.replace(/:/g, '') + '0800').padEnd(120, '0');
    const { t, o } = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1, extra: { mcast: [group] } },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      [f],
    );
    expect(seen(t, o(0)).macvlans).toEqual(['mvA']);
  });
});
