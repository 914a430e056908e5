// Two additions for lesson qeth-04 (issue 18): CPU accounting on qeth guests (the cost
// model of src/engine/devices/stack/cpu-cost.ts: perFrame + perByte x frame length, for
// each data frame a guest's stack handles) and the card's `demux: "flood"` counterfactual
// (promiscuous sharing, argued against on netdev in January 2005: every active guest gets
// a copy of every IP frame from the LAN). Expected values are computed from the model's
// stated parameters and from the frame sizes (14-byte Ethernet + 20-byte IPv4 + 8-byte UDP
// header + payload), never read back from the engine.
import { describe, expect, it } from 'vitest';
import { run, finalState, osaLab, CARD, deliveredNodes, droppedAt, demuxStep } from './qeth-helpers';
import { load } from '../helpers/run';

const ETH = 14;
const IPV4 = 20;
const UDP = 8;
/** A UDP frame from the LAN host to `dst` at the card's MAC, with `n` bytes of data. */
const udpTo = (at: string, dst: string, n: number, dstMac = CARD) => ({
  at,
  node: 'lan',
  command: 'udp',
  args: { dst, dstMac, dstPort: 9, payload: 'x'.repeat(n) },
});

// 2 us per frame and 0.5 ns per byte; a 100-byte frame (58 bytes of data) costs
// 2000 + 0.5 x 100 = 2050 ns.
const COST = { perFrame: '2us', perByte: 0.5 };
const DATA = 100 - ETH - IPV4 - UDP;
const PER_FRAME_NS = 2000 + 0.5 * 100;

describe('qeth-guest cpu accounting', () => {
  it('charges perFrame + perByte x length for a frame the stack keeps', () => {
    const t = run({ ...osaLab(2, () => ({ cpu: COST })), traffic: [udpTo('300us', '10.0.0.1', DATA)] });
    const s = finalState(t);
    expect(s.get('g1/cpu/ns')).toBe(PER_FRAME_NS);
    expect(s.get('g1/cpu/frames')).toBe(1);
    expect(t.counters.g1.cpu_ns).toBe(PER_FRAME_NS);
    // G2 got nothing from the card's table, so it spent nothing.
    expect(s.get('g2/cpu/ns')).toBeUndefined();
  });

  it('does not charge the IPA control path (STARTLAN, SETIP, SETIPM replies)', () => {
    const t = run({ ...osaLab(1, () => ({ cpu: COST })) });
    expect(finalState(t).get('g1/cpu/frames')).toBeUndefined();
    expect(t.counters.g1?.cpu_frames ?? 0).toBe(0);
  });

  it('charges a frame the guest sends as well as one it receives (a ping answered)', () => {
    const t = run({
      ...osaLab(1, () => ({ cpu: COST })),
      traffic: [{ at: '300us', node: 'lan', command: 'ping', args: { dst: '10.0.0.1' } }],
    });
    // The echo request in, the echo reply out: two frames.
    expect(finalState(t).get('g1/cpu/frames')).toBe(2);
  });

  it('a guest without cpu is not charged and its counters do not appear', () => {
    const t = run({ ...osaLab(1), traffic: [udpTo('300us', '10.0.0.1', DATA)] });
    expect(finalState(t).get('g1/cpu/ns')).toBeUndefined();
    expect(t.counters.g1?.cpu_ns).toBeUndefined();
  });

  it('refuses a malformed cost', () => {
    expect(() => load({ ...osaLab(1, () => ({ cpu: { perFrame: '2s' } })) })).toThrow(/more than a second/);
    expect(() => load({ ...osaLab(1, () => ({ cpu: { perPacket: '1us' } })) })).toThrow(/perPacket/);
  });
});

describe('the flood counterfactual (osa demux: "flood")', () => {
  it('the real card (default table) copies a registered unicast into its one owner', () => {
    const t = run({ ...osaLab(3), traffic: [udpTo('300us', '10.0.0.2', DATA)] });
    expect(deliveredNodes(t, 0)).toEqual(['g2']);
    expect(t.counters.osa.guest_copies).toBe(1);
    expect(finalState(t).get('osa/demux')).toBe('table');
  });

  it('flooding copies it into every active guest; the others parse it and drop it', () => {
    const t = run({ ...osaLab(3, () => ({}), {}, { demux: 'flood' }), traffic: [udpTo('300us', '10.0.0.2', DATA)] });
    expect(deliveredNodes(t, 0)).toEqual(['g2']);
    expect(
      droppedAt(t, 0)
        .map((d) => d.node)
        .sort(),
    ).toEqual(['g1', 'g3']);
    const d = demuxStep(t, 0);
    expect(d.detail.demux.targets).toEqual(['0x0a00', '0x0a03', '0x0a06']);
    expect((d.detail.demux as { flooded?: boolean }).flooded).toBe(true);
    // The table's own verdict is kept in the step: the registered branch.
    expect(d.detail.demux.branch).toBe('registered');
    // Three copies of a 100-byte frame as it came off the wire.
    expect(t.counters.osa.guest_copies).toBe(3);
    expect(t.counters.osa.guest_copy_bytes).toBe(3 * 100);
    expect(finalState(t).get('osa/stats/copies')).toBe(3);
    expect(finalState(t).get('osa/stats/copyBytes')).toBe(300);
  });

  it('a frame nobody registered reaches every guest instead of being discarded by the card', () => {
    const table = run({ ...osaLab(2), traffic: [udpTo('300us', '192.0.2.7', DATA)] });
    expect(droppedAt(table, 0).map((d) => d.node)).toEqual(['osa']);
    const flood = run({
      ...osaLab(2, () => ({}), {}, { demux: 'flood' }),
      traffic: [udpTo('300us', '192.0.2.7', DATA)],
    });
    expect(
      droppedAt(flood, 0)
        .map((d) => d.node)
        .sort(),
    ).toEqual(['g1', 'g2']);
  });

  it('the card still answers ARP itself, so a ping works and only the IP frame is flooded', () => {
    const t = run({
      ...osaLab(3, () => ({}), {}, { demux: 'flood' }),
      traffic: [{ at: '300us', node: 'lan', command: 'ping', args: { dst: '10.0.0.1' } }],
    });
    expect(deliveredNodes(t, 0)).toContain('lan');
    const arpCopies = t.steps.filter(
      (s) => s.node === 'osa' && s.kind === 'transmit' && s.port !== 'wire' && s.decision.includes('ARP'),
    );
    expect(arpCopies).toEqual([]);
    // One echo request from the LAN, flooded into 3 queues.
    expect(t.counters.osa.guest_copies).toBe(3);
  });

  it('every flooded copy is charged to the guest that handles it (N guests x frames x cost)', () => {
    const n = 4;
    const frames = 3;
    const traffic = Array.from({ length: frames }, (_, k) => udpTo(`${300 + 20 * k}us`, `10.0.0.${k + 1}`, DATA));
    const t = run({ ...osaLab(n, () => ({ cpu: COST }), {}, { demux: 'flood' }), traffic });
    const s = finalState(t);
    for (let i = 1; i <= n; i++) expect(s.get(`g${i}/cpu/ns`)).toBe(frames * PER_FRAME_NS);
    expect(t.counters.osa.guest_copies).toBe(n * frames);
  });

  it('the demux command switches the mode mid-run, and back', () => {
    const t = run({
      ...osaLab(2),
      traffic: [
        udpTo('300us', '10.0.0.1', DATA),
        { at: '350us', node: 'osa', command: 'demux', args: { mode: 'flood' } },
        udpTo('400us', '10.0.0.1', DATA),
        { at: '450us', node: 'osa', command: 'demux', args: { mode: 'table' } },
        udpTo('500us', '10.0.0.1', DATA),
      ],
    });
    expect(t.counters.osa.guest_copies).toBe(1 + 2 + 1);
    expect(finalState(t).get('osa/demux')).toBe('table');
    expect(() =>
      load({ ...osaLab(1), traffic: [{ at: '1us', node: 'osa', command: 'demux', args: { mode: 'hub' } }] }),
    ).toThrow();
    expect(() => load(osaLab(1, () => ({}), {}, { demux: 'promiscuous' }))).toThrow(/table|flood/);
  });
});
