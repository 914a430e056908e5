// arp_process (net/ipv4/arp.c) on a host, after arp_rcv has checked the header:
//  1. sip == 0 (an RFC 5227 probe): a request for our address is answered; nothing is learned.
//  2. A request for one of our addresses: neigh_event_ns creates or updates the sender's entry
//     (NUD_STALE, NEIGH_UPDATE_F_OVERRIDE), then arp_send answers straight to the sender's
//     hardware address (no neighbour lookup for the reply itself).
//  3. Everything else reaches "Update our ARP tables": __neigh_lookup(..., creat = 0) finds the
//     sender's entry if the host already has one. With arp_accept off (the default) nothing is
//     created: an unsolicited reply teaches the host nothing. An entry found is updated with
//     NUD_REACHABLE for a reply to this host (PACKET_HOST) and NUD_STALE otherwise; the
//     override flag is set only when the entry is older than locktime (1 s) or the message is a
//     gratuitous ARP (arp_is_garp; since "arp: always override existing neigh entries with
//     gratuitous ARP", 2017), so a second, different answer within a second is ignored.
// __neigh_update then refuses any change to a PERMANENT entry (no NEIGH_UPDATE_F_ADMIN).
import { formatIp, formatMac, ipEquals, macEquals } from '../../frame/address';
import { arpReply } from '../../frame/packets';
import { ARP_REPLY, ARP_REQUEST, type ArpPacket } from '../../frame/arp';
import type { EthernetHeader } from '../../frame/ethernet';
import type { DeviceContext, Packet } from '../../sim/device';
import type { Host } from './host';
import { ARP_LOCKTIME_NS } from './neigh';
import * as say from './words';

export function processArp(h: Host, arp: ArpPacket, eth: EthernetHeader, packet: Packet, ctx: DeviceContext): void {
  const tpa = formatIp(arp.tpa);
  const spa = formatIp(arp.spa);
  const sha = formatMac(arp.sha);
  const own = h.cfg.ip !== undefined && h.ownsIp(arp.tpa);
  if (!h.cfg.ip) return ignore(packet, ctx, say.arpHostArpProcess(arp, h, tpa));
  if (arp.spa.bytes.every((b) => b === 0)) {
    if (arp.op !== ARP_REQUEST || !own) return ignore(packet, ctx, say.arpHostArpProcess(arp, h, tpa));
    ctx.deliver(packet, {
      decision: say.arpProbeAnswered(tpa, sha),
      source: 'arp_process (sip == 0)',
      port: 'eth0',
      layer: 'L3',
      reads: ['arp.op', 'arp.spa', 'arp.tpa'],
    });
    return reply(h, arp, ctx);
  }
  if (arp.op === ARP_REQUEST && own) {
    h.neigh.create(arp.spa, ctx);
    h.neigh.update(arp.spa, arp.sha, 'STALE', { override: true }, ctx, (r, state) =>
      ctx.deliver(packet, {
        decision:
          r === 'permanent'
            ? say.arpRequestPermanentKept(tpa, spa, sha)
            : say.arpHostRecordsAnswers(tpa, spa, sha, state),
        source: 'arp_process (neigh_event_ns)',
        port: 'eth0',
        layer: 'L3',
        reads: ['arp.op', 'arp.tpa', 'arp.spa', 'arp.sha'],
      }),
    );
    return reply(h, arp, ctx);
  }
  // "Update our ARP tables": only an entry the host already has.
  const had = h.neigh.state(spa);
  if (had === undefined || had === 'NONE') {
    // A reply to this host reaches ARP and is consumed there (consume_skb), teaching it nothing.
    if (arp.op === ARP_REPLY && own)
      return ctx.deliver(packet, {
        decision: say.arpUnsolicitedReply(spa, sha),
        source: 'arp_process (arp_accept = 0)',
        port: 'eth0',
        layer: 'L3',
        reads: ['arp.op', 'arp.spa'],
      });
    return ignore(packet, ctx, say.arpHostArpProcess(arp, h, tpa));
  }
  const garp = isGarp(arp);
  const since = ctx.now - (h.neigh.updatedAt(spa) ?? 0);
  const override = since > ARP_LOCKTIME_NS || garp;
  const toHost = macEquals(eth.dst, 0, h.cfg.mac);
  const want = arp.op === ARP_REPLY && toHost ? 'REACHABLE' : 'STALE';
  h.neigh.update(arp.spa, arp.sha, want, { override }, ctx, (r, state) => {
    const decision =
      r === 'permanent'
        ? say.arpPermanentKept(arp.op === ARP_REPLY, spa, sha)
        : r === 'kept-lladdr'
          ? say.arpLocktimeIgnored(arp.op === ARP_REPLY, spa, sha, since)
          : say.arpRefreshes(arp.op === ARP_REPLY, spa, sha, had, state, garp);
    const explain = {
      decision,
      source: garp ? 'arp_process (arp_is_garp, neigh_update)' : 'arp_process (neigh_update)',
      port: 'eth0',
      layer: 'L3' as const,
      reads: ['arp.op', 'arp.spa', 'arp.sha'],
    };
    // A reply to this host is consumed by ARP; a request or reply for someone else is not ours,
    // even though it refreshed an entry on the way.
    if (arp.op === ARP_REPLY && own) ctx.deliver(packet, explain);
    else ctx.drop(packet, { ...explain, decision: `${say.arpHostArpProcess(arp, h, tpa)} ${decision}` });
  });
}

/** arp_is_garp: sip == tip, and for a reply also tha == sha (the sender's address must be unicast). */
function isGarp(arp: ArpPacket): boolean {
  if (!ipEquals(arp.spa, arp.tpa)) return false;
  return arp.op === ARP_REQUEST || macEquals(arp.tha, 0, arp.sha);
}

function ignore(packet: Packet, ctx: DeviceContext, decision: string, reads = ['arp.tpa']): void {
  ctx.drop(packet, { decision, source: 'arp_process', port: 'eth0', layer: 'L3', reads });
}

/** arp_send(ARPOP_REPLY, ..., dest_hw = sha): straight back to the asker, no neighbour lookup. */
function reply(h: Host, arp: ArpPacket, ctx: DeviceContext): void {
  const r = arpReply({ srcMac: h.cfg.mac, srcIp: arp.tpa, dstMac: arp.sha, dstIp: arp.spa, tags: h.tags });
  ctx.send('eth0', r, {
    decision: say.arpReplySent(formatIp(arp.tpa), formatMac(h.cfg.mac), formatMac(arp.sha)),
    source: 'arp_send (ARPOP_REPLY)',
    layer: 'L3',
  });
}
