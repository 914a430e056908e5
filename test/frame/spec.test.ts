// Frames described by fields in scenario files: each form builds the same bytes as the
// codecs' one-call builders, and every mistake is reported at its JSON path with a hint.
import { describe, expect, it } from 'vitest';
import { readFrameSpec } from '../../src/engine/frame/spec';
import { Reader } from '../../src/engine/scenario/read';
import { IssueList, type Issue } from '../../src/engine/scenario/issues';
import { toHex } from '../../src/engine/frame/bytes';
import {
  arpRequest,
  arpReply,
  icmpEcho,
  udpFrame,
  neighborSolicitation,
  neighborAdvertisement,
} from '../../src/engine/frame/packets';
import { cTag, sTag } from '../../src/engine/frame/ethernet';
import { decodeFrame, findField, summarize } from '../../src/engine/frame/decode';
import { ip, mac } from '../../src/engine/frame/address';

function read(spec: unknown): { bytes?: Uint8Array; issues: Issue[] } {
  const issues = new IssueList();
  const bytes = readFrameSpec(new Reader(issues, spec, '$.traffic[0].frame'));
  return { bytes, issues: issues.items };
}
function ok(spec: unknown): Uint8Array {
  const r = read(spec);
  expect(r.issues).toEqual([]);
  return r.bytes!;
}
const A = mac('02:00:00:00:00:01');
const B = mac('02:00:00:00:00:02');
const eth = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

describe('frames by fields', () => {
  it('ARP request with an S-tag and a C-tag, broadcast by default', () => {
    const b = ok({
      eth: { src: '02:00:00:00:00:01' },
      stag: { vid: 5 },
      vlan: [{ vid: 10, pcp: 0 }],
      arp: { op: 'request', spa: '10.0.0.1', tpa: '10.0.0.2' },
    });
    expect(toHex(b)).toBe(
      toHex(arpRequest({ srcMac: A, srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2'), tags: [sTag(5), cTag(10)] })),
    );
  });
  it('ARP reply takes tha from eth.dst', () => {
    const b = ok({ eth, arp: { op: 'reply', spa: '10.0.0.1', tpa: '10.0.0.2' } });
    expect(toHex(b)).toBe(toHex(arpReply({ srcMac: A, srcIp: ip('10.0.0.1'), dstMac: B, dstIp: ip('10.0.0.2') })));
  });
  it('IPv4 ICMP echo and UDP', () => {
    const echo = ok({
      eth,
      ipv4: { src: '10.0.0.1', dst: '10.0.0.2', ttl: 7, icmp: { type: 'echo-request', id: 1, seq: 2 } },
    });
    expect(toHex(echo)).toBe(
      toHex(
        icmpEcho({
          srcMac: A,
          dstMac: B,
          srcIp: ip('10.0.0.1'),
          dstIp: ip('10.0.0.2'),
          ttl: 7,
          type: 'request',
          id: 1,
          seq: 2,
        }),
      ),
    );
    const udp = ok({
      eth,
      vlan: { vid: 3 },
      ipv4: { src: '10.0.0.1', dst: '10.0.0.2', udp: { srcPort: 5000, dstPort: 53, payload: 'hello' } },
    });
    expect(toHex(udp)).toBe(
      toHex(
        udpFrame({
          srcMac: A,
          dstMac: B,
          srcIp: ip('10.0.0.1'),
          dstIp: ip('10.0.0.2'),
          srcPort: 5000,
          dstPort: 53,
          payload: new TextEncoder().encode('hello'),
          tags: [cTag(3)],
        }),
      ),
    );
    const hexPayload = ok({
      eth,
      ipv4: { src: '10.0.0.1', dst: '10.0.0.2', udp: { srcPort: 1, dstPort: 2, payload: { hex: 'de ad be ef' } } },
    });
    expect(findField(decodeFrame(hexPayload), 'udp.payload')?.display).toBe('4 bytes de ad be ef');
  });
  it('IPv4 broadcast and multicast pick the Ethernet destination', () => {
    const bc = ok({
      eth: { src: eth.src },
      ipv4: { src: '10.0.0.1', dst: '255.255.255.255', udp: { srcPort: 68, dstPort: 67 } },
    });
    expect(toHex(bc.subarray(0, 6))).toBe('ffffffffffff');
    const mc = ok({
      eth: { src: eth.src },
      ipv4: { src: '10.0.0.1', dst: '239.129.2.3', udp: { srcPort: 1, dstPort: 2 } },
    });
    expect(toHex(mc.subarray(0, 6))).toBe('01005e010203'); // RFC 1112 6.4: low 23 bits
  });
  it('IPv6 neighbor solicitation goes to the solicited-node group by default', () => {
    const b = ok({
      eth: { src: eth.src },
      ipv6: { src: 'fe80::1', icmpv6: { type: 'neighbor-solicitation', target: 'fe80::2' } },
    });
    expect(toHex(b)).toBe(toHex(neighborSolicitation({ srcMac: A, srcIp: ip('fe80::1'), targetIp: ip('fe80::2') })));
  });
  it('IPv6 neighbor advertisement and echo', () => {
    const na = ok({
      eth: { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' },
      ipv6: {
        src: 'fe80::2',
        dst: 'fe80::1',
        icmpv6: { type: 'neighbor-advertisement', target: 'fe80::2', router: true },
      },
    });
    expect(toHex(na)).toBe(
      toHex(neighborAdvertisement({ srcMac: B, srcIp: ip('fe80::2'), dstMac: A, dstIp: ip('fe80::1'), router: true })),
    );
    const echo = ok({
      eth,
      ipv6: { src: 'fe80::1', dst: 'fe80::2', icmpv6: { type: 'echo-reply', id: 4, seq: 5, data: 'ping' } },
    });
    expect(summarize(decodeFrame(echo))).toBe('ICMPv6 echo reply fe80::1 → fe80::2 id 4 seq 5');
  });
  it('a raw EtherType and payload, and raw hex', () => {
    const raw = ok({ eth: { ...eth, type: '0x88cc' }, payload: { hex: '0207 04 020000000001' } });
    expect(toHex(raw.subarray(12, 16))).toBe('88cc0207');
    expect(toHex(ok({ hex: 'ffffffffffff 020000000001 0806' }))).toBe('ffffffffffff0200000000010806');
  });
  it('pad: false keeps a short frame short', () => {
    expect(ok({ eth: { ...eth, type: 35020 }, payload: 'x', pad: false }).length).toBe(15);
  });
});

describe('mistakes are reported at their path with a hint', () => {
  const issues = (spec: unknown) => read(spec).issues;
  it('bad addresses and numbers', () => {
    const is = issues({
      eth: { src: '02:00:00:00:00', dst: 'ff:ff:ff:ff:ff:ff' },
      vlan: [{ vid: 5000 }],
      ipv4: { src: '10.0.0.300', dst: 'fe80::1', ttl: 300, udp: { srcPort: -1, dstPort: 53 } },
    });
    const at = (p: string) => is.find((i) => i.path === `$.traffic[0].frame${p}`);
    expect(at('.eth.src')?.message).toMatch(/has 5 groups/);
    expect(at('.eth.src')?.hint).toMatch(/02:00:00:00:00:01/);
    expect(at('.vlan[0].vid')?.message).toBe('5000 is out of range [0, 4095]');
    expect(at('.vlan[0].vid')?.hint).toMatch(/VLAN id/);
    expect(at('.ipv4.src')?.message).toMatch(/part 4 is 300, more than 255/);
    expect(at('.ipv4.dst')?.message).toMatch(/expected an IPv4 address, found IPv6/);
    expect(at('.ipv4.ttl')?.message).toBe('300 is out of range [0, 255]');
  });
  it('unknown and misspelt fields, wrong types of message', () => {
    const is = issues({
      eth: { src: '02:00:00:00:00:01', dts: 'x' },
      arp: { op: 'requst', spa: '10.0.0.1', tpa: '10.0.0.2' },
    });
    expect(is).toContainEqual({
      path: '$.traffic[0].frame.eth.dts',
      message: 'unknown field "dts"',
      hint: 'did you mean "dst"?',
    });
    expect(is).toContainEqual(
      expect.objectContaining({ path: '$.traffic[0].frame.arp.op', hint: 'did you mean "request"?' }),
    );
    const is2 = issues({
      eth,
      ipv6: { src: 'fe80::1', dst: 'fe80::2', icmpv6: { type: 'neighbour-solicitation', target: 'fe80::2' } },
    });
    expect(is2[0]).toMatchObject({
      path: '$.traffic[0].frame.ipv6.icmpv6.type',
      hint: 'did you mean "neighbor-solicitation"?',
    });
  });
  it('what the frame carries must be exactly one thing', () => {
    expect(issues({ eth })[0]).toMatchObject({
      path: '$.traffic[0].frame',
      message: 'says nothing after the Ethernet header',
    });
    expect(issues({ eth, arp: {}, ipv4: {} })[0].message).toBe('has "arp" and "ipv4": a frame carries one of them');
    expect(issues({ eth, ipv4: { src: '10.0.0.1', dst: '10.0.0.2' } })[0]).toMatchObject({
      path: '$.traffic[0].frame.ipv4',
      message: 'says nothing about what it carries',
    });
    expect(issues({ hex: 'ffffffffffff020000000001 0806', eth })[0].message).toMatch(/"hex" gives the whole frame/);
    expect(issues({})[0].message).toBe('frame has neither "hex" nor "eth"');
  });
  it('a unicast frame needs eth.dst', () => {
    expect(
      issues({ eth: { src: eth.src }, ipv4: { src: '10.0.0.1', dst: '10.0.0.2', icmp: { type: 'echo-request' } } }),
    ).toEqual([expect.objectContaining({ path: '$.traffic[0].frame.eth.dst', message: 'is required for this frame' })]);
  });
  it('bad hex says which character and why', () => {
    expect(issues({ hex: 'ff ff zz' })[0].message).toBe('"z" is not a hex digit (at character 7)');
    expect(issues({ hex: 'fff' })[0].message).toMatch(/odd number of hex digits \(3\)/);
    expect(issues({ hex: 'ffff' })[0].message).toBe('2 bytes is shorter than an Ethernet header (14 bytes)');
    expect(issues({ eth: { ...eth, type: '0x05dc' }, payload: 'x' })[0].message).toMatch(/below 0x0600/);
  });
});
