// The layer-3 parts of a frame described by fields in a scenario file: "arp", "ipv4"
// (with "icmp", "udp" or a raw "payload") and "ipv6" (with "icmpv6", "udp" or "payload").
// Each returns the EtherType, the payload bytes and, where the protocol implies one, the
// Ethernet destination to use when the scenario leaves "eth.dst" out.
import type { Reader } from '../scenario/read';
import { BROADCAST_MAC, type IpAddress, type Mac } from './address';
import { ETH_P } from './ethernet';
import { buildArp, ARP_REPLY, ARP_REQUEST } from './arp';
import { buildIpv4, IPPROTO } from './ipv4';
import { buildIpv6 } from './ipv6';
import { buildIcmpEcho } from './icmp';
import { buildUdp } from './udp';
import {
  buildIcmpv6Echo,
  buildNeighborAdvertisement,
  buildNeighborSolicitation,
  ipv6MulticastMac,
  isUnspecifiedIpv6,
  solicitedNodeAddress,
} from './icmpv6';
import { readBytes } from './spec-values';

export interface L3Spec {
  ethertype: number;
  payload: Uint8Array;
  /** Ethernet destination implied by the packet (broadcast ARP request, multicast IP). */
  dst?: Uint8Array;
}

interface EthCtx {
  /** undefined when "eth.src" is bad (already reported). */
  src?: Mac;
  dst?: Mac;
}

const u16 = (r: Reader, def: number | undefined, hint: string): number | undefined =>
  r.number({ default: def, integer: true, min: 0, max: 0xffff, hint });
const u8 = (r: Reader, def: number | undefined, hint: string): number | undefined =>
  r.number({ default: def, integer: true, min: 0, max: 255, hint });

export function readArp(r: Reader, eth: EthCtx): L3Spec | undefined {
  if (!r.object('an ARP packet: {"op": "request", "spa": "10.0.0.1", "tpa": "10.0.0.2"}')) return undefined;
  r.onlyKeys(['op', 'sha', 'spa', 'tha', 'tpa']);
  const opR = r.at('op');
  let op: number | undefined;
  if (typeof opR.value === 'number') op = u16(opR, undefined, '"request", "reply", or an opcode number');
  else {
    const s = opR.string({ oneOf: ['request', 'reply'], hint: '"request" (who-has) or "reply" (is-at)' });
    if (s) op = s === 'request' ? ARP_REQUEST : ARP_REPLY;
  }
  const sha = r.has('sha') ? r.at('sha').mac() : eth.src;
  const spa = r.at('spa').ip({ version: 4 });
  const tpa = r.at('tpa').ip({ version: 4 });
  let tha: Uint8Array | undefined;
  if (r.has('tha')) tha = r.at('tha').mac();
  else if (op === ARP_REPLY) {
    tha = eth.dst;
    if (!tha)
      r.issues.add(
        r.at('tha').path,
        'is required for a reply when "eth.dst" is not given',
        'the MAC address of the host that asked',
      );
  } else tha = new Uint8Array(6);
  if (op === undefined || !sha || !spa || !tpa || !tha) return undefined; // each already reported (a missing sha: bad eth.src)
  return {
    ethertype: ETH_P.ARP,
    payload: buildArp({ op, sha, spa, tha, tpa }),
    dst: op === ARP_REQUEST ? BROADCAST_MAC : tha,
  };
}

/** Exactly one of `keys` must be present; returns it. */
function oneOf(r: Reader, keys: readonly string[]): string | undefined {
  const present = keys.filter((k) => r.has(k));
  if (present.length === 1) return present[0];
  r.issues.add(
    r.path,
    present.length
      ? `has ${present.map((k) => `"${k}"`).join(' and ')}: give only one`
      : `says nothing about what it carries`,
    `add one of ${keys.map((k) => `"${k}"`).join(', ')}`,
  );
  return undefined;
}

function readUdp(r: Reader, src: IpAddress, dst: IpAddress): Uint8Array | undefined {
  if (!r.object('a UDP datagram: {"srcPort": 1234, "dstPort": 53, "payload": "hello"}')) return undefined;
  r.onlyKeys(['srcPort', 'dstPort', 'payload']);
  const srcPort = u16(r.at('srcPort'), undefined, 'a port number from 0 to 65535');
  const dstPort = u16(r.at('dstPort'), undefined, 'a port number from 0 to 65535');
  const payload = r.has('payload') ? readBytes(r.at('payload')) : new Uint8Array(0);
  if (srcPort === undefined || dstPort === undefined || !payload) return undefined;
  return buildUdp({ src, dst, srcPort, dstPort, payload });
}

function readEcho(r: Reader): { id: number; seq: number; data?: Uint8Array; type: 'request' | 'reply' } | undefined {
  const t = r.at('type').string({ oneOf: ['echo-request', 'echo-reply'] });
  const id = u16(r.at('id'), 1, 'the echo identifier, 0 to 65535');
  const seq = u16(r.at('seq'), 1, 'the echo sequence number, 0 to 65535');
  const data = r.has('data') ? readBytes(r.at('data')) : undefined;
  if (!t || id === undefined || seq === undefined || (r.has('data') && !data)) return undefined;
  return { type: t === 'echo-request' ? 'request' : 'reply', id, seq, ...(data && { data }) };
}

/** Ethernet destination for an IPv4 destination, when it has a fixed one (RFC 1112 6.4). */
function ipv4DstMac(a: IpAddress): Uint8Array | undefined {
  const b = a.bytes;
  if (b.every((x) => x === 255)) return BROADCAST_MAC;
  if (b[0] >= 224 && b[0] <= 239) return Uint8Array.of(0x01, 0x00, 0x5e, b[1] & 0x7f, b[2], b[3]);
  return undefined;
}

export function readIpv4(r: Reader, _eth: EthCtx): L3Spec | undefined {
  if (!r.object('an IPv4 packet: {"src": "10.0.0.1", "dst": "10.0.0.2", "icmp": {...}}')) return undefined;
  r.onlyKeys(['src', 'dst', 'ttl', 'id', 'dscp', 'df', 'protocol', 'icmp', 'udp', 'payload']);
  const src = r.at('src').ip({ version: 4 });
  const dst = r.at('dst').ip({ version: 4 });
  const ttl = u8(r.at('ttl'), 64, 'time to live, 0 to 255');
  const id = u16(r.at('id'), 0, 'identification, 0 to 65535');
  const dscp = r.at('dscp').number({ default: 0, integer: true, min: 0, max: 63, hint: 'DSCP, 0 to 63' });
  const df = r.at('df').boolean({ default: true });
  const which = oneOf(r, ['icmp', 'udp', 'payload']);
  if (which !== 'payload' && r.has('protocol'))
    r.issues.add(r.at('protocol').path, `"protocol" is set by "${which}"; leave it out`);
  if (!src || !dst || !which) return undefined;
  let protocol: number | undefined;
  let payload: Uint8Array | undefined;
  if (which === 'icmp') {
    const ic = r.at('icmp');
    if (ic.object('an ICMP echo: {"type": "echo-request", "id": 1, "seq": 1}')) {
      ic.onlyKeys(['type', 'id', 'seq', 'data']);
      const e = readEcho(ic);
      if (e) payload = buildIcmpEcho(e);
      protocol = IPPROTO.ICMP;
    }
  } else if (which === 'udp') {
    payload = readUdp(r.at('udp'), src, dst);
    protocol = IPPROTO.UDP;
  } else {
    protocol = u8(r.at('protocol'), undefined, 'the IP protocol number of the payload, e.g. 6 for TCP');
    payload = readBytes(r.at('payload'));
  }
  if (
    ttl === undefined ||
    id === undefined ||
    dscp === undefined ||
    df === undefined ||
    protocol === undefined ||
    !payload
  )
    return undefined;
  return {
    ethertype: ETH_P.IPV4,
    payload: buildIpv4({ src, dst, protocol, ttl, id, dscp, df, payload }),
    dst: ipv4DstMac(dst),
  };
}

const ICMPV6_TYPES = ['echo-request', 'echo-reply', 'neighbor-solicitation', 'neighbor-advertisement'] as const;

function readIcmpv6(
  r: Reader,
  eth: EthCtx,
  src: IpAddress,
  dst: IpAddress | undefined,
): { payload: Uint8Array; dst: IpAddress; nd: boolean } | undefined {
  if (!r.object('an ICMPv6 message: {"type": "neighbor-solicitation", "target": "fe80::2"}')) return undefined;
  const type = r.at('type').string({ oneOf: ICMPV6_TYPES, hint: ICMPV6_TYPES.join(', ') });
  if (!type) return undefined;
  if (type === 'echo-request' || type === 'echo-reply') {
    r.onlyKeys(['type', 'id', 'seq', 'data']);
    const e = readEcho(r);
    if (!e) return undefined;
    if (!dst) return undefined;
    return { payload: buildIcmpv6Echo({ ...e, src, dst }), dst, nd: false };
  }
  const ns = type === 'neighbor-solicitation';
  r.onlyKeys(ns ? ['type', 'target', 'lla'] : ['type', 'target', 'lla', 'router', 'solicited', 'override']);
  const target = r.at('target').ip({ version: 6 });
  // lla: the source (NS) or target (NA) link-layer address option; false leaves it out.
  let lla: Uint8Array | undefined;
  const l = r.at('lla');
  if (l.value === false) lla = undefined;
  else if (l.value !== undefined) lla = l.mac();
  else lla = ns && isUnspecifiedIpv6(src) ? undefined : eth.src;
  if (l.value !== undefined && l.value !== false && !lla) return undefined;
  if (!target) return undefined;
  if (ns) {
    const d = dst ?? solicitedNodeAddress(target);
    return { payload: buildNeighborSolicitation({ src, dst: d, target, sourceLla: lla }), dst: d, nd: true };
  }
  const router = r.at('router').boolean({ default: false });
  const solicited = r.at('solicited').boolean({ default: true });
  const override = r.at('override').boolean({ default: true });
  if (!dst) return undefined;
  if (router === undefined || solicited === undefined || override === undefined) return undefined;
  return {
    payload: buildNeighborAdvertisement({ src, dst, target, router, solicited, override, targetLla: lla }),
    dst,
    nd: true,
  };
}

export function readIpv6(r: Reader, eth: EthCtx): L3Spec | undefined {
  if (!r.object('an IPv6 packet: {"src": "fe80::1", "dst": "fe80::2", "icmpv6": {...}}')) return undefined;
  r.onlyKeys(['src', 'dst', 'hopLimit', 'trafficClass', 'flowLabel', 'nextHeader', 'icmpv6', 'udp', 'payload']);
  const which = oneOf(r, ['icmpv6', 'udp', 'payload']);
  const src = r.at('src').ip({ version: 6 });
  // A neighbor solicitation may leave "dst" out: it goes to the target's solicited-node group.
  const nsNoDst = which === 'icmpv6' && r.at('icmpv6').at('type').value === 'neighbor-solicitation' && !r.has('dst');
  const dst = nsNoDst ? undefined : r.at('dst').ip({ version: 6 });
  const tc = u8(r.at('trafficClass'), 0, 'traffic class, 0 to 255');
  const flow = r
    .at('flowLabel')
    .number({ default: 0, integer: true, min: 0, max: 0xfffff, hint: 'flow label, 0 to 1048575' });
  if (which !== 'payload' && r.has('nextHeader'))
    r.issues.add(r.at('nextHeader').path, `"nextHeader" is set by "${which}"; leave it out`);
  if (!src || !which || (!dst && !nsNoDst)) return undefined;
  let nextHeader: number | undefined;
  let payload: Uint8Array | undefined;
  let finalDst = dst;
  let nd = false;
  if (which === 'icmpv6') {
    const m = readIcmpv6(r.at('icmpv6'), eth, src, dst);
    if (m) ({ payload, dst: finalDst, nd } = m);
    nextHeader = IPPROTO.ICMPV6;
  } else if (which === 'udp') {
    payload = dst && readUdp(r.at('udp'), src, dst);
    nextHeader = IPPROTO.UDP;
  } else {
    nextHeader = u8(r.at('nextHeader'), undefined, 'the next header number of the payload, e.g. 6 for TCP');
    payload = readBytes(r.at('payload'));
  }
  // Neighbor discovery must be sent with hop limit 255 (RFC 4861 7.1.1); receivers drop anything else.
  const hopLimit = u8(r.at('hopLimit'), nd ? 255 : 64, 'hop limit, 0 to 255');
  if (
    !finalDst ||
    tc === undefined ||
    flow === undefined ||
    hopLimit === undefined ||
    nextHeader === undefined ||
    !payload
  )
    return undefined;
  const packet = buildIpv6({ src, dst: finalDst, nextHeader, hopLimit, trafficClass: tc, flowLabel: flow, payload });
  return {
    ethertype: ETH_P.IPV6,
    payload: packet,
    dst: finalDst.bytes[0] === 0xff ? ipv6MulticastMac(finalDst) : undefined,
  };
}
