// IPv4, ICMP, UDP, IPv6 and ICMPv6 against values derived by hand from the RFCs (the sums
// are written out in comments) and the examples the RFCs themselves give.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, internetChecksum, u16 } from '../../src/engine/frame/bytes';
import { buildIpv4, parseIpv4 } from '../../src/engine/frame/ipv4';
import { buildIcmpEcho, parseIcmp } from '../../src/engine/frame/icmp';
import { buildUdp, parseUdp } from '../../src/engine/frame/udp';
import { buildIpv6, parseIpv6 } from '../../src/engine/frame/ipv6';
import {
  buildNeighborSolicitation,
  parseIcmpv6,
  solicitedNodeAddress,
  solicitedNodeMac,
  ipv6MulticastMac,
} from '../../src/engine/frame/icmpv6';
import { neighborSolicitation, neighborAdvertisement, icmpEcho } from '../../src/engine/frame/packets';
import { parseEthernet } from '../../src/engine/frame/ethernet';
import { FrameParseError } from '../../src/engine/frame/errors';
import { ip, mac, formatIp, formatMac } from '../../src/engine/frame/address';

const A = mac('02:00:00:00:00:01');
const B = mac('02:00:00:00:00:02');

describe('Internet checksum (RFC 1071)', () => {
  it('gives the RFC 1071 section 3 example: sum ddf2, checksum 220d', () => {
    // 0001 + f203 + f4f5 + f6f7 = 2ddf0 -> ddf0 + 2 = ddf2; complement 220d
    expect(internetChecksum(fromHex('0001f203f4f5f6f7'))).toBe(0x220d);
  });
  it('pads an odd last byte with zero on the right', () => {
    expect(internetChecksum(fromHex('01'))).toBe(~0x0100 & 0xffff);
  });
});

describe('IPv4 header (RFC 791)', () => {
  // The header used as the worked example on Wikipedia "Internet checksum" / "IPv4 header checksum":
  // 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7. Sum without the checksum is
  // 4500+0073+0000+4000+4011+c0a8+0001+c0a8+00c7 = 2479c -> 479e; complement b861.
  const golden = '450000730000400040 11b861c0a80001c0a800c7'.replace(/ /g, '');
  it('builds the worked example with checksum 0xb861', () => {
    const p = buildIpv4({
      src: ip('192.168.0.1'),
      dst: ip('192.168.0.199'),
      protocol: 17,
      ttl: 64,
      id: 0,
      payload: new Uint8Array(0x73 - 20),
    });
    expect(toHex(p.subarray(0, 20))).toBe(golden);
  });
  it('parses it and reports a good checksum, and a bad one without throwing', () => {
    const bytes = new Uint8Array(0x73);
    bytes.set(fromHex(golden));
    const h = parseIpv4(bytes, 0);
    expect([h.version, h.ihl, h.totalLength, h.flags, h.ttl, h.protocol, h.checksum, h.checksumOk]).toEqual([
      4,
      5,
      0x73,
      2,
      64,
      17,
      0xb861,
      true,
    ]);
    expect([formatIp(h.src), formatIp(h.dst), h.payloadOffset, h.payloadEnd]).toEqual([
      '192.168.0.1',
      '192.168.0.199',
      20,
      0x73,
    ]);
    bytes[8] = 63;
    expect(parseIpv4(bytes, 0).checksumOk).toBe(false);
  });
  it('checks version, IHL and total length, naming field and offset', () => {
    const frame = new Uint8Array(60);
    frame.set(fromHex(golden), 14);
    const e = (() => {
      try {
        parseIpv4(frame, 14);
      } catch (x) {
        return x as FrameParseError;
      }
    })()!;
    expect(e).toBeInstanceOf(FrameParseError);
    expect(e.message).toBe('IPv4: total length 115 exceeds the 46 bytes left at offset 14');
    expect([e.layer, e.field, e.offset]).toEqual(['IPv4', 'ipv4.totalLength', 16]);
    frame[14] = 0x65;
    expect(() => parseIpv4(frame, 14)).toThrow(/version 6 at offset 14 is not 4/);
    frame[14] = 0x44;
    expect(() => parseIpv4(frame, 14)).toThrow(/IHL\) 4 at offset 14 is less than 5/);
  });
});

describe('ICMP echo (RFC 792)', () => {
  it('checksums type 8, id 1, seq 1, no data as f7fd', () => {
    // 0800 + 0000 + 0001 + 0001 = 0802; complement f7fd
    expect(toHex(buildIcmpEcho({ type: 'request', id: 1, seq: 1, data: new Uint8Array(0) }))).toBe('0800f7fd00010001');
  });
  it('defaults to 56 data bytes like ping, and parses back', () => {
    const m = buildIcmpEcho({ type: 'reply', id: 0x1234, seq: 7 });
    expect(m.length).toBe(64);
    const p = parseIcmp(m, 0);
    expect([p.type, p.code, p.id, p.seq, p.checksumOk, p.dataOffset]).toEqual([0, 0, 0x1234, 7, true, 8]);
  });
});

describe('UDP (RFC 768)', () => {
  it('checksums over the IPv4 pseudo-header', () => {
    // pseudo: 0a00+0001+0a00+0002+0011+000a = 141e; header+data: 04d2+0035+000a+6869 = 6d7a
    // 141e + 6d7a = 8198; complement 7e67
    const u = buildUdp({
      src: ip('10.0.0.1'),
      dst: ip('10.0.0.2'),
      srcPort: 1234,
      dstPort: 53,
      payload: fromHex('6869'),
    });
    expect(toHex(u)).toBe('04d20035000a7e676869');
    const p = parseUdp(u, 0, u.length, { src: ip('10.0.0.1'), dst: ip('10.0.0.2') });
    expect([p.srcPort, p.dstPort, p.length, p.checksumOk, p.payloadOffset, p.payloadEnd]).toEqual([
      1234,
      53,
      10,
      true,
      8,
      10,
    ]);
    expect(parseUdp(u, 0, u.length, { src: ip('10.0.0.1'), dst: ip('10.0.0.3') }).checksumOk).toBe(false);
  });
  it('treats checksum 0 over IPv4 as "none" and rejects a length beyond the datagram', () => {
    const u = fromHex('04d20035000a00006869');
    expect(parseUdp(u, 0, 10, { src: ip('10.0.0.1'), dst: ip('10.0.0.2') }).checksumOk).toBeUndefined();
    expect(() => parseUdp(fromHex('04d20035001400006869'), 0, 10)).toThrow(
      /UDP: length 20 exceeds the 10 bytes left at offset 0/,
    );
  });
});

describe('IPv6 and neighbor discovery (RFC 8200, RFC 4861, RFC 4291)', () => {
  it('writes version, traffic class and flow label in the first 32 bits', () => {
    const h = buildIpv6({
      src: ip('fe80::1'),
      dst: ip('fe80::2'),
      nextHeader: 59,
      hopLimit: 1,
      trafficClass: 0xb8,
      flowLabel: 0x12345,
      payload: new Uint8Array(0),
    });
    expect(toHex(h.subarray(0, 8))).toBe('6b812345' + '00003b01');
    const p = parseIpv6(h, 0);
    expect([p.trafficClass, p.flowLabel, p.nextHeader, p.hopLimit, formatIp(p.src), formatIp(p.dst)]).toEqual([
      0xb8,
      0x12345,
      59,
      1,
      'fe80::1',
      'fe80::2',
    ]);
  });
  it('maps 4037::01:800:200E:8C6C to FF02::1:FF0E:8C6C (the RFC 4291 2.7.1 example)', () => {
    expect(formatIp(solicitedNodeAddress(ip('4037::01:800:200E:8C6C')))).toBe('ff02::1:ff0e:8c6c');
    expect(formatMac(solicitedNodeMac(ip('4037::01:800:200E:8C6C')))).toBe('33:33:ff:0e:8c:6c');
    expect(formatMac(ipv6MulticastMac(ip('ff02::1')))).toBe('33:33:00:00:00:01'); // RFC 2464 7
  });
  it('checksums a neighbor solicitation over the pseudo-header as 7a97', () => {
    // pseudo: fe80+0001 + ff02+0001+ff00+0002 + 0020 (length 32) + 003a = 2fce0
    // message: 8700 + fe80+0002 (target) + 0101+0200+0000+0001 (SLLA option) = 18884
    // 2fce0 + 18884 = 48564 -> 8568; complement 7a97
    const ns = buildNeighborSolicitation({
      src: ip('fe80::1'),
      dst: ip('ff02::1:ff00:2'),
      target: ip('fe80::2'),
      sourceLla: A,
    });
    expect(toHex(ns)).toBe('87007a9700000000' + 'fe800000000000000000000000000002' + '0101020000000001');
  });
  it('sends NS to the solicited-node group with hop limit 255 and parses it back', () => {
    const f = neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') });
    const eth = parseEthernet(f);
    expect(formatMac(eth.dst)).toBe('33:33:ff:00:00:02');
    const v6 = parseIpv6(f, eth.payloadOffset);
    expect([v6.hopLimit, v6.nextHeader, formatIp(v6.dst), v6.payloadLength]).toEqual([255, 58, 'ff02::1:ff00:2', 32]);
    const m = parseIcmpv6(f, v6.payloadOffset, v6.payloadEnd, v6);
    expect([m.type, m.checksumOk, formatIp(m.target!), m.options.length, formatMac(m.options[0].lla!)]).toEqual([
      135,
      true,
      'fe80::2',
      1,
      '02:00:00:00:00:01',
    ]);
  });
  it('leaves the source LLA option out of a DAD solicitation from ::', () => {
    const f = neighborSolicitation({ srcMac: A, srcIp: ip('::'), targetIp: ip('fe80::2') });
    expect(u16(f, 14 + 4)).toBe(24);
  });
  it('sets R/S/O flags and the target LLA in an advertisement', () => {
    const f = neighborAdvertisement({ srcMac: B, srcIp: ip('fe80::2'), dstMac: A, dstIp: ip('fe80::1'), router: true });
    const v6 = parseIpv6(f, 14);
    const m = parseIcmpv6(f, v6.payloadOffset, v6.payloadEnd, v6);
    expect([m.type, m.flags, m.checksumOk, m.options[0].type, formatMac(m.options[0].lla!)]).toEqual([
      136,
      0xe0,
      true,
      2,
      '02:00:00:00:00:02',
    ]);
  });
  it('rejects an ND option of length 0 (RFC 4861 4.6)', () => {
    const f = neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') });
    f[14 + 40 + 24 + 1] = 0;
    expect(() => parseIcmpv6(f, 54, 86)).toThrow(
      expect.objectContaining({ layer: 'ICMPv6', field: 'icmpv6.opt[0].length', offset: 79 }),
    );
  });
  it('builds ICMPv6 echo for IPv6 addresses and refuses mixed versions', () => {
    const f = icmpEcho({
      srcMac: A,
      dstMac: B,
      srcIp: ip('2001:db8::1'),
      dstIp: ip('2001:db8::2'),
      type: 'request',
      id: 9,
      seq: 3,
    });
    const v6 = parseIpv6(f, 14);
    const m = parseIcmpv6(f, v6.payloadOffset, v6.payloadEnd, v6);
    expect([m.type, m.id, m.seq, m.checksumOk]).toEqual([128, 9, 3, true]);
    expect(() =>
      icmpEcho({
        srcMac: A,
        dstMac: B,
        srcIp: ip('10.0.0.1'),
        dstIp: ip('2001:db8::2'),
        type: 'request',
        id: 9,
        seq: 3,
      }),
    ).toThrow(/IPv4 but destination is IPv6/);
  });
});

describe('ICMPv6 truncation names the field that is cut', () => {
  it('a solicitation cut inside the target address', () => {
    const f = neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') });
    // IPv6 says 32 bytes of payload; give the ICMPv6 parser only 20 of them
    expect(() => parseIcmpv6(f, 54, 74)).toThrow(
      expect.objectContaining({
        layer: 'ICMPv6',
        field: 'icmpv6.target',
        offset: 62,
        message: 'ICMPv6: target needs 16 bytes at offset 62 but only 12 are left',
      }),
    );
  });
});
