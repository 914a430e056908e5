// An ICMP redirect reaching a qeth guest's stack: icmp_redirect → ipv4_redirect →
// __ip_do_redirect (net/ipv4/route.c), with the sysctl defaults of net/ipv4/devinet.c
// (accept_redirects 1, secure_redirects 1, shared_media 1):
//   - the route the quoted packet took must have the redirect's sender as its gateway
//     (rt_gw4 == old_gw), else it is ignored without a word;
//   - new_gw equal to old_gw, multicast, limited broadcast or 0.0.0.0 is rejected;
//   - shared_media on: new_gw only has to be a unicast address (inet_addr_type);
//     secure_redirects is only read when shared_media is off;
//   - the new gateway's neighbour must be valid (a layer-3 qeth neighbour is NOARP, always
//     valid; in layer 2 an unresolved one is only resolved, nothing learnt yet); then
//     update_or_create_fnhe records a next-hop exception: packets to that destination go
//     to new_gw from now on (for ip_rt_gc_timeout, 300 s).
import type { DeviceContext, Packet } from '../../sim/device';
import { u32 } from '../../frame/bytes';
import { parseIpv4 } from '../../frame/ipv4';
import { formatIp } from '../../frame/address';
import type { GuestRoutes } from './guest-routes';
import type { AddrSpec } from './guest-config';
import * as say from './words';

const SRC = 'icmp_redirect → __ip_do_redirect (net/ipv4/route.c)';

export function receiveRedirect(
  p: { routes: GuestRoutes; addrs: Iterable<AddrSpec>; neighValid: (ip: string) => boolean; tcpdump: string },
  pkt: Packet,
  ip: { src: string; payloadOffset: number; payloadEnd: number; bytes: Uint8Array },
  ctx: DeviceContext,
): void {
  const b = ip.bytes;
  const o = ip.payloadOffset;
  const code = b[o + 1] & 7;
  const n = u32(b, o + 4);
  const newGw = [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
  const oldGw = ip.src;
  let daddr: string;
  try {
    daddr = formatIp(parseIpv4(b, o + 8).dst);
  } catch {
    return ctx.drop(pkt, { decision: say.redirectTooShort(oldGw), source: 'icmp_redirect', layer: 'L3' });
  }
  const deliver = (decision: string, detail?: Record<string, unknown>): void =>
    ctx.deliver(pkt, {
      decision,
      source: SRC,
      layer: 'L3',
      reads: ['ipv4.src', 'icmp.type'],
      ...(detail && { detail }),
    });
  if (code > 3) return deliver(say.redirectIgnoredCode(code, p.tcpdump));
  const route = p.routes.nextHop(daddr, p.addrs);
  if (!route || route.via !== oldGw) return deliver(say.redirectNotFromGateway(oldGw, daddr, route?.via, p.tcpdump));
  const first = Number(newGw.split('.')[0]);
  const local = [...p.addrs].some((a) => a.ip === newGw);
  if (newGw === oldGw || newGw === '0.0.0.0' || newGw === '255.255.255.255' || (first >= 224 && first <= 239) || local)
    return deliver(say.redirectRejected(oldGw, daddr, newGw, p.tcpdump));
  if (!p.neighValid(newGw)) return deliver(say.redirectNeighNotValid(newGw, daddr, p.tcpdump));
  p.routes.learnException(daddr, newGw);
  ctx.set(`routes/exception/${daddr}`, newGw);
  deliver(say.redirectAccepted(oldGw, daddr, newGw, p.tcpdump), { redirect: { daddr, oldGw, newGw } });
}
