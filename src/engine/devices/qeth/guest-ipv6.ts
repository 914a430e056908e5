// A qeth guest's IPv6: the link-local address addrconf derives from the device, duplicate
// address detection and neighbour discovery (which on an OSA are done by Linux, not by
// the card: fact sheet §1.9), and echo. Why it is here: in layer 3 every guest's device
// has the card's one MAC, so addrconf's EUI-64 interface id would be the same in every
// guest. The 2005 netdev thread "ipv6: alternative version of S/390 shared NIC support"
// settled the fix now in addrconf_ifid_eui48 (net/ipv6/addrconf.c, the "zSeries OSA"
// comment): the qeth driver asks the card for a 16-bit id unique on the port
// (IPA CREATE_ADDR, qeth_l3_get_unique_id), stores it in dev->dev_id, and addrconf puts
// it in place of ff:fe without flipping the u/l bit. `ifid: "eui64"` models a kernel
// without that change (plain EUI-64 of the MAC). Layer 2 guests have their own MAC and
// register the group MACs they listen on with SETGMAC.
//
// Linux behaviour followed: the inet6addr notifier sees a new address at once, still
// tentative (ipv6_add_addr), so the layer-3 driver registers it with SETIP before DAD
// (qeth_l3_ip6_event); DAD sends one NS from :: to the solicited-node group
// (dad_transmits 1) and the address becomes valid after RetransTimer (1 s, RFC 4861
// RETRANS_TIMER) without an answer; an NA for a tentative address, or an NS from ::
// for it (another node's DAD), fails it (ndisc_recv_na / ndisc_recv_ns ->
// addrconf_dad_failure, "IPv6 duplicate address %pI6c used by %pM detected!").
import type { DeviceContext, Explain, Packet } from '../../sim/device';
import { formatIp, formatMac, mac as macOf, parseIp, type IpAddress } from '../../frame/address';
import { parseIpv6 } from '../../frame/ipv6';
import { ICMPV6, ND_OPT, parseIcmpv6, solicitedNodeAddress } from '../../frame/icmpv6';
import { icmpEcho, neighborAdvertisement, neighborSolicitation } from '../../frame/packets';
import { mcMac, type ParsedFrame } from './frames';
import * as say from './words';

/** RFC 4861 RETRANS_TIMER, Linux's default retrans_time: how long DAD waits for an answer. */
export const DAD_WAIT_NS = 1_000_000_000;
/**
 * addrconf_dad_kick waits a random delay below rtr_solicit_delay (1 s) before the first
 * NS; the lab uses a fixed 100 us, enough for the driver's SETIP and SETIPM to finish.
 */
export const DAD_DELAY_NS = 100_000;

export type IfidMode = 'dev_id' | 'eui64';
type AddrState = 'tentative' | 'preferred' | 'dadfailed';

/**
 * addrconf_ifid_eui48: the 64-bit interface id from a 48-bit MAC. With a dev_id (and the
 * dev_id mode), bytes 3-4 are the id and the u/l bit is left alone; otherwise ff:fe and
 * the u/l bit inverted (modified EUI-64, RFC 4291 appendix A).
 */
export function interfaceId(macBytes: Uint8Array, devId: number, mode: IfidMode = 'dev_id'): Uint8Array {
  const eui = new Uint8Array(8);
  eui.set(macBytes.subarray(0, 3), 0);
  eui.set(macBytes.subarray(3, 6), 5);
  if (mode === 'dev_id' && devId) {
    eui[3] = (devId >> 8) & 0xff;
    eui[4] = devId & 0xff;
  } else {
    eui[3] = 0xff;
    eui[4] = 0xfe;
    eui[0] ^= 2;
  }
  return eui;
}

/** fe80::/64 plus the interface id. */
export function linkLocal(macBytes: Uint8Array, devId: number, mode: IfidMode = 'dev_id'): IpAddress {
  const b = new Uint8Array(16);
  b[0] = 0xfe;
  b[1] = 0x80;
  b.set(interfaceId(macBytes, devId, mode), 8);
  return { version: 6, bytes: b };
}

const ALL_NODES: IpAddress = { version: 6, bytes: Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) };
const UNSPEC: IpAddress = { version: 6, bytes: new Uint8Array(16) };
const v6 = (s: string): IpAddress => (parseIp(s) as { value: IpAddress }).value;

/** What the IPv6 part needs from the guest that owns it. */
export interface Ipv6Host {
  readonly layer: 2 | 3;
  readonly ifname: string;
  devAddr(): Uint8Array;
  send(ctx: DeviceContext, bytes: Uint8Array, explain: Explain): void;
  /** Layer 3: the notifier's SETIP (qeth_l3_add_ip via qeth_l3_ip6_event). */
  registerAddress(ctx: DeviceContext, ip: string): void;
  /** Join a group: SETIPM in layer 3, SETGMAC of its group MAC in layer 2. */
  joinGroup(ctx: DeviceContext, group: IpAddress): void;
}

export class GuestIpv6 {
  devId = 0;
  readonly addrs = new Map<string, AddrState>();
  private readonly neigh = new Map<string, string>();
  private readonly groups = new Set<string>();
  enabled = false;

  constructor(
    private readonly host: Ipv6Host,
    private readonly mode: IfidMode,
  ) {}

  /** disable_ipv6 = 0 on an up device: addrconf_addr_gen makes the link-local address. */
  enable(ctx: DeviceContext): void {
    if (this.enabled) return;
    this.enabled = true;
    const mac = this.host.devAddr();
    const ll = linkLocal(mac, this.devId, this.mode);
    const a = formatIp(ll);
    this.addrs.set(a, 'tentative');
    this.publish(ctx, a);
    ctx.note('decide', {
      decision: say.linkLocalDerived(this.host.ifname, a, formatMac(mac), this.devId, this.mode, this.host.layer),
      source:
        this.mode === 'dev_id'
          ? 'addrconf_addr_gen / addrconf_ifid_eui48 (net/ipv6/addrconf.c)'
          : 'addrconf_addr_gen, EUI-64 without dev_id (a kernel before the 2005 change)',
      layer: 'L3',
      detail: { ipv6: { address: a, devId: this.devId, mode: this.mode } },
    });
    if (this.host.layer === 3) this.host.registerAddress(ctx, a);
    this.join(ctx, ALL_NODES);
    this.join(ctx, solicitedNodeAddress(ll));
    ctx.schedule(DAD_DELAY_NS, `dad ${a}`, (c) => this.dadStart(c, ll));
  }

  private join(ctx: DeviceContext, g: IpAddress): void {
    const k = formatIp(g);
    if (this.groups.has(k)) return;
    this.groups.add(k);
    this.host.joinGroup(ctx, g);
  }

  private dadStart(ctx: DeviceContext, ll: IpAddress): void {
    const a = formatIp(ll);
    if (this.addrs.get(a) !== 'tentative') return;
    this.host.send(ctx, neighborSolicitation({ srcMac: this.host.devAddr(), srcIp: UNSPEC, targetIp: ll }), {
      decision: say.dadNeighbourSolicitation(a, formatIp(solicitedNodeAddress(ll))),
      source: 'addrconf_dad_work / ndisc_send_ns (RFC 4862 5.4.2)',
      layer: 'L3',
    });
    ctx.schedule(DAD_WAIT_NS, `dad done ${a}`, (c) => {
      if (this.addrs.get(a) !== 'tentative') return;
      this.addrs.set(a, 'preferred');
      this.publish(c, a);
      c.note('decide', {
        decision: say.dadCompleted(a, this.host.ifname),
        source: 'addrconf_dad_completed (net/ipv6/addrconf.c)',
        layer: 'L3',
      });
    });
  }

  private fail(ctx: DeviceContext, pkt: Packet, a: string, by: string, what: string): void {
    this.addrs.set(a, 'dadfailed');
    this.publish(ctx, a);
    ctx.set('dmesg', say.ipv6DuplicateDetected(this.host.ifname, a, by));
    ctx.deliver(pkt, {
      decision: say.dadFailed(this.host.ifname, a, by, what),
      source: 'addrconf_dad_failure (net/ipv6/addrconf.c)',
      layer: 'L3',
      reads: ['icmpv6.target'],
    });
  }

  private publish(ctx: DeviceContext, a: string): void {
    ctx.set(`ip6/${a}`, { scope: 'link', state: this.addrs.get(a) });
  }

  /** An IPv6 frame the guest's stack received. */
  receive(pkt: Packet, f: ParsedFrame, ctx: DeviceContext): void {
    const bytes = f.ipPacket!;
    const h = parseIpv6(bytes, 0);
    let m: ReturnType<typeof parseIcmpv6>;
    try {
      if (h.nextHeader !== 58) throw new Error('not ICMPv6');
      m = parseIcmpv6(bytes, 40, 40 + h.payloadLength);
    } catch {
      return ctx.drop(pkt, { decision: say.ipv6NotHandled(f.ip!.dst), source: 'ip6_input', layer: 'L3' });
    }
    const src = formatIp(h.src);
    const dst = formatIp(h.dst);
    if (m.type === ICMPV6.NEIGHBOR_SOLICITATION && m.target) return this.ns(pkt, f, m, src, ctx);
    if (m.type === ICMPV6.NEIGHBOR_ADVERTISEMENT && m.target) {
      const t = formatIp(m.target);
      if (this.addrs.get(t) === 'tentative') return this.fail(ctx, pkt, t, f.srcMac, 'a neighbour advertisement');
      const lla = m.options.find((o) => o.type === ND_OPT.TARGET_LLA)?.lla;
      // ndisc_recv_na updates an existing neighbour entry only; an unsolicited advertisement
      // creates none (accept_untracked_na is off by default).
      if (this.addrs.has(t) || !lla || !this.neigh.has(t))
        return ctx.deliver(pkt, { decision: say.naIgnored(t), source: 'ndisc_recv_na', layer: 'L3' });
      this.learn(ctx, t, formatMac(lla));
      return ctx.deliver(pkt, {
        decision: say.naLearned(t, formatMac(lla)),
        source: 'ndisc_recv_na',
        layer: 'L3',
        reads: ['icmpv6.target'],
      });
    }
    if (m.type === ICMPV6.ECHO_REQUEST && this.addrs.get(dst) === 'preferred') {
      ctx.deliver(pkt, {
        decision: say.echo6Request(dst),
        source: 'icmpv6_echo_reply (net/ipv6/icmp.c)',
        layer: 'L3',
        reads: ['ipv6.dst', 'icmpv6.type'],
      });
      const to = this.neigh.get(src) ?? f.srcMac;
      this.host.send(
        ctx,
        icmpEcho({
          type: 'reply',
          id: m.id ?? 0,
          seq: m.seq ?? 0,
          srcMac: this.host.devAddr(),
          dstMac: macOf(to),
          srcIp: h.dst,
          dstIp: h.src,
        }),
        { decision: say.echo6Reply(dst, src, to), source: 'icmpv6_echo_reply', layer: 'L3' },
      );
      return;
    }
    ctx.drop(pkt, { decision: say.ipv6NotHandled(dst), source: 'ip6_input', layer: 'L3', reads: ['ipv6.dst'] });
  }

  private ns(pkt: Packet, f: ParsedFrame, m: ReturnType<typeof parseIcmpv6>, src: string, ctx: DeviceContext): void {
    const t = formatIp(m.target!);
    const state = this.addrs.get(t);
    const fromDad = src === '::';
    if (state === 'tentative' && fromDad) return this.fail(ctx, pkt, t, f.srcMac, "another node's DAD probe");
    if (state !== 'preferred')
      return ctx.drop(pkt, {
        decision: say.nsNotOurs(t, state),
        source: 'ndisc_recv_ns (net/ipv6/ndisc.c)',
        layer: 'L3',
        reads: ['icmpv6.target'],
      });
    const lla = m.options.find((o) => o.type === ND_OPT.SOURCE_LLA)?.lla;
    if (lla && !fromDad) this.learn(ctx, src, formatMac(lla));
    ctx.deliver(pkt, {
      decision: say.nsOurs(t, fromDad),
      source: 'ndisc_recv_ns (net/ipv6/ndisc.c)',
      layer: 'L3',
      reads: ['icmpv6.target'],
    });
    const me = this.host.devAddr();
    // RFC 4861 7.2.4: to a DAD probe, answer all-nodes, not solicited; else unicast, solicited.
    const dstIp = fromDad ? ALL_NODES : v6(src);
    const dstMac = fromDad ? mcMac(ALL_NODES) : (lla ?? macOf(f.srcMac));
    this.host.send(
      ctx,
      neighborAdvertisement({ srcMac: me, srcIp: m.target!, dstMac, dstIp, solicited: !fromDad, override: true }),
      {
        decision: say.naSent(t, formatMac(me), formatIp(dstIp)),
        source: 'ndisc_send_na (net/ipv6/ndisc.c)',
        layer: 'L3',
      },
    );
  }

  private learn(ctx: DeviceContext, ip: string, macText: string): void {
    this.neigh.set(ip, macText);
    ctx.set(`neigh6/${ip}`, macText);
  }
}
