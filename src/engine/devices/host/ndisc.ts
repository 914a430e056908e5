// Neighbour discovery on a host (net/ipv6/ndisc.c), the IPv6 side of the neighbour table:
//  - ndisc_recv_ns: a solicitation for one of our addresses with a source link-layer option
//    creates or updates the sender's entry (NUD_STALE, NEIGH_UPDATE_F_WEAK_OVERRIDE |
//    NEIGH_UPDATE_F_OVERRIDE), and ndisc_send_na answers through that entry (ip6_output ->
//    neigh_output: STALE -> DELAY). A solicitation for another address changes nothing.
//  - ndisc_recv_na: only an entry the host already has is updated (a host does not forward, so
//    accept_untracked_na does not apply and an unsolicited NA creates nothing); an entry in
//    NUD_FAILED is left alone; otherwise NUD_REACHABLE if the Solicited flag is set, else
//    NUD_STALE, with WEAK_OVERRIDE always and OVERRIDE only when the Override flag is set.
//    ND has no locktime. __neigh_update leaves PERMANENT entries alone.
import { formatIp, formatMac } from '../../frame/address';
import type { EthernetHeader } from '../../frame/ethernet';
import { NA_FLAG, ND_OPT, type Icmpv6Message } from '../../frame/icmpv6';
import type { Ipv6Header } from '../../frame/ipv6';
import { neighborAdvertisement } from '../../frame/packets';
import type { DeviceContext, Packet } from '../../sim/device';
import type { Host } from './host';
import * as say from './words';

export function receiveNs(
  h: Host,
  eth: EthernetHeader,
  ip: Ipv6Header,
  m: Icmpv6Message,
  packet: Packet,
  ctx: DeviceContext,
): void {
  const target = formatIp(m.target!);
  if (!h.cfg.ip6 || !h.ownsIp(m.target!))
    return ctx.drop(packet, {
      decision: say.neighbourSolicitationHost(target),
      source: 'ndisc_recv_ns',
      port: 'eth0',
      layer: 'L3',
      reads: ['icmpv6.target'],
    });
  const me = h.cfg.ip6;
  const lla = m.options?.find((o) => o.type === ND_OPT.SOURCE_LLA)?.lla;
  const explain = (extra: string) => ({
    decision: say.neighbourSolicitationHostAnswers(target) + extra,
    source: 'ndisc_recv_ns',
    port: 'eth0',
    layer: 'L3' as const,
    reads: ['icmpv6.target'],
  });
  const na = (dstMac: Uint8Array): Uint8Array =>
    neighborAdvertisement({ srcMac: h.cfg.mac, srcIp: me, dstMac, dstIp: ip.src, tags: h.tags });
  const naDecision = say.neighbourAdvertisement(formatIp(me), formatMac(h.cfg.mac));
  if (!lla) {
    // No source link-layer option (a DAD probe from ::, or a unicast NUD probe): no entry to use;
    // the answer goes back to the frame's sender.
    ctx.deliver(packet, explain(''));
    ctx.send('eth0', na(eth.src.slice()), { decision: naDecision, source: 'ndisc_send_na', layer: 'L3' });
    return;
  }
  h.neigh.create(ip.src, ctx);
  h.neigh.update(ip.src, lla, 'STALE', { weak: true, override: true }, ctx, (r, state) =>
    ctx.deliver(
      packet,
      explain(say.nsRecords(formatIp(ip.src), formatMac(lla), r === 'permanent' ? 'PERMANENT' : state)),
    ),
  );
  h.neigh.output(
    ip.src,
    {
      what: 'neighbour advertisement',
      len: na(lla).length,
      transmit: (c, dstMac, why) =>
        c.send('eth0', na(dstMac), { decision: say.withNeigh(why, naDecision), source: 'ndisc_send_na', layer: 'L3' }),
    },
    ctx,
  );
}

export function receiveNa(h: Host, m: Icmpv6Message, packet: Packet, ctx: DeviceContext): void {
  const target = formatIp(m.target!);
  const lla = m.options?.find((o) => o.type === ND_OPT.TARGET_LLA)?.lla;
  const said = say.neighbourAdvertisement2(lla, target);
  const step = (extra: string): void =>
    ctx.deliver(packet, {
      decision: `${said} ${extra}`,
      source: 'ndisc_recv_na',
      port: 'eth0',
      layer: 'L3',
      reads: ['icmpv6.target', 'icmpv6.flags'],
    });
  const had = h.neigh.state(target);
  if (had === undefined || had === 'NONE') return step(say.naNoEntry(target));
  if (had === 'FAILED') return step(say.naFailedEntry(target));
  const flags = m.flags ?? 0;
  const solicited = (flags & NA_FLAG.SOLICITED) !== 0;
  const override = (flags & NA_FLAG.OVERRIDE) !== 0;
  h.neigh.update(m.target!, lla, solicited ? 'REACHABLE' : 'STALE', { weak: true, override }, ctx, (r, state) =>
    step(
      r === 'permanent'
        ? say.naPermanent(target)
        : r === 'kept-lladdr'
          ? say.naKeptLladdr(target, state)
          : say.naUpdates(target, had, state),
    ),
  );
}
