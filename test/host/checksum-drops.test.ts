// A host verifies L4 checksums before handing a datagram up: a UDP datagram whose
// checksum does not match its bytes and pseudo-header is dropped (UDP_MIB_CSUMERRORS),
// over IPv4 and IPv6, and so is an ICMP message with a wrong checksum (icmp_rcv). Over
// IPv4 a UDP checksum of 0 means "not computed" and the datagram is delivered.
import { describe, expect, it } from 'vitest';
import { ip, mac } from '../../src/engine/frame/address';
import { toHex } from '../../src/engine/frame/bytes';
import { icmpEcho, udpFrame } from '../../src/engine/frame/packets';
import type { FrameFate, Trace } from '../../src/engine/sim/types';
import { run } from '../helpers/run';

const H1 = { mac: '02:00:00:00:00:01', ip: '10.0.0.1', ip6: 'fd00::1' };
const H2 = { mac: '02:00:00:00:00:02', ip: '10.0.0.2', ip6: 'fd00::2' };
const ETH = 14;
const UDP_CSUM_V4 = ETH + 20 + 6;
const UDP_DATA_V4 = ETH + 20 + 8;
const UDP_CSUM_V6 = ETH + 40 + 6;
const UDP_DATA_V6 = ETH + 40 + 8;

const udp = (version: 4 | 6, payload = 'hello, checksum'): Uint8Array =>
  udpFrame({
    srcMac: mac(H1.mac),
    dstMac: mac(H2.mac),
    srcIp: ip(version === 4 ? H1.ip : H1.ip6),
    dstIp: ip(version === 4 ? H2.ip : H2.ip6),
    srcPort: 40000,
    dstPort: 5353,
    payload: new TextEncoder().encode(payload),
  });

/** A copy of `frame` with one byte inverted and nothing recomputed. */
const flip = (frame: Uint8Array, at: number): Uint8Array => {
  const out = frame.slice();
  out[at] ^= 0xff;
  return out;
};

/** h1 and h2 on one bridge; each frame is sent raw out of h1's eth0, 10 µs apart. */
function send(...frames: Uint8Array[]): Trace {
  return run({
    name: 'checksum drops',
    seed: 1,
    nodes: [
      { id: 'h1', type: 'host', config: H1 },
      { id: 'h2', type: 'host', config: H2 },
      { id: 'br0', type: 'bridge', config: { ports: ['p1', 'p2'] } },
    ],
    links: [
      { id: 'l1', a: 'h1:eth0', b: 'br0:p1' },
      { id: 'l2', a: 'h2:eth0', b: 'br0:p2' },
    ],
    traffic: frames.map((f, i) => ({ at: i * 10_000, node: 'h1', port: 'eth0', frame: { hex: toHex(f) } })),
  });
}

/** The fate of the i-th scripted frame (the one whose traffic item is i). */
const fateOf = (t: Trace, i: number): FrameFate => t.fates.find((f) => f.traffic === i && f.cause === undefined)!;

function expectDroppedAtH2(t: Trace, i: number, source: string, reason: string): void {
  const f = fateOf(t, i);
  expect(f.delivered).toEqual([]);
  expect(f.dropped).toHaveLength(1);
  expect(f.dropped[0].node).toBe('h2');
  expect(f.dropped[0].reason).toContain(reason);
  const step = t.steps[f.dropped[0].step];
  expect(step.kind).toBe('drop');
  expect(step.source).toContain(source);
}

function expectDeliveredToSocket(t: Trace, i: number): void {
  const f = fateOf(t, i);
  expect(f.dropped).toEqual([]);
  expect(f.delivered).toHaveLength(1);
  expect(f.delivered[0].node).toBe('h2');
  expect(f.delivered[0].decision).toContain('delivered to the socket');
}

describe('host UDP checksum', () => {
  it('sanity: the frames built here carry a non-zero checksum where the offsets say', () => {
    expect((udp(4)[UDP_CSUM_V4] << 8) | udp(4)[UDP_CSUM_V4 + 1]).not.toBe(0);
    expect((udp(6)[UDP_CSUM_V6] << 8) | udp(6)[UDP_CSUM_V6 + 1]).not.toBe(0);
    expect(new TextDecoder().decode(udp(4).subarray(UDP_DATA_V4, UDP_DATA_V4 + 5))).toBe('hello');
    expect(new TextDecoder().decode(udp(6).subarray(UDP_DATA_V6, UDP_DATA_V6 + 5))).toBe('hello');
  });

  for (const version of [4, 6] as const) {
    const dataAt = version === 4 ? UDP_DATA_V4 : UDP_DATA_V6;

    it(`IPv${version}: delivers the intact datagram and drops the one with a flipped payload byte`, () => {
      const good = udp(version);
      const t = send(good, flip(good, dataAt + 3));
      expectDeliveredToSocket(t, 0);
      expectDroppedAtH2(t, 1, 'udp_lib_checksum_complete', 'UDP_MIB_CSUMERRORS');
      const drop = t.steps[fateOf(t, 1).dropped[0].step];
      expect(drop.source).toContain(version === 4 ? '__udp4_lib_rcv' : '__udp6_lib_rcv');
      expect(drop.reads).toEqual(['udp.checksum']);
      expect(t.counters.h2.udp_csum_errors).toBe(1);
      expect(t.counters.h2.udp_rx).toBe(1);
    });

    it(`IPv${version}: counts every bad datagram, and never delivers one`, () => {
      const good = udp(version, 'abcdefgh');
      const t = send(flip(good, dataAt), flip(good, dataAt + 7), good);
      expectDroppedAtH2(t, 0, 'udp_lib_checksum_complete', 'UDP_MIB_CSUMERRORS');
      expectDroppedAtH2(t, 1, 'udp_lib_checksum_complete', 'UDP_MIB_CSUMERRORS');
      expectDeliveredToSocket(t, 2);
      expect(t.counters.h2.udp_csum_errors).toBe(2);
      expect(t.counters.h2.udp_rx).toBe(1);
    });
  }

  it('IPv4: a checksum of 0 means "none", so the datagram is delivered even with altered data', () => {
    const noSum = udp(4);
    noSum[UDP_CSUM_V4] = 0;
    noSum[UDP_CSUM_V4 + 1] = 0;
    const t = send(noSum, flip(noSum, UDP_DATA_V4 + 1));
    expectDeliveredToSocket(t, 0);
    expectDeliveredToSocket(t, 1);
    expect(t.counters.h2.udp_csum_errors ?? 0).toBe(0);
  });

  it('IPv6: a checksum of 0 is not "none" (RFC 8200 8.1): the datagram is dropped', () => {
    const zero = udp(6);
    zero[UDP_CSUM_V6] = 0;
    zero[UDP_CSUM_V6 + 1] = 0;
    const t = send(zero);
    expectDroppedAtH2(t, 0, 'udp_lib_checksum_complete', 'UDP_MIB_CSUMERRORS');
  });

  it('a wrong checksum field with intact data is dropped too', () => {
    const bad = udp(4);
    bad[UDP_CSUM_V4 + 1] ^= 0x01;
    const t = send(bad);
    expectDroppedAtH2(t, 0, 'udp_lib_checksum_complete', 'UDP_MIB_CSUMERRORS');
  });
});

describe('host ICMP checksum', () => {
  const echo = icmpEcho({
    srcMac: mac(H1.mac),
    dstMac: mac(H2.mac),
    srcIp: ip(H1.ip),
    dstIp: ip(H2.ip),
    type: 'request',
    id: 7,
    seq: 1,
  });
  const ICMP_DATA = ETH + 20 + 8;

  it('answers an intact echo request and drops one with a flipped data byte, without replying', () => {
    const t = send(echo, flip(echo, ICMP_DATA + 10));
    const ok = fateOf(t, 0);
    expect(ok.dropped).toEqual([]);
    expect(ok.delivered.map((d) => d.node)).toEqual(['h2']);
    expectDroppedAtH2(t, 1, 'icmp_rcv', 'ICMP checksum is wrong');
    expect(t.steps[fateOf(t, 1).dropped[0].step].reads).toEqual(['icmp.checksum']);
    // Exactly one echo reply: to the intact request only.
    expect(t.steps.filter((s) => s.node === 'h2' && s.source === 'icmp_reply')).toHaveLength(1);
    // h2 has no neighbour entry for h1 (the request came raw, with no ARP before it), so the reply waits in
    // the entry's queue while h2 resolves h1 (neigh_resolve_output -> __neigh_event_send, net/core/neighbour.c):
    // h2 originates its ARP request because of the intact request, then the echo reply once h1 answered.
    const fromH2 = t.fates.filter((f) => f.node === 'h2');
    expect(fromH2).toHaveLength(2);
    expect(fromH2[0].cause).toBe(ok.origin);
    const arpReply = t.fates.find((f) => f.node === 'h1' && f.cause === fromH2[0].origin)!;
    expect(fromH2[1].cause).toBe(arpReply.origin);
  });
});
