// Field trees for ARP, IPv4, IPv6 and what they carry (ICMP, UDP, ICMPv6 echo and ND).
// Each dissector pushes its layer before dissecting the next one, so a parse error deep
// in a frame still leaves the outer layers for the inspector.
import { formatIpv4, formatIpv6, formatMac, type IpAddress } from './address';
import { parseArp, ARP_REQUEST, ARP_REPLY } from './arp';
import { parseIpv4, ipv4PseudoSum, IPPROTO } from './ipv4';
import { parseIpv6, ipv6PseudoSum } from './ipv6';
import { parseIcmp, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED } from './icmp';
import { parseUdp } from './udp';
import { parseIcmpv6, ICMPV6, ND_OPT, NA_FLAG } from './icmpv6';
import {
  field,
  num,
  hexField,
  macField,
  ipv4Field,
  ipv6Field,
  checksumField,
  expectedChecksum,
  dataField,
} from './decode-fields';
import { walkIpv6Ext } from './dissect-ipv6-ext';
import type { DecodedLayer } from './decode-types';

export type Push = (layer: DecodedLayer) => void;

const PROTO_NAMES: Record<number, string> = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPv6',
  0: 'IPv6 hop-by-hop options',
  43: 'IPv6 routing header',
  44: 'IPv6 fragment header',
  59: 'no next header',
  60: 'IPv6 destination options',
};

export function dissectArp(b: Uint8Array, o: number, push: Push): void {
  const a = parseArp(b, o);
  const opName = a.op === ARP_REQUEST ? 'request' : a.op === ARP_REPLY ? 'reply' : 'unknown';
  const spa = formatIpv4(a.spa.bytes);
  const tpa = formatIpv4(a.tpa.bytes);
  let summary = `ARP op ${a.op} ${spa} → ${tpa}`;
  if (a.op === ARP_REQUEST)
    summary =
      spa === tpa ? `ARP announcement (gratuitous) ${spa} is-at ${formatMac(a.sha)}` : `ARP who-has ${tpa} tell ${spa}`;
  else if (a.op === ARP_REPLY) summary = `ARP ${spa} is-at ${formatMac(a.sha)}`;
  push({
    id: 'arp',
    name: 'ARP',
    start: o,
    end: o + 28,
    summary,
    fields: [
      num('arp.htype', 'Hardware type', a.htype, o, o + 2, 'Ethernet'),
      hexField('arp.ptype', 'Protocol type', a.ptype, o + 2, o + 4, 'IPv4'),
      num('arp.hlen', 'Hardware size', a.hlen, o + 4, o + 5),
      num('arp.plen', 'Protocol size', a.plen, o + 5, o + 6),
      num('arp.op', 'Opcode', a.op, o + 6, o + 8, opName),
      macField('arp.sha', 'Sender MAC address', b, o + 8, false),
      ipv4Field('arp.spa', 'Sender IP address', b, o + 14),
      macField('arp.tha', 'Target MAC address', b, o + 18, false),
      ipv4Field('arp.tpa', 'Target IP address', b, o + 24),
    ],
  });
}

export function dissectIpv4(b: Uint8Array, o: number, push: Push): void {
  const h = parseIpv4(b, o);
  const src = formatIpv4(h.src.bytes);
  const dst = formatIpv4(h.dst.bytes);
  const fl = (b[o + 6] << 8) | b[o + 7];
  const fields = [
    num('ipv4.version', 'Version', h.version, o, o + 1, undefined, 0xf0),
    field('ipv4.ihl', 'Header length', `${h.ihl} words (${h.headerLength} bytes)`, o, o + 1, {
      value: h.ihl,
      bitMask: 0x0f,
    }),
    num('ipv4.dscp', 'DSCP', h.dscp, o + 1, o + 2, undefined, 0xfc),
    num('ipv4.ecn', 'ECN', h.ecn, o + 1, o + 2, undefined, 0x03),
    num('ipv4.totalLength', 'Total length', h.totalLength, o + 2, o + 4),
    hexField('ipv4.id', 'Identification', h.id, o + 4, o + 6),
    field(
      'ipv4.flags',
      'Flags',
      `0x${h.flags.toString(16)}${fl & 0x4000 ? " (don't fragment)" : ''}${fl & 0x2000 ? ' (more fragments)' : ''}`,
      o + 6,
      o + 8,
      {
        value: h.flags,
        bitMask: 0xe000,
        children: [
          field('ipv4.flags.df', "Don't fragment", fl & 0x4000 ? 'set' : 'not set', o + 6, o + 8, {
            value: (fl & 0x4000) !== 0,
            bitMask: 0x4000,
          }),
          field('ipv4.flags.mf', 'More fragments', fl & 0x2000 ? 'set' : 'not set', o + 6, o + 8, {
            value: (fl & 0x2000) !== 0,
            bitMask: 0x2000,
          }),
        ],
      },
    ),
    num(
      'ipv4.fragOffset',
      'Fragment offset',
      h.fragOffset,
      o + 6,
      o + 8,
      h.fragOffset ? `${h.fragOffset * 8} bytes` : undefined,
      0x1fff,
    ),
    num('ipv4.ttl', 'Time to live', h.ttl, o + 8, o + 9),
    num('ipv4.protocol', 'Protocol', h.protocol, o + 9, o + 10, PROTO_NAMES[h.protocol] ?? 'unknown'),
    checksumField('ipv4.checksum', b, o + 10, h.checksumOk, () => expectedChecksum(b, o, o + h.headerLength, o + 10)),
    ipv4Field('ipv4.src', 'Source', b, o + 12),
    ipv4Field('ipv4.dst', 'Destination', b, o + 16),
  ];
  if (h.headerLength > 20) fields.push(dataField('ipv4.options', 'Options', b, o + 20, o + h.headerLength));
  push({
    id: 'ipv4',
    name: 'IPv4',
    start: o,
    end: h.payloadEnd,
    fields,
    summary: `IPv4 ${src} → ${dst} ${PROTO_NAMES[h.protocol] ?? `protocol ${h.protocol}`}`,
  });
  // A non-first fragment carries no transport header to decode.
  if (h.fragOffset !== 0)
    return dissectData(
      b,
      h.payloadOffset,
      h.payloadEnd,
      push,
      `IPv4 fragment at offset ${h.fragOffset * 8} ${src} → ${dst}`,
    );
  const ip = { src: h.src, dst: h.dst };
  if (h.protocol === IPPROTO.ICMP) dissectIcmp(b, h.payloadOffset, h.payloadEnd, push, src, dst);
  else if (h.protocol === IPPROTO.UDP) dissectUdp(b, h.payloadOffset, h.payloadEnd, ip, push);
  else dissectData(b, h.payloadOffset, h.payloadEnd, push);
}

const ICMP_TYPES: Record<number, string> = {
  [ICMP_ECHO_REPLY]: 'echo reply',
  [ICMP_DEST_UNREACH]: 'destination unreachable',
  [ICMP_ECHO_REQUEST]: 'echo request',
  [ICMP_TIME_EXCEEDED]: 'time exceeded',
};

function dissectIcmp(b: Uint8Array, o: number, end: number, push: Push, src: string, dst: string): void {
  const m = parseIcmp(b, o, end);
  const name = ICMP_TYPES[m.type] ?? 'unknown';
  const fields = [
    num('icmp.type', 'Type', m.type, o, o + 1, name),
    num('icmp.code', 'Code', m.code, o + 1, o + 2),
    checksumField('icmp.checksum', b, o + 2, m.checksumOk, () => expectedChecksum(b, o, end, o + 2)),
  ];
  let summary = `ICMP ${name} ${src} → ${dst}`;
  if (m.id !== undefined && m.seq !== undefined) {
    fields.push(
      num('icmp.id', 'Identifier', m.id, o + 4, o + 6),
      num('icmp.seq', 'Sequence number', m.seq, o + 6, o + 8),
    );
    summary += ` id ${m.id} seq ${m.seq}`;
  }
  fields.push(dataField('icmp.data', 'Data', b, m.dataOffset, end));
  push({ id: 'icmp', name: 'ICMP', start: o, end, fields, summary });
}

function dissectUdp(b: Uint8Array, o: number, end: number, ip: { src: IpAddress; dst: IpAddress }, push: Push): void {
  const u = parseUdp(b, o, end, ip);
  const fmt = (a: IpAddress): string => (a.version === 4 ? formatIpv4(a.bytes) : `[${formatIpv6(a.bytes)}]`);
  const pseudo = (): number =>
    ip.src.version === 4
      ? ipv4PseudoSum(ip.src.bytes, ip.dst.bytes, IPPROTO.UDP, u.length)
      : ipv6PseudoSum(ip.src.bytes, ip.dst.bytes, IPPROTO.UDP, u.length);
  const payloadLen = u.payloadEnd - u.payloadOffset;
  push({
    id: 'udp',
    name: 'UDP',
    start: o,
    end: u.payloadEnd,
    summary: `UDP ${fmt(ip.src)}:${u.srcPort} → ${fmt(ip.dst)}:${u.dstPort} ${payloadLen} byte${payloadLen === 1 ? '' : 's'}`,
    fields: [
      num('udp.srcPort', 'Source port', u.srcPort, o, o + 2),
      num('udp.dstPort', 'Destination port', u.dstPort, o + 2, o + 4),
      num('udp.length', 'Length', u.length, o + 4, o + 6),
      u.checksum === 0 && ip.src.version === 4
        ? field('udp.checksum', 'Checksum', '0x0000 (none)', o + 6, o + 8, { value: 0 })
        : checksumField('udp.checksum', b, o + 6, u.checksumOk, () => {
            const c = expectedChecksum(b, o, u.payloadEnd, o + 6, pseudo());
            return c === 0 ? 0xffff : c;
          }),
      dataField('udp.payload', 'Payload', b, u.payloadOffset, u.payloadEnd),
    ],
  });
}

export function dissectIpv6(b: Uint8Array, o: number, push: Push): void {
  const h = parseIpv6(b, o);
  const src = formatIpv6(h.src.bytes);
  const dst = formatIpv6(h.dst.bytes);
  push({
    id: 'ipv6',
    name: 'IPv6',
    start: o,
    end: h.payloadEnd,
    summary: `IPv6 ${src} → ${dst} ${PROTO_NAMES[h.nextHeader] ?? `next header ${h.nextHeader}`}`,
    fields: [
      num('ipv6.version', 'Version', h.version, o, o + 1, undefined, 0xf0),
      field(
        'ipv6.trafficClass',
        'Traffic class',
        `0x${h.trafficClass.toString(16).padStart(2, '0')} (DSCP ${h.trafficClass >> 2}, ECN ${h.trafficClass & 3})`,
        o,
        o + 2,
        { value: h.trafficClass, bitMask: 0x0ff0 },
      ),
      field('ipv6.flowLabel', 'Flow label', `0x${h.flowLabel.toString(16).padStart(5, '0')}`, o + 1, o + 4, {
        value: h.flowLabel,
        bitMask: 0x0fffff,
      }),
      num('ipv6.payloadLength', 'Payload length', h.payloadLength, o + 4, o + 6),
      num('ipv6.nextHeader', 'Next header', h.nextHeader, o + 6, o + 7, PROTO_NAMES[h.nextHeader] ?? 'unknown'),
      num('ipv6.hopLimit', 'Hop limit', h.hopLimit, o + 7, o + 8),
      ipv6Field('ipv6.src', 'Source', b, o + 8),
      ipv6Field('ipv6.dst', 'Destination', b, o + 24),
    ],
  });
  const ip = { src: h.src, dst: h.dst };
  const up = walkIpv6Ext(b, h.payloadOffset, h.payloadEnd, h.nextHeader, push, (n) => PROTO_NAMES[n] ?? 'unknown');
  if (up.fragment) dissectData(b, up.offset, h.payloadEnd, push, `IPv6 fragment ${src} → ${dst}`);
  else if (up.nextHeader === IPPROTO.ICMPV6) dissectIcmpv6(b, up.offset, h.payloadEnd, ip, push);
  else if (up.nextHeader === IPPROTO.UDP) dissectUdp(b, up.offset, h.payloadEnd, ip, push);
  else dissectData(b, up.offset, h.payloadEnd, push);
}

const ICMPV6_TYPES: Record<number, string> = {
  1: 'destination unreachable',
  3: 'time exceeded',
  [ICMPV6.ECHO_REQUEST]: 'echo request',
  [ICMPV6.ECHO_REPLY]: 'echo reply',
  [ICMPV6.ROUTER_SOLICITATION]: 'router solicitation',
  [ICMPV6.ROUTER_ADVERTISEMENT]: 'router advertisement',
  [ICMPV6.NEIGHBOR_SOLICITATION]: 'neighbor solicitation',
  [ICMPV6.NEIGHBOR_ADVERTISEMENT]: 'neighbor advertisement',
  130: 'multicast listener query',
  131: 'multicast listener report',
  132: 'multicast listener done',
  137: 'redirect',
  143: 'multicast listener report v2',
};

function dissectIcmpv6(
  b: Uint8Array,
  o: number,
  end: number,
  ip: { src: IpAddress; dst: IpAddress },
  push: Push,
): void {
  const m = parseIcmpv6(b, o, end, ip);
  const name = ICMPV6_TYPES[m.type] ?? 'unknown';
  const src = formatIpv6(ip.src.bytes);
  const dst = formatIpv6(ip.dst.bytes);
  const fields = [
    num('icmpv6.type', 'Type', m.type, o, o + 1, name),
    num('icmpv6.code', 'Code', m.code, o + 1, o + 2),
    checksumField('icmpv6.checksum', b, o + 2, m.checksumOk, () =>
      expectedChecksum(b, o, end, o + 2, ipv6PseudoSum(ip.src.bytes, ip.dst.bytes, IPPROTO.ICMPV6, end - o)),
    ),
  ];
  let summary = `ICMPv6 ${name} ${src} → ${dst}`;
  if (m.id !== undefined && m.seq !== undefined) {
    fields.push(
      num('icmpv6.id', 'Identifier', m.id, o + 4, o + 6),
      num('icmpv6.seq', 'Sequence number', m.seq, o + 6, o + 8),
    );
    fields.push(dataField('icmpv6.data', 'Data', b, m.dataOffset, end));
    summary += ` id ${m.id} seq ${m.seq}`;
  } else if (m.target) {
    const target = formatIpv6(m.target.bytes);
    if (m.flags !== undefined) {
      const f = m.flags;
      const bit = (path: string, label: string, mask: number) =>
        field(path, label, f & mask ? 'set' : 'not set', o + 4, o + 5, { value: (f & mask) !== 0, bitMask: mask });
      const names = [
        f & NA_FLAG.ROUTER && 'router',
        f & NA_FLAG.SOLICITED && 'solicited',
        f & NA_FLAG.OVERRIDE && 'override',
      ]
        .filter(Boolean)
        .join(', ');
      fields.push(
        field(
          'icmpv6.flags',
          'Flags',
          `0x${f.toString(16).padStart(2, '0')}${names ? ` (${names})` : ''}`,
          o + 4,
          o + 8,
          {
            value: f,
            bitMask: 0xe0000000,
            children: [
              bit('icmpv6.flags.router', 'Router', NA_FLAG.ROUTER),
              bit('icmpv6.flags.solicited', 'Solicited', NA_FLAG.SOLICITED),
              bit('icmpv6.flags.override', 'Override', NA_FLAG.OVERRIDE),
            ],
          },
        ),
      );
    } else fields.push(field('icmpv6.reserved', 'Reserved', '0x00000000', o + 4, o + 8));
    fields.push(ipv6Field('icmpv6.target', 'Target address', b, o + 8));
    m.options.forEach((opt, i) => {
      const p = `icmpv6.opt[${i}]`;
      const optName =
        opt.type === ND_OPT.SOURCE_LLA
          ? 'Source link-layer address'
          : opt.type === ND_OPT.TARGET_LLA
            ? 'Target link-layer address'
            : `Option ${opt.type}`;
      const children = [
        num(`${p}.type`, 'Type', opt.type, opt.offset, opt.offset + 1, optName.toLowerCase()),
        num(`${p}.length`, 'Length', opt.length, opt.offset + 1, opt.offset + 2, `${opt.length * 8} bytes`),
      ];
      if (opt.lla) children.push(macField(`${p}.lla`, 'Link-layer address', b, opt.offset + 2, false));
      fields.push(
        field(
          p,
          optName,
          opt.lla ? formatMac(opt.lla) : `${opt.length * 8} bytes`,
          opt.offset,
          opt.offset + 8 * opt.length,
          { children },
        ),
      );
    });
    if (m.type === ICMPV6.NEIGHBOR_SOLICITATION) summary = `ICMPv6 neighbor solicitation who-has ${target} from ${src}`;
    else {
      const lla = m.options.find((x) => x.lla && x.type === ND_OPT.TARGET_LLA)?.lla;
      summary = `ICMPv6 neighbor advertisement ${target} is-at ${lla ? formatMac(lla) : '(no link-layer address)'}`;
    }
  } else fields.push(dataField('icmpv6.body', 'Message body', b, m.dataOffset, end));
  push({ id: 'icmpv6', name: 'ICMPv6', start: o, end, fields, summary });
}

export function dissectData(b: Uint8Array, o: number, end: number, push: Push, summary?: string): void {
  if (end <= o) return;
  push({
    id: 'data',
    name: 'Data',
    start: o,
    end,
    fields: [dataField('data', 'Data', b, o, end)],
    ...(summary && { summary }),
  });
}
