// §2.7 transmit path and §2.8 broadcast queue rules (with correction W3).
import { describe, expect, it } from 'vitest';
import { arpRequest, icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, hostTopo, type MvSpec } from './topo';
import { counter, originOf, seen } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ping = (src: string, dst: string) =>
  hex(
    icmpEcho({
      type: 'request',
      id: 1,
      seq: 1,
      srcMac: mac(src),
      dstMac: mac(dst),
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
    }),
  );
const arp = (src: string) => hex(arpRequest({ srcMac: mac(src), srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.200') }));

function fromGuest(mvs: MvSpec[], guest: string, frame: string) {
  const t = run(hostTopo(mvs, { traffic: [{ at: '1us', node: guest, port: 'eth0', frame: { hex: frame } }] }));
  return { t, s: seen(t, originOf(t, 0)) };
}

describe('macvlan_queue_xmit (§2.7)', () => {
  it('VEPA unicast to a local VEPA peer goes to the wire, no local delivery', () => {
    const { s } = fromGuest(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      'gA',
      ping(MAC(1), MAC(2)),
    );
    expect(s).toMatchObject({ wire: 1, macvlans: [] });
  });

  it('PRIVATE unicast goes to the wire', () => {
    const { s } = fromGuest(
      [
        { name: 'mvA', mode: 'private', n: 1 },
        { name: 'mvB', mode: 'private', n: 2 },
      ],
      'gA',
      ping(MAC(1), MAC(2)),
    );
    expect(s).toMatchObject({ wire: 1, macvlans: [] });
  });

  it('BRIDGE unicast to a non-BRIDGE macvlan goes to the wire (dest is not BRIDGE)', () => {
    const { s } = fromGuest(
      [
        { name: 'mvA', mode: 'bridge', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      'gA',
      ping(MAC(1), MAC(2)),
    );
    expect(s).toMatchObject({ wire: 1, macvlans: [] });
  });

  it('BRIDGE unicast to an external MAC goes to the wire', () => {
    const { s } = fromGuest([{ name: 'mvA', mode: 'bridge', n: 1 }], 'gA', ping(MAC(1), EXT_MAC));
    expect(s).toMatchObject({ wire: 1, macvlans: [] });
  });

  it('BRIDGE broadcast: local copies to the other BRIDGE macvlans only, then also the wire; tcpdump on eth0 sees the transmit', () => {
    const { s } = fromGuest(
      [
        { name: 'mvA', mode: 'bridge', n: 1 },
        { name: 'mvB', mode: 'bridge', n: 2 },
        { name: 'mvV', mode: 'vepa', n: 3 },
        { name: 'mvP', mode: 'private', n: 4 },
      ],
      'gA',
      arp(MAC(1)),
    );
    expect(s).toMatchObject({ wire: 1, macvlans: ['mvB'], lowerStack: false, tcpdump: 1 });
  });

  it('a guest on a down macvlan cannot transmit', () => {
    const { t, s } = fromGuest(
      [{ name: 'mvA', mode: 'vepa', n: 1, extra: { up: false } }],
      'gA',
      ping(MAC(1), EXT_MAC),
    );
    expect(s.wire).toBe(0);
    expect(counter(t, 'H', 'mvA tx_dropped')).toBe(1);
  });

  it('tx_packets counts per device', () => {
    const { t } = fromGuest(
      [
        { name: 'mvA', mode: 'bridge', n: 1 },
        { name: 'mvB', mode: 'bridge', n: 2 },
      ],
      'gA',
      ping(MAC(1), MAC(2)),
    );
    // gA's echo request, then gA's ARP reply: gB has no entry for gA (the request came raw), so its echo reply
    // waits while gB solicits gA (neigh_resolve_output, net/core/neighbour.c), and gA answers through mvA.
    expect(counter(t, 'H', 'mvA tx_packets')).toBe(2);
    // mvB receives both of them.
    expect(counter(t, 'H', 'mvB rx_packets')).toBe(2);
  });
});

describe('broadcast queue (§2.8, W3)', () => {
  const burst = (n: number) =>
    Array.from({ length: n }, () => ({ at: '10us', node: 'sw', port: 'eth0', frame: { hex: arp(EXT_MAC) } }));

  it('bc_queue_len_used is the maximum request: mA 0 and mB 1000 → 1000, broadcast delivered to both', () => {
    const t = run(
      hostTopo(
        [
          { name: 'mvA', mode: 'vepa', n: 1, extra: { bcqueuelen: 0 } },
          { name: 'mvB', mode: 'vepa', n: 2 },
        ],
        { traffic: burst(1) },
      ),
    );
    expect(finalState(t).get('H/port/bcqueue')).toMatchObject({ len: 0, used: 1000 });
    expect(seen(t, originOf(t, 0)).macvlans).toEqual(['mvA', 'mvB']);
  });

  it('all requests 0: every macvlan copy is dropped (counted on eth0 rx_dropped), the lower stack still gets each frame', () => {
    const t = run(
      hostTopo(
        [
          { name: 'mvA', mode: 'vepa', n: 1, extra: { bcqueuelen: 0 } },
          { name: 'mvB', mode: 'vepa', n: 2, extra: { bcqueuelen: 0 } },
        ],
        { traffic: burst(3) },
      ),
    );
    for (let i = 0; i < 3; i++) expect(seen(t, originOf(t, i))).toMatchObject({ macvlans: [], lowerStack: true });
    expect(counter(t, 'H', 'eth0 rx_dropped')).toBe(3);
  });

  // The five frames cross a 1 Gbit/s link back to back (672 ns apart); the worker is made
  // slow (100 us) so all of them arrive before it runs.
  const slow = { bcWorkerDelay: '100us' };

  it('a burst longer than the queue before the worker runs: the excess clones are dropped', () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { bcqueuelen: 2 } }], {
        traffic: burst(5),
        hostConfig: slow,
      }),
    );
    const got = [0, 1, 2, 3, 4].map((i) => seen(t, originOf(t, i)).macvlans.length);
    expect(got).toEqual([1, 1, 0, 0, 0]);
    expect(counter(t, 'H', 'eth0 rx_dropped')).toBe(3);
    expect(counter(t, 'H', 'mvA rx_packets')).toBe(2);
    expect(counter(t, 'H', 'mvA multicast')).toBe(2);
  });

  it('the worker takes the whole queue at once, after the enqueue', () => {
    const t = run(hostTopo([{ name: 'mvA', mode: 'vepa', n: 1 }], { traffic: burst(4), hostConfig: slow }));
    const runs = t.steps.filter((s) => s.source === 'macvlan_process_broadcast' && s.kind === 'timer');
    expect(runs).toHaveLength(1);
    expect((runs[0].detail as { spliced: number }).spliced).toBe(4);
  });
});
