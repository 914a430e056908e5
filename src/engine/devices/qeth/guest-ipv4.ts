// A qeth guest's IPv4 stack, as much of it as the lab needs: local delivery and ICMP echo
// (icmp_rcv, icmp_echo), forwarding when net.ipv4.ip_forward is set, ARP in layer 2 (in
// layer 3 the card answers ARP and the stack never resolves: FAKELL), and ping. The
// driver's address list decides what is "mine" (qeth_l3 keeps it in step with the card).
import type { DeviceContext, Explain, Packet } from '../../sim/device';
import { formatMac, mac as macOf, parseIp, formatIp, type IpAddress } from '../../frame/address';
import { arpReply, arpRequest, icmpEcho } from '../../frame/packets';
import { parseIcmp, ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY } from '../../frame/icmp';
import { parseIpv4 } from '../../frame/ipv4';
import { FAKELL } from './ipa-codes';
import { errnoValue } from '../../scenario/errno';
import { fillHeader, headerDetail, qdioElement } from './qdio-element';
import { receiveRedirect } from './guest-redirect';

/** ICMP_REDIRECT (include/uapi/linux/icmp.h). */
const ICMP_REDIRECT = 5;
import { GuestRoutes, routeOf, v4num } from './guest-routes';
import type { Cast } from './frames';
import type { GuestDriver } from './guest-driver';
import type { GuestConfig } from './guest-config';
import type { ParsedFrame } from './frames';
import * as say from './words';

const SRC_NOARP = 'qeth_l3_neigh_setup_noarp / qeth_l3_hard_start_xmit (qeth_l3_main.c)';
const SRC_VIA =
  'qeth_l3_hard_start_xmit → qeth_l3_fill_header: next_hop = rt_nexthop (qeth_next_hop_v4_rcu, qeth_core.h)';

/** What the stack needs from the device it runs on. */
export interface Ipv4Host {
  readonly cfg: GuestConfig;
  readonly drv: GuestDriver;
  devAddr(): Uint8Array;
  /** The device is online (sysfs `online`). */
  up(): boolean;
  /** Hand a data frame to the device (charged to the guest's CPU there). */
  send(ctx: DeviceContext, bytes: Uint8Array, explain: Explain): void;
}

export class GuestIpv4 {
  private readonly neigh = new Map<string, string>();
  private readonly waitArp = new Map<
    string,
    { ip: IpAddress; id: number; seq: number; src: IpAddress; ttl?: number }[]
  >();
  private pingSeq = 0;
  /** The IPv4 routing table: connected routes of the addresses plus `route-add` ones. */
  readonly routes = new GuestRoutes();

  constructor(private readonly h: Ipv4Host) {}

  receive(pkt: Packet, f: ParsedFrame, ctx: DeviceContext): void {
    const dst = f.ip!.dst;
    const tcpdump = this.h.cfg.layer === 3 ? say.tcpdumpShows(f, this.h.cfg.ifname) : '';
    const mine = this.h.drv.addrs.get(dst);
    const group = dst === '255.255.255.255' || f.dstMac === 'ff:ff:ff:ff:ff:ff' || this.h.drv.groups.has(dst);
    if ((mine && mine.type !== 'rxip') || group) {
      const h = parseIpv4(f.ipPacket!, 0);
      if (mine && h.protocol === 1) {
        let icmp: ReturnType<typeof parseIcmp>;
        try {
          icmp = parseIcmp(f.ipPacket!, h.payloadOffset, h.payloadEnd);
        } catch (e) {
          // A truncated ICMP header: icmp_rcv counts it in ICMP_MIB_INERRORS and frees it.
          return ctx.drop(pkt, {
            decision: say.malformedIcmpMessage((e as Error).message),
            source: 'icmp_rcv (net/ipv4/icmp.c)',
          });
        }
        if (icmp.type === ICMP_ECHO_REQUEST) {
          ctx.deliver(pkt, {
            decision: say.echoRequestGuestAddresses(dst, tcpdump),
            source: 'icmp_echo (net/ipv4/icmp.c)',
            layer: 'L3',
            reads: ['ipv4.dst', 'icmp.type'],
          });
          return this.sendIpv4(ctx, h.dst, h.src, { type: 'reply', id: icmp.id ?? 0, seq: icmp.seq ?? 0 }, f.srcMac);
        }
        if (icmp.type === ICMP_REDIRECT)
          return receiveRedirect(
            {
              routes: this.routes,
              addrs: this.h.drv.addrs.values(),
              // A layer-3 neighbour is NOARP (valid); in layer 2 the ARP cache must know it.
              neighValid: (a) => this.h.cfg.layer === 3 || this.neigh.has(a),
              tcpdump,
            },
            pkt,
            { src: f.ip!.src, payloadOffset: h.payloadOffset, payloadEnd: h.payloadEnd, bytes: f.ipPacket! },
            ctx,
          );
        if (icmp.type === ICMP_ECHO_REPLY) {
          ctx.deliver(pkt, {
            decision: say.echoReplyPingSucceeds(f.ip!.src, icmp.seq, tcpdump),
            source: 'ping (iputils)',
            layer: 'L3',
            reads: ['ipv4.src'],
          });
          return;
        }
      }
      ctx.deliver(pkt, {
        decision: say.deliveredStack(mine, dst, tcpdump),
        source: 'ip_rcv / ip_local_deliver',
        layer: 'L3',
        reads: ['ipv4.dst'],
      });
      return;
    }
    if (this.h.cfg.ipForward) {
      ctx.deliver(pkt, {
        decision: say.guestAddressCardSent(dst, f.dstMac, tcpdump),
        source: 'ip_rcv / ip_forward (net/ipv4)',
        layer: 'L3',
        reads: ['ipv4.dst'],
      });
      return;
    }
    ctx.drop(pkt, {
      decision: say.guestAddressNetIpv4(dst, tcpdump),
      source: 'ip_route_input / ip_forward (net/ipv4)',
      layer: 'L3',
      reads: ['ipv4.dst'],
    });
  }

  arp(pkt: Packet, f: ParsedFrame, ctx: DeviceContext): void {
    const a = f.arp!;
    this.neigh.set(a.spa, f.srcMac);
    ctx.set(`neigh/${a.spa}`, f.srcMac);
    if (a.op === 1 && this.h.drv.addrs.has(a.tpa)) {
      ctx.deliver(pkt, {
        decision: say.arpLayerGuestAnswers(a.tpa, formatMac(this.h.devAddr())),
        source: 'arp_process (net/ipv4/arp.c)',
        reads: ['arp.tpa'],
      });
      this.h.send(
        ctx,
        arpReply({
          srcMac: this.h.devAddr(),
          srcIp: (parseIp(a.tpa) as { value: IpAddress }).value,
          dstMac: macOf(f.srcMac),
          dstIp: (parseIp(a.spa) as { value: IpAddress }).value,
        }),
        { decision: say.arpWords(a.tpa, formatMac(this.h.devAddr())), source: 'arp_send' },
      );
    } else {
      ctx.deliver(pkt, {
        decision: say.arpNeighbourTableLearns(a, f.srcMac),
        source: 'arp_process (net/ipv4/arp.c)',
        reads: ['arp.spa'],
      });
    }
    for (const w of this.waitArp.get(a.spa) ?? [])
      this.sendIpv4(ctx, w.src, w.ip, { type: 'request', id: w.id, seq: w.seq, ttl: w.ttl });
    this.waitArp.delete(a.spa);
  }

  ping(ctx: DeviceContext, args: Record<string, unknown>): void {
    if (!this.h.up())
      return ctx.note('decide', {
        decision: say.offlineCannotSend(this.h.cfg.ifname),
        source: 'ip_route_output / dev_queue_xmit (IFF_UP clear)',
        layer: 'L3',
      });
    const dst = (parseIp(String(args.dst)) as { value: IpAddress }).value;
    const src = args.src ? (parseIp(String(args.src)) as { value: IpAddress }).value : this.sourceFor(dst);
    if (!src)
      return ctx.note('decide', {
        decision: say.pingConnectNetworkUnreachable(formatIp(dst), this.h.cfg.ifname),
        source: 'ip_route_output',
        layer: 'L3',
      });
    const count = Number(args.count ?? 1);
    const interval = Number(args.interval ?? 1_000_000);
    for (let i = 0; i < count; i++) {
      const seq = ++this.pingSeq;
      const ttl = args.ttl === undefined ? undefined : Number(args.ttl);
      const go = (c: DeviceContext): void => this.sendIpv4(c, src, dst, { type: 'request', id: 0x4242, seq, ttl });
      if (i === 0) go(ctx);
      else ctx.schedule(i * interval, 'ping', go);
    }
  }

  private sourceFor(dst: IpAddress): IpAddress | undefined {
    const v4 = [...this.h.drv.addrs.values()].filter((a) => a.version === 4 && a.type === 'normal');
    const num = (b: Uint8Array): number => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    const d = num(dst.bytes);
    const hit =
      v4.find((a) => {
        const m = a.prefix === 0 ? 0 : (0xffffffff << (32 - a.prefix)) >>> 0;
        return ((num((parseIp(a.ip) as { value: IpAddress }).value.bytes) ^ d) & m) === 0;
      }) ?? v4[0];
    return hit ? (parseIp(hit.ip) as { value: IpAddress }).value : undefined;
  }

  /** `ip route add <dst> via <via>` (rtm_to_fib_config → fib_table_insert). */
  routeAdd(ctx: DeviceContext, args: Record<string, unknown>): void {
    const r = routeOf(args);
    const dst = String(args.dst);
    const res = this.routes.add(r, this.h.drv.addrs.values());
    ctx.note('state', {
      decision: res.ok
        ? say.routeAdded(dst, r.via!, this.h.cfg.ifname)
        : say.routeAddFailed(dst, r.via!, res.message, res.errno),
      source: 'inet_rtm_newroute → fib_table_insert (net/ipv4/fib_trie.c), fib_check_nh_v4_gw',
      layer: 'L3',
      detail: {
        route: { dst, via: r.via },
        returns: { errno: res.ok ? 0 : (errnoValue(res.errno) ?? -1), to: 'ip route add' },
      },
    });
    if (res.ok) ctx.set(`routes/${r.prefix}/${r.len}`, r.via);
  }

  /** The cast type qeth_l3_get_cast_type finds: the neighbour's route type, as the local table has it. */
  private castOf(dst: string): Cast {
    if (dst === '255.255.255.255') return 'broadcast';
    const first = Number(dst.split('.')[0]);
    if (first >= 224 && first <= 239) return 'multicast';
    for (const a of this.h.drv.addrs.values()) {
      if (a.version !== 4 || a.prefix >= 31) continue;
      const host = a.prefix === 0 ? 0xffffffff : ~(0xffffffff << (32 - a.prefix)) >>> 0;
      if ((v4num(a.ip) | host) >>> 0 === v4num(dst)) return 'broadcast';
    }
    return 'unicast';
  }

  private sendIpv4(
    ctx: DeviceContext,
    src: IpAddress,
    dst: IpAddress,
    e: { type: 'request' | 'reply'; id: number; seq: number; ttl?: number },
    l2Dst?: string,
  ): void {
    const what = `ICMP echo ${e.type} ${formatIp(src)} > ${formatIp(dst)} seq ${e.seq}`;
    const dstText = formatIp(dst);
    const cast = this.castOf(dstText);
    // ip_route_output: a unicast destination needs a route; broadcast and multicast go on the link.
    const route = cast === 'unicast' ? this.routes.nextHop(dstText, this.h.drv.addrs.values()) : undefined;
    if (cast === 'unicast' && !route)
      return ctx.note('decide', {
        decision: say.noRouteToDestination(what, dstText, this.h.cfg.ifname),
        source: 'ip_route_output_key → fib_table_lookup (-ENETUNREACH)',
        layer: 'L3',
      });
    const via = route?.via;
    const hop = via ?? dstText;
    const routeText = route ? `${route.prefix}/${route.len}` : '';
    if (this.h.cfg.layer === 3) {
      const stack = icmpEcho({ ...e, srcMac: this.h.devAddr(), dstMac: FAKELL, srcIp: src, dstIp: dst });
      const ipPacket = stack.subarray(14);
      const hdr = fillHeader(cast, ipPacket.length, (parseIp(hop) as { value: IpAddress }).value);
      const bytes = qdioElement({ hdr, ipPacket, stackDst: FAKELL, stackSrc: this.h.devAddr() });
      this.h.send(ctx, bytes, {
        decision: via
          ? say.tcpdumpShowsViaGateway(what, this.h.cfg.ifname, dstText, via, routeText, !!route?.redirected)
          : say.tcpdumpShowsIPv4Neighbour(what, this.h.cfg.ifname, hop),
        source: via ? SRC_VIA : SRC_NOARP,
        layer: 'L3',
        detail: {
          qethHdr: headerDetail(hdr),
          route: { dst: routeText || dstText, ...(via && { via }), ...(route?.redirected && { redirected: true }) },
          tcpdump: { dst: formatMac(FAKELL), src: formatMac(this.h.devAddr()), type: '0x0800' },
        },
      });
      return;
    }
    const known = via ? this.neigh.get(hop) : (l2Dst ?? this.neigh.get(hop));
    if (known) {
      this.h.send(ctx, icmpEcho({ ...e, srcMac: this.h.devAddr(), dstMac: macOf(known), srcIp: src, dstIp: dst }), {
        decision: via ? say.layerTwoViaGateway(what, via, known) : say.layerRealNeighbourMac(what, known),
        source: 'ip_finish_output2 / neigh_output',
        layer: 'L3',
      });
      return;
    }
    // Layer 2 resolves the next hop (the gateway, when the route has one) with its own ARP.
    const q = this.waitArp.get(hop) ?? [];
    q.push({ ip: dst, id: e.id, seq: e.seq, src, ttl: e.ttl });
    this.waitArp.set(hop, q);
    if (q.length === 1)
      this.h.send(
        ctx,
        arpRequest({ srcMac: this.h.devAddr(), srcIp: src, targetIp: (parseIp(hop) as { value: IpAddress }).value }),
        {
          decision: say.layerGuestOwnArp(hop),
          source: 'arp_solicit (net/ipv4/arp.c)',
        },
      );
  }
}
