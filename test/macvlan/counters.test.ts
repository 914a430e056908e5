// Per-device counters as macvlan_dev_get_stats64 reports them (drivers/net/macvlan.c, v6.x;
// issue 15 item 1). Golden values come from the source, not from the engine:
// - macvlan_broadcast counts every copy as macvlan_count_rx(vlan, skb->len + ETH_HLEN, ok, true).
//   On receive eth_type_trans has pulled the 14-byte header (skb->len = frame - 14), so the
//   count is the frame's length; on a BRIDGE sender's transmit (macvlan_queue_xmit) skb->data
//   is at the Ethernet header, so a 60-byte frame is counted as 74 bytes on each sibling.
// - macvlan_handle_frame's "forward to original port" (sender PRIVATE, PASSTHRU or SOURCE)
//   jumps to `out` with len = 0 and multicast false: 1 rx packet, 0 bytes, 0 multicast.
// - unicast (RX_HANDLER_ANOTHER): len = skb->len + ETH_HLEN = the frame's length.
// - macvlan_start_xmit: tx_packets + 1 and tx_bytes + skb->len (whole frame) on
//   NET_XMIT_SUCCESS; a macvtap's guest frames reach it through tap_get_user → dev_queue_xmit.
import { describe, expect, it } from 'vitest';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, frameHex, hostTopo, type MvSpec } from './topo';
import { counter } from './observe';

const BCAST = 'ff:ff:ff:ff:ff:ff';
const FRAME = 60; // frameHex pads every frame to 60 bytes
const ETH_HLEN = 14;

const stats = (t: ReturnType<typeof run>, dev: string) =>
  (finalState(t).get(`H/stats/${dev}`) ?? { rx_packets: 0, rx_bytes: 0 }) as Record<string, number>;

function fromGuest(mvs: MvSpec[], guest: string, dst: string, n: number) {
  return run(
    hostTopo(mvs, { traffic: [{ at: '1us', node: guest, port: 'eth0', frame: { hex: frameHex(dst, MAC(n)) } }] }),
  );
}

function fromWire(mvs: MvSpec[], src: string, dst: string) {
  return run(hostTopo(mvs, { traffic: [{ at: '1us', node: 'sw', port: 'eth0', frame: { hex: frameHex(dst, src) } }] }));
}

describe('macvlan_broadcast counts skb->len + ETH_HLEN', () => {
  const bridges: MvSpec[] = [
    { name: 'mvA', mode: 'bridge', n: 1 },
    { name: 'mvB', mode: 'bridge', n: 2 },
    { name: 'mvC', mode: 'bridge', n: 3 },
  ];
  it('a BRIDGE sender transmits a 60-byte broadcast: each sibling counts 74 bytes (the header twice)', () => {
    const t = fromGuest(bridges, 'gA', BCAST, 1);
    for (const d of ['mvB', 'mvC']) {
      expect(stats(t, d)).toMatchObject({ rx_packets: 1, rx_bytes: FRAME + ETH_HLEN, multicast: 1 });
      expect(counter(t, 'H', `${d} rx_bytes`)).toBe(74);
    }
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 0, rx_bytes: 0, tx_packets: 1, tx_bytes: FRAME });
  });
  it('the step that makes the local copy says why the count is 14 bytes long', () => {
    const t = fromGuest(bridges, 'gA', BCAST, 1);
    const step = t.steps.find((s) => s.source.startsWith('macvlan_broadcast_one (local') && s.decision.includes('mvB'));
    expect(step?.decision).toContain('74 rx bytes');
    expect(step?.decision).toContain('ETH_HLEN');
  });
  it('a 60-byte broadcast received from the wire counts 60 bytes on each macvlan (header already pulled)', () => {
    const t = fromWire(bridges, EXT_MAC, BCAST);
    for (const d of ['mvA', 'mvB', 'mvC'])
      expect(stats(t, d)).toMatchObject({ rx_packets: 1, rx_bytes: FRAME, multicast: 1 });
  });
});

describe('"forward to original port": 1 rx packet, 0 bytes, 0 multicast', () => {
  const cases: [string, MvSpec[], string][] = [
    ['PRIVATE', [{ name: 'mvA', mode: 'private', n: 1 }], MAC(1)],
    ['SOURCE', [{ name: 'mvA', mode: 'source', n: 1 }], MAC(1)],
    ['PASSTHRU', [{ name: 'mvA', mode: 'passthru', n: 1 }], LOWER_MAC],
  ];
  for (const [mode, mvs, src] of cases) {
    it(`${mode}: its own broadcast comes back from the wire`, () => {
      const t = fromWire(mvs, src, BCAST);
      expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_bytes: 0, multicast: 0 });
      expect(counter(t, 'H', 'mvA rx_bytes')).toBe(0);
      const step = t.steps.find((s) => s.source.startsWith('macvlan_handle_frame (src->mode != VEPA'));
      expect(step?.decision).toContain('0 bytes and 0 multicast');
    });
  }
  it('a VEPA sender is not echoed but flooded: a VEPA sibling counts the frame as multicast with its bytes', () => {
    const t = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      MAC(1),
      BCAST,
    );
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 0, rx_bytes: 0 });
    expect(stats(t, 'mvB')).toMatchObject({ rx_packets: 1, rx_bytes: FRAME, multicast: 1 });
  });
});

describe('unicast and transmit', () => {
  it('unicast from the wire counts the frame length, not multicast', () => {
    const t = fromWire([{ name: 'mvA', mode: 'vepa', n: 1 }], EXT_MAC, MAC(1));
    expect(stats(t, 'mvA')).toMatchObject({ rx_packets: 1, rx_bytes: FRAME, multicast: 0 });
  });
  it('BRIDGE unicast to a sibling: tx on the sender, rx on the receiver, both the frame length', () => {
    const t = fromGuest(
      [
        { name: 'mvA', mode: 'bridge', n: 1 },
        { name: 'mvB', mode: 'bridge', n: 2 },
      ],
      'gA',
      MAC(2),
      1,
    );
    expect(stats(t, 'mvA')).toMatchObject({ tx_packets: 1, tx_bytes: FRAME });
    expect(stats(t, 'mvB')).toMatchObject({ rx_packets: 1, rx_bytes: FRAME, multicast: 0 });
  });
  for (const mode of ['private', 'vepa', 'passthru', 'source']) {
    it(`${mode.toUpperCase()}: a frame to the wire counts tx_packets and tx_bytes`, () => {
      const t = fromGuest([{ name: 'mvA', mode, n: 1 }], 'gA', EXT_MAC, 1);
      expect(stats(t, 'mvA')).toMatchObject({ tx_packets: 1, tx_bytes: FRAME });
    });
  }
  it('a macvtap keeps tx packets and bytes too (tap_get_user → dev_queue_xmit → macvlan_start_xmit)', () => {
    const t = fromGuest([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: true } }], 'gA', EXT_MAC, 1);
    expect(stats(t, 'mvA')).toMatchObject({ tx_packets: 1, tx_bytes: FRAME });
    expect(counter(t, 'H', 'mvA tx_bytes')).toBe(FRAME);
  });
  it('a down macvlan counts tx_dropped, not tx_packets (__dev_queue_xmit core stat)', () => {
    const t = fromGuest([{ name: 'mvA', mode: 'vepa', n: 1, extra: { up: false } }], 'gA', EXT_MAC, 1);
    expect(counter(t, 'H', 'mvA tx_dropped')).toBe(1);
    expect(counter(t, 'H', 'mvA tx_packets')).toBe(0);
  });
});
