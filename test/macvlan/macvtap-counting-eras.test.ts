// How a macvtap's frames are counted, by kernel era (the macvtap's `era` setting). Golden
// values from the sources, not from the engine:
// * v2.6.34 macvlan_handle_frame: `macvlan_count_rx(vlan, len, skb != NULL, 0);` then
//   `vlan->receive(skb)`: counted as received before macvtap_forward answers, even when it
//   answers -ENOLINK (no open file).
// * v2.6.35–v3.13 macvlan_handle_frame: `ret = vlan->receive(skb); out:
//   macvlan_count_rx(vlan, len, ret == NET_RX_SUCCESS, 0);` and macvtap_forward: `if (!q) goto
//   drop; if (skb_queue_len(&q->sk.sk_receive_queue) >= dev->tx_queue_len) goto drop; …
//   drop: kfree_skb(skb); return NET_RX_DROP;`: a frame counts as rx_packets only once
//   queued, else as rx_errors; with no file the frame is dropped, not passed up.
// * macvtap_put_user (v2.6.34 to v3.13): `macvlan_count_rx(vlan, len, ret == 0, 0)` for each
//   frame the VMM reads, `len = min_t(int, skb->len, len)`, the whole frame after skb_push
//   (ETH_HLEN): the read counts the frame a second time ("macvtap: Do not double-count
//   received packets" removed it; v3.14 moved macvtap to an rx_handler).
// * today (drivers/net/tap.c): macvlan counts first (RX_HANDLER_ANOTHER), tap_handle_frame's
//   full ring adds rx_errors, no file → RX_HANDLER_PASS.
// * MAX_MACVTAP_QUEUES 16 in the 3.x if_macvlan.h; MAX_TAP_QUEUES 256 today.
import { describe, expect, it } from 'vitest';
import { icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, hostTopo } from './topo';
import { counter } from './observe';

const frame = icmpEcho({
  type: 'request',
  id: 1,
  seq: 1,
  srcMac: mac(EXT_MAC),
  dstMac: mac(MAC(1)),
  srcIp: ip('10.0.0.99'),
  dstIp: ip('10.0.0.1'),
});
const LEN = frame.length;
// gA knows the external host from the start (a static entry), so its echo replies leave at once: without it
// gA would first resolve 10.0.0.99 (neigh_resolve_output), and sw's ARP reply would be one more frame for mvA.
const flood = (n: number) => [
  { at: '1us', node: 'gA', command: 'neigh-add', args: { ip: '10.0.0.99', lladdr: EXT_MAC } },
  { at: '10us', node: 'sw', port: 'eth0', frame: { hex: Buffer.from(frame).toString('hex') }, repeat: n, every: 0 },
];
const SLOW = { every: '1s', burst: 1 }; // reads nothing during the run
const FAST = { every: '1us', burst: 64 };
const tap = (macvtap: Record<string, unknown>, traffic: unknown[], until = '900ms') =>
  run(hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap } }], { traffic, until }));
const stats = (t: ReturnType<typeof run>, k: string) => counter(t, 'H', `mvA ${k}`);

describe('macvtap counting by era', () => {
  it('a full queue: v3.13 counts only the 4 queued frames, today all 10 (6 rx_errors in both)', () => {
    const old = tap({ era: '3.13', txqueuelen: 4, reader: SLOW }, flood(10));
    expect([stats(old, 'rx_packets'), stats(old, 'rx_bytes'), stats(old, 'rx_errors')]).toEqual([4, 4 * LEN, 6]);
    const now = tap({ txqueuelen: 4, reader: SLOW }, flood(10));
    expect([stats(now, 'rx_packets'), stats(now, 'rx_bytes'), stats(now, 'rx_errors')]).toEqual([10, 10 * LEN, 6]);
  });

  it('every frame the VMM reads counts again before v3.14: 5 frames read give rx_packets 10', () => {
    const old = tap({ era: '3.13', reader: FAST }, flood(5));
    expect(finalState(old).get('H/tap/mvA/0')).toBe(0);
    expect([stats(old, 'rx_packets'), stats(old, 'rx_bytes')]).toEqual([10, 10 * LEN]);
    const first = tap({ era: '2.6.34', reader: FAST }, flood(5));
    expect([stats(first, 'rx_packets'), stats(first, 'rx_bytes')]).toEqual([10, 10 * LEN]);
    const now = tap({ reader: FAST }, flood(5));
    expect([stats(now, 'rx_packets'), stats(now, 'rx_bytes')]).toEqual([5, 5 * LEN]);
  });

  it('no file open: v3.13 drops (rx_errors 1), 2.6.34 drops but counts rx_packets 1, today the stack gets it', () => {
    const old = tap({ era: '3.13', queues: 0 }, flood(1));
    expect([stats(old, 'rx_packets'), stats(old, 'rx_errors')]).toEqual([0, 1]);
    const drop = old.steps.find((s) => s.node === 'H' && s.kind === 'drop');
    expect(drop?.source).toContain('!q → drop');
    expect(old.steps.some((s) => s.node === 'H' && s.kind === 'deliver')).toBe(false);
    const first = tap({ era: '2.6.34', queues: 0 }, flood(1));
    expect([stats(first, 'rx_packets'), stats(first, 'rx_errors')]).toEqual([1, 0]);
    const now = tap({ queues: 0 }, flood(1));
    expect([stats(now, 'rx_packets'), stats(now, 'rx_errors')]).toEqual([1, 0]);
    expect(now.steps.some((s) => s.node === 'H' && s.kind === 'deliver' && s.port === 'mvA')).toBe(true);
  });

  it('a broadcast copy into a full v3.13 queue is rx_errors with no multicast count', () => {
    const bcast = new Uint8Array(frame);
    bcast.fill(0xff, 0, 6);
    const traffic = [
      { at: '10us', node: 'sw', port: 'eth0', frame: { hex: Buffer.from(bcast).toString('hex') }, repeat: 3, every: 0 },
    ];
    const old = tap({ era: '3.13', txqueuelen: 1, reader: SLOW }, traffic, '5ms');
    expect([stats(old, 'rx_packets'), stats(old, 'multicast'), stats(old, 'rx_errors')]).toEqual([1, 1, 2]);
    const now = tap({ txqueuelen: 1, reader: SLOW }, traffic, '5ms');
    expect([stats(now, 'rx_packets'), stats(now, 'multicast'), stats(now, 'rx_errors')]).toEqual([3, 3, 2]);
  });

  it('v3.13 allows 16 queues (MAX_MACVTAP_QUEUES), today 256', () => {
    const topo = (queues: number, era?: string) =>
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { queues, ...(era && { era }) } } }], {
        traffic: [],
      });
    expect(loadScenario(topo(16, '3.13'), deviceTypes).ok).toBe(true);
    const r = loadScenario(topo(17, '3.13'), deviceTypes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).join()).toMatch(/queues/);
    expect(loadScenario(topo(17), deviceTypes).ok).toBe(true);
  });
});
