// §2.11 macvtap and omission 4/5 of the corrections: ring sized by tx_queue_len (500 by
// default), overflow counted as rx_errors = rx_dropped while rx_packets counts every frame,
// no open file → RX_HANDLER_PASS, multiqueue by opening the tap again.
import { describe, expect, it } from 'vitest';
import { icmpEcho, udpFrame } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, hostTopo } from './topo';
import { counter, originOf, seen } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ping = (seq: number) =>
  hex(
    icmpEcho({
      type: 'request',
      id: 1,
      seq,
      srcMac: mac(EXT_MAC),
      dstMac: mac(MAC(1)),
      srcIp: ip('10.0.0.99'),
      dstIp: ip('10.0.0.1'),
    }),
  );
const flood = (n: number, every: string | number = 0) => [
  { at: '10us', node: 'sw', port: 'eth0', frame: { hex: ping(1) }, repeat: n, every },
];

describe('macvtap queue', () => {
  it('defaults: one queue of tx_queue_len 500', () => {
    const t = run(hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: true } }], { traffic: [] }));
    expect(finalState(t).get('H/tapcfg/mvA')).toMatchObject({ queues: 1, txqueuelen: 500 });
  });

  it('a reader too slow for the flood: 601 frames into a 500-frame ring → rx_packets 601, rx_errors = rx_dropped = 101', () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { reader: { every: '1s', burst: 1 } } } }], {
        traffic: flood(601),
        until: '900ms',
      }),
    );
    expect(counter(t, 'H', 'mvA rx_packets')).toBe(601);
    expect(counter(t, 'H', 'mvA rx_errors')).toBe(101);
    expect(counter(t, 'H', 'mvA rx_dropped')).toBe(101);
    expect(finalState(t).get('H/stats/mvA')).toMatchObject({ rx_packets: 601, rx_errors: 101, rx_dropped: 101 });
    expect(finalState(t).get('H/tap/mvA/0')).toBe(500);
    const drops = t.steps.filter((s) => s.kind === 'drop' && s.source.includes('ptr_ring_produce fails'));
    expect(drops).toHaveLength(101);
  });

  it('a fast reader drains the ring: every frame reaches the guest', () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { reader: { every: '1us', burst: 64 } } } }], {
        traffic: flood(50, '1us'),
      }),
    );
    expect(counter(t, 'H', 'mvA rx_errors')).toBe(0);
    const reached = t.fates.filter(
      // Only the scripted frames (no cause): gA's replies now wait for its own ARP for sw, and sw's ARP reply
      // reaches gA too (neigh_resolve_output, net/core/neighbour.c).
      (f) =>
        f.traffic !== undefined && f.cause === undefined && f.node === 'sw' && f.delivered.some((d) => d.node === 'gA'),
    );
    expect(reached).toHaveLength(50);
  });

  it("no file open (0 queues): the frame passes to the macvtap netdev's own stack on the host", () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { queues: 0 } } }], { traffic: flood(1) }),
    );
    const s = seen(t, originOf(t, 0));
    expect(s.macvlans).toEqual(['mvA']);
    expect(t.steps.some((x) => x.source.includes('numvtaps == 0'))).toBe(true);
  });

  it('multiqueue: tap-open adds queues; one flow always picks the same queue', () => {
    const udp = (sp: number) =>
      hex(
        udpFrame({
          srcMac: mac(EXT_MAC),
          dstMac: mac(MAC(1)),
          srcIp: ip('10.0.0.99'),
          dstIp: ip('10.0.0.1'),
          srcPort: sp,
          dstPort: 9,
          payload: new Uint8Array(4),
        }),
      );
    const traffic = [
      { at: '1us', node: 'H', command: 'tap-open', args: { name: 'mvA' } },
      { at: '1us', node: 'H', command: 'tap-open', args: { name: 'mvA' } },
      ...[1000, 1000, 1000, 2000, 3000, 4000, 5000].map((sp, i) => ({
        at: `${10 + i}us`,
        node: 'sw',
        port: 'eth0',
        frame: { hex: udp(sp) },
      })),
    ];
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { reader: { every: '1s' } } } }], {
        traffic,
        until: '1ms',
      }),
    );
    expect(finalState(t).get('H/tapcfg/mvA')).toMatchObject({ queues: 3 });
    const q = (i: number) =>
      (
        t.steps.find(
          (s) => s.packet?.origin === originOf(t, i) && (s.detail as { queue?: number })?.queue !== undefined,
        )!.detail as { queue: number }
      ).queue;
    expect(q(2)).toBe(q(3));
    expect(q(3)).toBe(q(4));
    expect(new Set([2, 5, 6, 7, 8].map(q)).size).toBeGreaterThan(1);
  });

  it('shrinking tx_queue_len resizes the ring live and drops what no longer fits', () => {
    const traffic = [...flood(10), { at: '1ms', node: 'H', command: 'set-txqueuelen', args: { name: 'mvA', len: 4 } }];
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { reader: { every: '1s' } } } }], {
        traffic,
        until: '2ms',
      }),
    );
    expect(finalState(t).get('H/tap/mvA/0')).toBe(4);
    expect(t.steps.filter((s) => s.kind === 'drop' && s.source.includes('ptr_ring_resize'))).toHaveLength(6);
  });
});
