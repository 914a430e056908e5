// Frames no protocol takes (issue 15 item 3). After the rx_handler passes a frame on (or the
// macvlan hands it to its device with RX_HANDLER_ANOTHER / netif_rx), __netif_receive_skb_core
// looks for a packet_type of skb->protocol; with none and no packet socket it frees the frame
// and calls dev_core_stats_rx_dropped_inc(skb->dev): the lower device's rx_dropped for a frame
// the macvlan port passed up, the macvlan's (or a queue-less macvtap's) own for a frame it
// received. dev_get_stats adds that core stat to macvlan_dev_get_stats64's rx_dropped
// (= rx_errors). A stock host registers ip_rcv, arp_rcv and ipv6_rcv; 0x88b5 (IEEE local
// experimental) has no handler. An IPv4 frame for someone else is taken by ip_rcv, which
// discards PACKET_OTHERHOST without counting a drop.
import { describe, expect, it } from 'vitest';
import { MAC, finalState, run, star } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, frameHex, hostTopo, type MvSpec } from './topo';
import { counter } from './observe';

const BCAST = 'ff:ff:ff:ff:ff:ff';
const EXPERIMENTAL = '88b5';
const vepa: MvSpec[] = [
  { name: 'mvA', mode: 'vepa', n: 1 },
  { name: 'mvB', mode: 'vepa', n: 2 },
];
const promiscuous = { lower: { name: 'eth0', mac: LOWER_MAC, filter: 'promiscuous' } };

function fromWire(mvs: MvSpec[], hex: string, hostConfig?: Record<string, unknown>) {
  return run(hostTopo(mvs, { hostConfig, traffic: [{ at: '1us', node: 'sw', port: 'eth0', frame: { hex } }] }));
}
const stats = (t: ReturnType<typeof run>, dev: string) => finalState(t).get(`H/stats/${dev}`) as Record<string, number>;
const guestGot = (t: ReturnType<typeof run>, g: string) =>
  t.steps.some((s) => s.node === g && s.kind !== 'transmit' && s.packet?.origin === t.fates[0].origin);

describe('__netif_receive_skb_core: no packet_type → rx_dropped of the receiving device', () => {
  it('a broadcast of an unknown EtherType: rx_dropped + 1 on eth0 and on every macvlan that got a copy', () => {
    const t = fromWire(vepa, frameHex(BCAST, EXT_MAC, EXPERIMENTAL));
    expect(counter(t, 'H', 'eth0 rx_dropped')).toBe(1);
    for (const d of ['mvA', 'mvB']) {
      expect(stats(t, d)).toMatchObject({ rx_packets: 1, multicast: 1, rx_errors: 0, rx_dropped: 1 });
      expect(counter(t, 'H', `${d} rx_dropped`)).toBe(1);
    }
    expect(guestGot(t, 'gA')).toBe(false);
    const drop = t.steps.find((s) => s.kind === 'drop' && s.port === 'mvA');
    expect(drop?.source).toContain('__netif_receive_skb_core');
    expect(drop?.decision).toContain('0x88b5');
  });

  it('the same broadcast as IPv4, ARP or IPv6: a handler takes it everywhere, nothing is rx_dropped', () => {
    for (const type of ['0800', '0806', '86dd']) {
      const t = fromWire(vepa, frameHex(BCAST, EXT_MAC, type));
      expect(counter(t, 'H', 'eth0 rx_dropped')).toBe(0);
      expect(counter(t, 'H', 'mvA rx_dropped')).toBe(0);
      expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_dropped: 0 });
    }
  });

  it('unicast of an unknown EtherType to a macvlan: rx_packets and rx_dropped on that macvlan only', () => {
    const t = fromWire(vepa, frameHex(MAC(1), EXT_MAC, EXPERIMENTAL));
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_bytes: 60, rx_dropped: 1 });
    expect(counter(t, 'H', 'eth0 rx_dropped')).toBe(0);
    expect(guestGot(t, 'gA')).toBe(false);
  });

  it('RX_HANDLER_PASS of a frame for another MAC on a promiscuous lower: 0x88b5 → eth0 rx_dropped, IPv4 → none', () => {
    const exp = fromWire(vepa, frameHex('02:00:00:00:00:77', EXT_MAC, EXPERIMENTAL), promiscuous);
    expect(counter(exp, 'H', 'eth0 rx_dropped')).toBe(1);
    const ip4 = fromWire(vepa, frameHex('02:00:00:00:00:77', EXT_MAC, '0800'), promiscuous);
    expect(counter(ip4, 'H', 'eth0 rx_dropped')).toBe(0);
    expect(ip4.steps.find((s) => s.kind === 'drop')?.source).toContain('ip_rcv (PACKET_OTHERHOST)');
  });

  it('a VLAN-tagged frame with no VLAN device: the inner EtherType decides (IPv4 taken, 0x88b5 dropped)', () => {
    const tagged = (inner: string) => frameHex(BCAST, EXT_MAC, `81000005${inner}`);
    expect(counter(fromWire(vepa, tagged('0800')), 'H', 'eth0 rx_dropped')).toBe(0);
    expect(counter(fromWire(vepa, tagged(EXPERIMENTAL)), 'H', 'eth0 rx_dropped')).toBe(1);
  });

  it('a macvtap with no queue open passes the frame to its own stack, where 0x88b5 is rx_dropped', () => {
    const mvs: MvSpec[] = [{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { queues: 0 } } }];
    const t = fromWire(mvs, frameHex(MAC(1), EXT_MAC, EXPERIMENTAL));
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_errors: 0, rx_dropped: 1 });
    const ip4 = fromWire(mvs, frameHex(MAC(1), EXT_MAC, '0800'));
    expect(stats(ip4, 'mvA')).toMatchObject({ rx_packets: 1, rx_dropped: 0 });
  });

  it('a macvtap with a queue open takes every EtherType into its ring (tap_handle_frame consumes it)', () => {
    const t = fromWire(
      [{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: true } }],
      frameHex(MAC(1), EXT_MAC, EXPERIMENTAL),
    );
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_dropped: 0 });
  });

  it('a plain host counts rx_dropped for a broadcast no protocol takes', () => {
    const raw = { hex: `ffffffffffff${MAC(1).replace(/:/g, '')}${EXPERIMENTAL}${'00'.repeat(46)}` };
    const t = run(star(3, { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: raw }] }));
    expect(t.counters.h2?.rx_dropped).toBe(1);
    expect(t.counters.h3?.rx_dropped).toBe(1);
    const ip4 = run(
      star(3, {
        traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: { hex: raw.hex.replace(EXPERIMENTAL, '0800') } }],
      }),
    );
    expect(ip4.counters.h2?.rx_dropped).toBeUndefined();
  });
});
