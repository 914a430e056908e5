// The bridge device itself (br0) as a receiving interface (issue 15 item 4), config `local`
// / `mac`. From net/bridge/br_input.c (v6.x): br_handle_frame_finish sets local_rcv for a
// broadcast, for a multicast without an mdb entry (and then DEV_STATS_INC(br->dev,
// multicast)) and for a unicast to an is_local FDB entry (br0's own MAC, not forwarded);
// br_flood hands the ports clones, then br_pass_frame_up counts
// dev_sw_netstats_rx_add(brdev, skb->len), with the Ethernet header already pulled by the
// port's eth_type_trans: a 60-byte frame counts 46 bytes on br0. netif_receive_skb on br0:
// no packet_type for the EtherType → br0's rx_dropped (__netif_receive_skb_core).
import { describe, expect, it } from 'vitest';
import { finalState, run, star, stepsWhere, MAC } from '../helpers/run';

const raw = (dst: string, src: string, type = '0800') => ({
  hex: `${dst.replace(/:/g, '')}${src.replace(/:/g, '')}${type}${'00'.repeat(46)}`,
});
const BCAST = 'ff:ff:ff:ff:ff:ff';
const BR_MAC = '02:00:00:00:00:fe';
const one = (frame: { hex: string }, bridge: Record<string, unknown> = { local: true }) =>
  run(star(3, { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame }] }, bridge));
const brdev = (t: ReturnType<typeof run>) => finalState(t).get('br0/brdev') as Record<string, number>;

describe('br0 receives its local copies (br_pass_frame_up)', () => {
  it('a 60-byte IPv4 broadcast: flooded to p2 and p3, then up br0, counted as 46 bytes, not multicast', () => {
    const t = one(raw(BCAST, MAC(1)));
    expect(stepsWhere(t, { node: 'br0', kind: 'transmit' }).map((s) => s.port)).toEqual(['p2', 'p3']);
    expect(t.fates[0].delivered.some((d) => d.node === 'br0')).toBe(true);
    expect(brdev(t)).toMatchObject({ rx_packets: 1, rx_bytes: 46, multicast: 0, rx_dropped: 0 });
    const up = t.steps.find((s) => s.source === 'br_handle_frame_finish (local_rcv) → br_pass_frame_up');
    expect(up?.decision).toContain('46 bytes');
  });

  it('a multicast also counts br0 multicast', () => {
    const t = one(raw('01:00:5e:00:00:fb', MAC(1)));
    expect(brdev(t)).toMatchObject({ rx_packets: 1, rx_bytes: 46, multicast: 1 });
  });

  it('an unknown EtherType goes up br0 and is rx_dropped there', () => {
    const t = one(raw(BCAST, MAC(1), '88b5'));
    expect(brdev(t)).toMatchObject({ rx_packets: 1, rx_dropped: 1 });
    expect(t.counters.br0['br0 rx_dropped']).toBe(1);
    expect(t.fates[0].dropped.map((d) => d.node).sort()).toEqual(['br0', 'h2', 'h3']);
  });

  it("a unicast to br0's own MAC goes up br0 only: nothing is forwarded or flooded", () => {
    const t = one(raw(BR_MAC, MAC(1)), { mac: BR_MAC });
    expect(stepsWhere(t, { node: 'br0', kind: 'transmit' })).toEqual([]);
    expect(brdev(t)).toMatchObject({ rx_packets: 1, rx_bytes: 46 });
    expect(t.fates[0].delivered.map((d) => d.node)).toEqual(['br0']);
  });

  it('a unicast to another host is not a local copy', () => {
    const t = one(raw(MAC(2), MAC(1)), { mac: BR_MAC });
    expect(brdev(t)).toMatchObject({ rx_packets: 0 });
  });

  it('a broadcast with no other port up still goes up br0 (br_flood frees only its own skb)', () => {
    const t = run(
      star(
        2,
        {
          faults: [{ at: 0, link: 'l2', action: 'down' }],
          traffic: [{ at: 10_000, node: 'h1', port: 'eth0', frame: raw(BCAST, MAC(1)) }],
        },
        { local: true },
      ),
    );
    expect(brdev(t)).toMatchObject({ rx_packets: 1 });
    expect(t.fates[0].delivered.map((d) => d.node)).toEqual(['br0']);
  });

  it('without `local` the bridge keeps the port-only model: no br0 copy', () => {
    const t = one(raw(BCAST, MAC(1)), {});
    expect(finalState(t).get('br0/brdev')).toBeUndefined();
    expect(t.fates[0].delivered.some((d) => d.node === 'br0')).toBe(false);
  });
});
