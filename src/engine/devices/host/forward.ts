// A host with net.ipv4.ip_forward=1 routing an IPv4 packet that is not for it, as
// net/ipv4/ip_forward.c ip_forward does, for the one link the host has: its connected
// route (ip/prefix) is its only route, so the next hop is the destination itself.
//   1. ttl <= 1: "too_many_hops": icmp_send(ICMP_TIME_EXCEEDED, ICMP_EXC_TTL) and drop;
//   2. ip_decrease_ttl: ttl - 1 and the header checksum patched incrementally (RFC 1624);
//   3. in and out on the same interface with send_redirects on (__mkroute_input sets
//      IPSKB_DOREDIRECT: in_dev == out_dev and shared_media, on by default):
//      ip_rt_send_redirect sends ICMP_REDIRECT / ICMP_REDIR_HOST with the route's next hop;
//      the first one to a peer goes at once (n_redirects == 0), later ones back off
//      (ip_rt_redirect_load << n_redirects, 20 ms << n) and stop after 9;
//   4. ip_forward_finish → ip_output → neigh_output: the frame leaves with the next hop's
//      MAC from the neighbour table (ARP first if unknown).
// A destination off the connected prefix has no route (ip_route_input_slow: RTN_UNREACHABLE,
// ip_error); the ICMP net-unreachable ip_error would send is not built here.
import { formatIp, ip as ipOf, type IpAddress } from '../../frame/address';
import { buildEthernet, ETH_P, type EthernetHeader } from '../../frame/ethernet';
import { buildIpv4, IPPROTO, type Ipv4Header } from '../../frame/ipv4';
import { internetChecksum, put16, put32 } from '../../frame/bytes';
import type { DeviceContext, Packet } from '../../sim/device';
import type { Host } from './host';
import * as say from './words';

export const ICMP_REDIRECT = 5;
export const ICMP_REDIR_HOST = 1;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_EXC_TTL = 0;
/** ip_rt_redirect_number and ip_rt_redirect_load (net/ipv4/route.c): 9 redirects, HZ / 50 = 20 ms. */
const REDIRECT_NUMBER = 9;
const REDIRECT_LOAD_NS = 20_000_000;
/** icmp_send's room: 576 - sizeof(struct iphdr) - sizeof(struct icmphdr) bytes of the offending packet. */
const ICMP_QUOTE = 576 - 20 - 8;

const num = (a: IpAddress): number => ((a.bytes[0] << 24) | (a.bytes[1] << 16) | (a.bytes[2] << 8) | a.bytes[3]) >>> 0;

export function onLink(h: Host, a: IpAddress): boolean {
  if (!h.cfg.ip) return false;
  const mask = h.cfg.prefix === 0 ? 0 : (0xffffffff << (32 - h.cfg.prefix)) >>> 0;
  return ((num(a) ^ num(h.cfg.ip)) & mask) === 0;
}

/** The all-ones host part of the host's prefix (below /31), a broadcast route in the local table. */
export function isDirectedBroadcast(h: Host, a: IpAddress): boolean {
  if (!h.cfg.ip || h.cfg.prefix >= 31 || !onLink(h, a)) return false;
  const host = h.cfg.prefix === 0 ? 0xffffffff : ~(0xffffffff << (32 - h.cfg.prefix)) >>> 0;
  return (num(a) & host) >>> 0 === host;
}

/** ip_decrease_ttl (include/net/ip.h): the checksum gets htons(0x0100) added with end-around carry. */
export function decreaseTtl(pkt: Uint8Array, o: number): void {
  let check = ((pkt[o + 10] << 8) | pkt[o + 11]) + 0x0100;
  check = (check + (check >= 0xffff ? 1 : 0)) & 0xffff;
  pkt[o + 8] -= 1;
  put16(pkt, o + 10, check);
}

/** icmp_send's message body: type, code, checksum, the 32-bit rest (gateway for a redirect), the quote. */
export function icmpError(type: number, code: number, rest: number, quoted: Uint8Array): Uint8Array {
  const q = quoted.subarray(0, Math.min(quoted.length, ICMP_QUOTE));
  const m = new Uint8Array(8 + q.length);
  m[0] = type;
  m[1] = code;
  put32(m, 4, rest);
  m.set(q, 8);
  put16(m, 2, internetChecksum(m));
  return m;
}

export function forwardIpv4(h: Host, eth: EthernetHeader, ip: Ipv4Header, packet: Packet, ctx: DeviceContext): void {
  const o = eth.payloadOffset;
  const dst = formatIp(ip.dst);
  if (!onLink(h, ip.dst))
    return ctx.drop(packet, {
      decision: say.forwardNoRoute(dst, formatIp(h.cfg.ip!), h.cfg.prefix),
      source: 'ip_route_input_slow (RTN_UNREACHABLE) → ip_error',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv4.dst'],
    });
  if (ip.ttl <= 1) {
    ctx.count('InHdrErrors');
    ctx.drop(packet, {
      decision: say.forwardTtlExceeded(dst, ip.ttl, formatIp(ip.src)),
      source: 'ip_forward: too_many_hops (net/ipv4/ip_forward.c)',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv4.ttl'],
    });
    return sendIcmp(
      h,
      ip.src,
      icmpError(ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, packet.bytes.subarray(o, ip.payloadEnd)),
      ctx,
      'time',
    );
  }
  const out = packet.bytes.slice(o, ip.payloadEnd);
  decreaseTtl(out, 0);
  ctx.count('OutForwDatagrams');
  // IPSKB_DOREDIRECT: in and out through eth0, send_redirects on, shared_media on (its default).
  if (h.cfg.sendRedirects) redirect(h, ip.src, ip.dst, out, ctx);
  const what = say.forwardWhat(formatIp(ip.src), dst, out[8]);
  let sent = false;
  h.neigh.output(
    ip.dst,
    {
      what,
      len: 14 + out.length,
      transmit: (c, lladdr, why) => {
        sent = true;
        c.send(
          'eth0',
          buildEthernet({ dst: lladdr, src: h.cfg.mac, ethertype: ETH_P.IPV4, payload: out }),
          {
            decision: say.forwardSends(what, ip.ttl, out[8], why),
            source: 'ip_forward → ip_decrease_ttl → ip_forward_finish → neigh_output',
            layer: 'L3',
            detail: {
              forward: {
                ttlIn: ip.ttl,
                ttlOut: out[8],
                checksum: `0x${((out[10] << 8) | out[11]).toString(16).padStart(4, '0')}`,
              },
            },
          },
          packet,
        );
      },
      failed: (c) =>
        c.drop(packet, {
          decision: say.forwardNeighFailed(dst),
          source: 'arp_error_report (neigh FAILED)',
          layer: 'L3',
        }),
    },
    ctx,
  );
  if (!sent)
    ctx.hold(packet, { decision: say.forwardQueued(dst), source: 'neigh_resolve_output (INCOMPLETE)', layer: 'L3' });
}

/** ip_rt_send_redirect: ICMP_REDIR_HOST to the sender, the gateway field the next hop (here the destination). */
function redirect(h: Host, src: IpAddress, dst: IpAddress, forwarded: Uint8Array, ctx: DeviceContext): void {
  const key = formatIp(src);
  const p = h.redirectPeers.get(key) ?? { last: 0, n: 0 };
  h.redirectPeers.set(key, p);
  // ip_rt_redirect_silence ((HZ / 50) << (9 + 1)) without redirects resets the peer.
  if (p.n > 0 && ctx.now > p.last + REDIRECT_LOAD_NS * 2 ** (REDIRECT_NUMBER + 1)) p.n = 0;
  if (p.n >= REDIRECT_NUMBER) return void (p.last = ctx.now);
  if (p.n !== 0 && ctx.now <= p.last + REDIRECT_LOAD_NS * 2 ** p.n) return;
  p.last = ctx.now;
  p.n++;
  sendIcmp(h, src, icmpError(ICMP_REDIRECT, ICMP_REDIR_HOST, num(dst), forwarded), ctx, 'redirect', formatIp(dst));
}

/** icmp_send: from the router's address, TOS with IPTOS_PREC_INTERNETCONTROL, through the neighbour table. */
function sendIcmp(
  h: Host,
  to: IpAddress,
  body: Uint8Array,
  ctx: DeviceContext,
  kind: 'time' | 'redirect',
  gw?: string,
): void {
  const packetBytes = buildIpv4({
    src: h.cfg.ip!,
    dst: to,
    protocol: IPPROTO.ICMP,
    ttl: 64,
    dscp: 0xc0 >> 2,
    df: false,
    payload: body,
  });
  const toText = formatIp(to);
  const what = kind === 'time' ? say.icmpTimeExceededWhat(toText) : say.icmpRedirectWhat(toText, gw!);
  h.neigh.output(
    ipOf(toText),
    {
      what,
      len: 14 + packetBytes.length,
      transmit: (c, lladdr, why) =>
        c.send('eth0', buildEthernet({ dst: lladdr, src: h.cfg.mac, ethertype: ETH_P.IPV4, payload: packetBytes }), {
          decision: say.icmpSent(what, why),
          source:
            kind === 'time'
              ? 'icmp_send (ICMP_TIME_EXCEEDED, ICMP_EXC_TTL)'
              : 'ip_rt_send_redirect → icmp_send (ICMP_REDIRECT, ICMP_REDIR_HOST)',
          layer: 'L3',
        }),
    },
    ctx,
  );
}
