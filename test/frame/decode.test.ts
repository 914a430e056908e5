// decodeFrame: stable field paths with exact byte ranges (what `reads` light up), partial
// results with a located error for malformed frames, the dissector table, and summaries.
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  summarize,
  findField,
  allFields,
  registerDissector,
  safeDissector,
} from '../../src/engine/frame/decode';
import {
  arpRequest,
  icmpEcho,
  udpFrame,
  neighborSolicitation,
  neighborAdvertisement,
  arpReply,
  gratuitousArp,
} from '../../src/engine/frame/packets';
import { buildEthernet, cTag, sTag } from '../../src/engine/frame/ethernet';
import { FrameParseError } from '../../src/engine/frame/errors';
import { fromHex } from '../../src/engine/frame/bytes';
import { buildIpv6 } from '../../src/engine/frame/ipv6';
import { setIcmpv6Checksum } from '../../src/engine/frame/icmpv6';
import { ip, mac } from '../../src/engine/frame/address';

const A = mac('02:00:00:00:00:01');
const B = mac('02:00:00:00:00:02');
const paths = (b: Uint8Array): string[] => [...allFields(decodeFrame(b))].map((f) => f.path);
const range = (b: Uint8Array, p: string): [number, number] => {
  const f = findField(decodeFrame(b), p);
  if (!f) throw new Error(`no field ${p}`);
  return [f.start, f.end];
};

describe('field paths and byte ranges', () => {
  const tagged = arpRequest({
    srcMac: A,
    srcIp: ip('10.0.0.1'),
    targetIp: ip('10.0.0.2'),
    tags: [sTag(5, 2), cTag(10)],
  });

  it('gives every ARP field with its bytes, tags outermost first', () => {
    expect(paths(tagged)).toEqual([
      'eth.dst',
      'eth.src',
      'eth.type',
      'vlan[0].tpid',
      'vlan[0].tci',
      'vlan[0].pcp',
      'vlan[0].dei',
      'vlan[0].vid',
      'vlan[1].tpid',
      'vlan[1].tci',
      'vlan[1].pcp',
      'vlan[1].dei',
      'vlan[1].vid',
      'arp.htype',
      'arp.ptype',
      'arp.hlen',
      'arp.plen',
      'arp.op',
      'arp.sha',
      'arp.spa',
      'arp.tha',
      'arp.tpa',
      'pad',
    ]);
    expect(range(tagged, 'eth.dst')).toEqual([0, 6]);
    expect(range(tagged, 'eth.type')).toEqual([20, 22]); // the EtherType after the tags
    expect(range(tagged, 'vlan[0].tpid')).toEqual([12, 14]);
    expect(range(tagged, 'vlan[1].vid')).toEqual([18, 20]);
    expect(range(tagged, 'arp.tpa')).toEqual([22 + 24, 22 + 28]);
    const d = decodeFrame(tagged);
    expect(findField(d, 'vlan[0].pcp')).toMatchObject({ value: 2, bitMask: 0xe000, display: '2' });
    expect(findField(d, 'vlan[0].tpid')?.display).toBe('0x88a8 (802.1ad S-tag)');
    expect(findField(d, 'vlan[1].vid')).toMatchObject({ value: 10, bitMask: 0x0fff });
    expect(findField(d, 'eth.dst')?.display).toBe('ff:ff:ff:ff:ff:ff (broadcast)');
    expect(findField(d, 'eth.src')?.display).toBe('02:00:00:00:00:01 (unicast)');
    expect(findField(d, 'arp.op')?.display).toBe('1 (request)');
    expect(d.layers.map((l) => l.id)).toEqual(['eth', 'vlan[0]', 'vlan[1]', 'arp', 'pad']);
    expect(d.error).toBeUndefined();
  });

  it('gives IPv4 ICMP and UDP fields', () => {
    const ping = icmpEcho({
      srcMac: A,
      dstMac: B,
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
      type: 'request',
      id: 1,
      seq: 2,
    });
    expect(paths(ping)).toEqual([
      'eth.dst',
      'eth.src',
      'eth.type',
      'ipv4.version',
      'ipv4.ihl',
      'ipv4.dscp',
      'ipv4.ecn',
      'ipv4.totalLength',
      'ipv4.id',
      'ipv4.flags',
      'ipv4.flags.df',
      'ipv4.flags.mf',
      'ipv4.fragOffset',
      'ipv4.ttl',
      'ipv4.protocol',
      'ipv4.checksum',
      'ipv4.src',
      'ipv4.dst',
      'icmp.type',
      'icmp.code',
      'icmp.checksum',
      'icmp.id',
      'icmp.seq',
      'icmp.data',
    ]);
    expect(range(ping, 'ipv4.ttl')).toEqual([22, 23]);
    expect(range(ping, 'ipv4.dst')).toEqual([30, 34]);
    expect(range(ping, 'icmp.seq')).toEqual([40, 42]);
    const d = decodeFrame(ping);
    expect(findField(d, 'ipv4.checksum')?.display).toMatch(/^0x[0-9a-f]{4} \(correct\)$/);
    expect(findField(d, 'icmp.type')?.display).toBe('8 (echo request)');
    const udp = udpFrame({
      srcMac: A,
      dstMac: B,
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
      srcPort: 68,
      dstPort: 67,
      payload: new TextEncoder().encode('hi'),
    });
    expect(paths(udp).slice(-6)).toEqual([
      'udp.srcPort',
      'udp.dstPort',
      'udp.length',
      'udp.checksum',
      'udp.payload',
      'pad',
    ]);
    expect(findField(decodeFrame(udp), 'udp.payload')?.display).toBe('2 bytes "hi"');
    expect(decodeFrame(udp).layers.at(-1)?.id).toBe('pad');
  });

  it('gives IPv6 ND fields including options', () => {
    const ns = neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') });
    expect(paths(ns).slice(3)).toEqual([
      'ipv6.version',
      'ipv6.trafficClass',
      'ipv6.flowLabel',
      'ipv6.payloadLength',
      'ipv6.nextHeader',
      'ipv6.hopLimit',
      'ipv6.src',
      'ipv6.dst',
      'icmpv6.type',
      'icmpv6.code',
      'icmpv6.checksum',
      'icmpv6.reserved',
      'icmpv6.target',
      'icmpv6.opt[0]',
      'icmpv6.opt[0].type',
      'icmpv6.opt[0].length',
      'icmpv6.opt[0].lla',
    ]);
    expect(range(ns, 'icmpv6.target')).toEqual([62, 78]);
    expect(range(ns, 'icmpv6.opt[0].lla')).toEqual([80, 86]);
    expect(findField(decodeFrame(ns), 'ipv6.dst')?.display).toBe('ff02::1:ff00:2 (solicited-node multicast)');
    const na = neighborAdvertisement({ srcMac: B, srcIp: ip('fe80::2'), dstMac: A, dstIp: ip('fe80::1') });
    const d = decodeFrame(na);
    expect(findField(d, 'icmpv6.flags')?.display).toBe('0x60 (solicited, override)');
    expect(findField(d, 'icmpv6.flags.solicited')).toMatchObject({ value: true, bitMask: 0x40, start: 58, end: 59 });
  });

  it('keeps every field inside its layer and the frame', () => {
    const frames = [
      arpRequest({ srcMac: A, srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2'), tags: [cTag(1)] }),
      icmpEcho({ srcMac: A, dstMac: B, srcIp: ip('fe80::1'), dstIp: ip('fe80::2'), type: 'reply', id: 1, seq: 1 }),
      neighborAdvertisement({ srcMac: B, srcIp: ip('fe80::2'), dstMac: A, dstIp: ip('fe80::1') }),
    ];
    for (const f of frames) {
      for (const l of decodeFrame(f).layers) {
        for (const fl of l.fields) {
          expect(fl.start).toBeGreaterThanOrEqual(l.start);
          expect(fl.end).toBeLessThanOrEqual(Math.max(l.end, f.length));
          expect(fl.end).toBeGreaterThanOrEqual(fl.start);
        }
      }
    }
  });
});

describe('malformed frames', () => {
  it('keeps outer layers and locates the error', () => {
    const ping = icmpEcho({
      srcMac: A,
      dstMac: B,
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
      type: 'request',
      id: 1,
      seq: 1,
    });
    const d = decodeFrame(ping.subarray(0, 60));
    expect(d.layers.map((l) => l.id)).toEqual(['eth']);
    expect(d.error).toEqual({
      layer: 'IPv4',
      field: 'ipv4.totalLength',
      offset: 16,
      message: 'IPv4: total length 84 exceeds the 46 bytes left at offset 14',
    });
    expect(summarize(d)).toBe(
      'Ethernet 02:00:00:00:00:01 → 02:00:00:00:00:02 type 0x0800 [malformed: IPv4: total length 84 exceeds the 46 bytes left at offset 14]',
    );
  });
  it('shows a wrong checksum with the value it should have', () => {
    const ping = icmpEcho({
      srcMac: A,
      dstMac: B,
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
      type: 'request',
      id: 1,
      seq: 1,
      data: new Uint8Array(0),
    });
    const bad = ping.slice();
    bad[14 + 20 + 2] ^= 0xff;
    const f = findField(decodeFrame(bad), 'icmp.checksum')!;
    expect(f.display).toBe(
      `0x${(((ping[36] ^ 0xff) << 8) | ping[37]).toString(16).padStart(4, '0')} (wrong, should be 0xf7fd)`,
    );
  });
  it('reports a short frame at offset 0', () => {
    expect(decodeFrame(new Uint8Array(5)).error).toMatchObject({ layer: 'Ethernet', field: 'eth.header', offset: 0 });
  });
});

describe('dissector table', () => {
  it('lets another folder decode an EtherType, and catches its throws', () => {
    const frame = buildEthernet({ dst: B, src: A, ethertype: 0x8940, payload: fromHex('1001 0002') });
    expect(decodeFrame(frame).layers.map((l) => l.id)).toEqual(['eth', 'data']);
    expect(summarize(decodeFrame(frame))).toBe('Ethernet type 0x8940 (ECP), 46 bytes');
    const off = registerDissector(
      0x8940,
      safeDissector((b, o, push) => {
        push({
          id: 'ecp',
          name: 'ECP',
          start: o,
          end: o + 4,
          summary: 'ECP request seq 2',
          fields: [{ path: 'ecp.seq', name: 'Sequence', display: '2', start: o + 2, end: o + 4 }],
        });
        if (b[o] !== 0x20) throw new FrameParseError('ECP', 'ecp.version', o, 'version 1 is not 2');
      }, 'ECP'),
    );
    try {
      const d = decodeFrame(frame);
      expect(d.layers.map((l) => l.id)).toEqual(['eth', 'ecp']);
      expect(d.error).toEqual({ layer: 'ECP', field: 'ecp.version', offset: 14, message: 'ECP: version 1 is not 2' });
      expect(summarize(d)).toBe('ECP request seq 2 [malformed: ECP: version 1 is not 2]');
      registerDissector(0x8940, () => {
        throw new Error('boom');
      });
      expect(decodeFrame(frame).error).toMatchObject({
        layer: 'ECP',
        offset: 14,
        message: 'ECP: dissector failed: boom',
      });
    } finally {
      off();
    }
  });
});

describe('summaries for the step log', () => {
  it('reads like tcpdump, in plain words', () => {
    const s = (b: Uint8Array) => summarize(decodeFrame(b));
    expect(s(arpRequest({ srcMac: A, srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2') }))).toBe(
      'ARP who-has 10.0.0.2 tell 10.0.0.1',
    );
    expect(
      s(arpReply({ srcMac: B, srcIp: ip('10.0.0.2'), dstMac: A, dstIp: ip('10.0.0.1'), tags: [sTag(5), cTag(10)] })),
    ).toBe('[S-tag 5, C-tag 10] ARP 10.0.0.2 is-at 02:00:00:00:00:02');
    expect(s(gratuitousArp({ srcMac: A, srcIp: ip('10.0.0.1') }))).toBe(
      'ARP announcement (gratuitous) 10.0.0.1 is-at 02:00:00:00:00:01',
    );
    expect(
      s(
        icmpEcho({
          srcMac: A,
          dstMac: B,
          srcIp: ip('10.0.0.1'),
          dstIp: ip('10.0.0.2'),
          type: 'request',
          id: 1,
          seq: 2,
        }),
      ),
    ).toBe('ICMP echo request 10.0.0.1 → 10.0.0.2 id 1 seq 2');
    expect(
      s(
        udpFrame({
          srcMac: A,
          dstMac: B,
          srcIp: ip('fe80::1'),
          dstIp: ip('fe80::2'),
          srcPort: 5,
          dstPort: 6,
          payload: new Uint8Array(3),
        }),
      ),
    ).toBe('UDP [fe80::1]:5 → [fe80::2]:6 3 bytes');
    expect(s(neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') }))).toBe(
      'ICMPv6 neighbor solicitation who-has fe80::2 from fe80::1',
    );
    expect(s(neighborAdvertisement({ srcMac: B, srcIp: ip('fe80::2'), dstMac: A, dstIp: ip('fe80::1') }))).toBe(
      'ICMPv6 neighbor advertisement fe80::2 is-at 02:00:00:00:00:02',
    );
  });
});

describe('IPv6 extension headers (RFC 8200 4)', () => {
  it('walks a hop-by-hop router-alert header to the MLDv2 report behind it', () => {
    // HBH: next header 58, length 0 (8 bytes), router alert (type 5, len 2, value 0 = MLD), PadN(0)
    const hbh = fromHex('3a00 0502 0000 0100');
    // MLDv2 report (RFC 3810 5.2) with no records: type 143, reserved, 0 records
    const mld = setIcmpv6Checksum(fromHex('8f00 0000 0000 0000'), ip('fe80::1'), ip('ff02::16'));
    const payload = new Uint8Array(16);
    payload.set(hbh);
    payload.set(mld, 8);
    const f = buildEthernet({
      dst: mac('33:33:00:00:00:16'),
      src: A,
      ethertype: 0x86dd,
      payload: buildIpv6({ src: ip('fe80::1'), dst: ip('ff02::16'), nextHeader: 0, hopLimit: 1, payload }),
    });
    const d = decodeFrame(f);
    expect(d.error).toBeUndefined();
    expect(d.layers.map((l) => l.id)).toEqual(['eth', 'ipv6', 'ipv6ext[0]', 'icmpv6']);
    expect(findField(d, 'ipv6ext[0].nextHeader')).toMatchObject({ display: '58 (ICMPv6)', start: 54, end: 55 });
    expect(findField(d, 'icmpv6.type')?.display).toBe('143 (multicast listener report v2)');
    expect(findField(d, 'icmpv6.checksum')?.display).toMatch(/\(correct\)$/);
  });
  it('stops at a non-first fragment and reports an extension header that overruns', () => {
    const frag = fromHex('3a00 0008 0000 0001'); // offset 1 (8 bytes), id 1
    const f = buildEthernet({
      dst: B,
      src: A,
      ethertype: 0x86dd,
      payload: buildIpv6({
        src: ip('fe80::1'),
        dst: ip('fe80::2'),
        nextHeader: 44,
        payload: new Uint8Array([...frag, 1, 2, 3, 4]),
      }),
    });
    expect(summarize(decodeFrame(f))).toBe('IPv6 fragment fe80::1 → fe80::2');
    const bad = buildEthernet({
      dst: B,
      src: A,
      ethertype: 0x86dd,
      payload: buildIpv6({
        src: ip('fe80::1'),
        dst: ip('fe80::2'),
        nextHeader: 60,
        payload: fromHex('3a05 0000 0000 0000'),
      }),
    });
    expect(decodeFrame(bad).error).toMatchObject({
      layer: 'IPv6',
      field: 'ipv6ext[0].length',
      offset: 55,
      message: 'IPv6: destination options length 48 bytes exceeds the 8 bytes left at offset 54',
    });
  });
});
