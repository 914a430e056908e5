// Ethernet II, 802.1Q/802.1ad tags and ARP against bytes written out by hand from the
// standards (IEEE 802.3 3.1.1, IEEE 802.1Q-2018 9.5/9.6, RFC 826), not from the codec.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/engine/frame/bytes';
import {
  buildEthernet,
  parseEthernet,
  withTags,
  stripOuterTag,
  outerTag,
  cTag,
  sTag,
  ETH_P,
} from '../../src/engine/frame/ethernet';
import { buildArp, parseArp } from '../../src/engine/frame/arp';
import { arpRequest, arpReply } from '../../src/engine/frame/packets';
import { FrameParseError } from '../../src/engine/frame/errors';
import { mac, ip, formatIp } from '../../src/engine/frame/address';

const A = mac('02:00:00:00:00:01');
const B = mac('02:00:00:00:00:02');

// RFC 826 request "who has 10.0.0.2? tell 10.0.0.1" from 02:00:00:00:00:01, padded to 60.
const ARP_REQ =
  'ffffffffffff 020000000001 0806' + // dst broadcast, src, EtherType ARP
  '0001 0800 06 04 0001' + // htype Ethernet, ptype IPv4, hlen 6, plen 4, op request
  '020000000001 0a000001 000000000000 0a000002' + // sha spa tha tpa
  '00'.repeat(18); // pad 42 -> 60

function parseErr(f: () => unknown): FrameParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof FrameParseError) return e;
    throw e;
  }
  throw new Error('expected a FrameParseError');
}

describe('Ethernet II and VLAN tags', () => {
  it('builds the RFC 826 ARP request byte for byte, padded to 60', () => {
    const f = arpRequest({ srcMac: A, srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2') });
    expect(toHex(f)).toBe(ARP_REQ.replace(/ /g, ''));
  });

  it('writes an S-tag then a C-tag, TCI = PCP(3) DEI(1) VID(12)', () => {
    const f = buildEthernet({
      dst: B,
      src: A,
      tags: [sTag(5, 3), cTag(10, 0, 1)],
      ethertype: ETH_P.IPV4,
      payload: new Uint8Array(0),
    });
    // 88a8 6005: PCP 3 -> 011 0 000000000101; 8100 100a: DEI 1 -> 0001 000000001010
    expect(toHex(f.subarray(12, 22))).toBe('88a86005' + '8100100a' + '0800');
    expect(f.length).toBe(60);
    const h = parseEthernet(f);
    expect(h.tags).toEqual([
      { tpid: 0x88a8, pcp: 3, dei: 0, vid: 5 },
      { tpid: 0x8100, pcp: 0, dei: 1, vid: 10 },
    ]);
    expect(h.ethertype).toBe(0x0800);
    expect(h.payloadOffset).toBe(22);
    // views, not copies: the hot path of every bridge
    expect(h.dst.buffer).toBe(f.buffer);
  });

  it('pads only when asked', () => {
    expect(buildEthernet({ dst: B, src: A, ethertype: 0x88cc, payload: new Uint8Array(2), pad: false }).length).toBe(
      16,
    );
    expect(buildEthernet({ dst: B, src: A, ethertype: 0x88cc, payload: new Uint8Array(100) }).length).toBe(114);
  });

  it('rejects tags that cannot be encoded', () => {
    expect(() =>
      buildEthernet({ dst: B, src: A, tags: [cTag(4096)], ethertype: 0x0800, payload: new Uint8Array(0) }),
    ).toThrow(/VLAN id 4096/);
    expect(() =>
      buildEthernet({
        dst: B,
        src: A,
        tags: [{ tpid: 0x9100, pcp: 0, dei: 0, vid: 1 }],
        ethertype: 0x0800,
        payload: new Uint8Array(0),
      }),
    ).toThrow(/TPID 0x9100/);
  });

  it('withTags pushes outer tags and stripOuterTag pops them (re-padding to 60)', () => {
    const plain = fromHex(ARP_REQ);
    const tagged = withTags(plain, [sTag(100)]);
    expect(toHex(tagged.subarray(12, 18))).toBe('88a800640806');
    expect(outerTag(tagged)).toEqual({ tpid: 0x88a8, pcp: 0, dei: 0, vid: 100 });
    const double = withTags(tagged, [sTag(7)]);
    expect(parseEthernet(double).tags.map((t) => t.vid)).toEqual([7, 100]);
    expect(toHex(stripOuterTag(tagged))).toBe(toHex(plain));
    expect(stripOuterTag(plain)).toBe(plain);
    const minTagged = buildEthernet({ dst: B, src: A, tags: [cTag(3)], ethertype: 0x0800, payload: new Uint8Array(0) });
    expect(stripOuterTag(minTagged).length).toBe(60);
    expect(stripOuterTag(minTagged, false).length).toBe(56);
  });

  it('reports truncation with layer, field and offset', () => {
    let e = parseErr(() => parseEthernet(new Uint8Array(13)));
    expect([e.layer, e.field, e.offset]).toEqual(['Ethernet', 'eth.header', 0]);
    e = parseErr(() => parseEthernet(fromHex('ffffffffffff020000000001 8100 00')));
    expect([e.layer, e.field, e.offset]).toEqual(['802.1Q', 'vlan[0].tci', 14]);
    e = parseErr(() => parseEthernet(fromHex('ffffffffffff020000000001 88a8 0005')));
    expect([e.layer, e.field, e.offset]).toEqual(['802.1ad', 'eth.type', 16]);
    expect(e.message).toMatch(/^802\.1ad: no EtherType after the tag at offset 12/);
  });
});

describe('ARP (RFC 826)', () => {
  it('parses every field of the request', () => {
    const a = parseArp(fromHex(ARP_REQ), 14);
    expect(a.op).toBe(1);
    expect(toHex(a.sha)).toBe('020000000001');
    expect(formatIp(a.spa)).toBe('10.0.0.1');
    expect(toHex(a.tha)).toBe('000000000000');
    expect(formatIp(a.tpa)).toBe('10.0.0.2');
  });

  it('builds a unicast reply "10.0.0.2 is-at 02:00:00:00:00:02"', () => {
    const f = arpReply({ srcMac: B, srcIp: ip('10.0.0.2'), dstMac: A, dstIp: ip('10.0.0.1') });
    expect(toHex(f.subarray(0, 42))).toBe(
      '020000000001020000000002080600010800060400020200000000020a000002020000000001' + '0a000001',
    );
  });

  it('buildArp gives exactly 28 bytes and checks address sizes', () => {
    expect(buildArp({ op: 1, sha: A, spa: ip('1.2.3.4'), tha: B, tpa: ip('5.6.7.8') }).length).toBe(28);
    expect(() => buildArp({ op: 1, sha: A, spa: ip('fe80::1'), tha: B, tpa: ip('5.6.7.8') })).toThrow(/IPv4/);
  });

  it('names the field that is wrong', () => {
    const bad = fromHex(ARP_REQ);
    bad[14 + 5] = 16; // plen
    const e = parseErr(() => parseArp(bad, 14));
    expect([e.layer, e.field, e.offset]).toEqual(['ARP', 'arp.plen', 19]);
    const short = fromHex(ARP_REQ).subarray(0, 30);
    const e2 = parseErr(() => parseArp(short, 14));
    expect([e2.field, e2.offset]).toEqual(['arp.addresses', 22]);
    expect(e2.message).toBe('ARP: addresses needs 20 bytes at offset 22 but only 8 are left');
  });
});
