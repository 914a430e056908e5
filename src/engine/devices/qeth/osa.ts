// The IBM OSA-Express port shared by several guests (qeth layer 3, with layer-2 stacks as
// the contrast). It follows IBM's description of a shared OSA port (z/OS Communications
// Server "OSA-Express port sharing", "Primary and secondary routing", "ARP offload";
// Linux on Z "Layer 2 and layer 3", "Isolating data connections") and the Linux qeth
// driver's side of the protocol (qeth_l3_main.c: qeth_l3_add_ip, qeth_l3_register_addr_entry,
// qeth_l3_setdelip_cb; qeth_core_main.c: qeth_l3_rebuild_skb). Ports: `wire` to the LAN
// and one port per guest DEVNO. Guest ports carry IPA commands (lab envelope, see
// ipa-frame.ts) and data frames as the guest's own netdev sees them.
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { formatMac, mac as parseMacText, parseIp } from '../../frame/address';
import { arpReply, gratuitousArp } from '../../frame/packets';
import { CardTable } from './card-table';
import { demuxFromGuest, demuxFromLan, type DemuxResult } from './demux';
import { buildIpaFrame, ipaReply, isIpaFrame, parseIpaFrame, type IpaCommand } from './ipa-frame';
import { applyIpa, describeIpa, rcText } from './osa-ipa';
import { RC, IPA_CMD, ipaErrno, hexRc, type ReturnCode } from './ipa-codes';
import { lanFrame, mcMac, parseFrame, qethHdrFor, rebuildSkb, type Cast, type ParsedFrame } from './frames';
import { publishTable } from './osa-publish';
import { CardArp } from './card-arp';
import { demuxDetail, explainDemux, SRC_ARP, SRC_DEMUX, SRC_FLOOD, SRC_IPA, SRC_SHARE } from './osa-steps';
import { CardStats } from './card-stats';
import { scriptedIpa } from './osa-scripted';
import type { DemuxMode, OsaConfig } from './osa-config';
import * as say from './words';

const nextHopOf = (f: ParsedFrame): string | undefined => f.qethHdr?.nextHop ?? f.ip?.dst;

export class OsaCard implements Device {
  readonly ports: string[];
  readonly table: CardTable;
  private readonly mac: Uint8Array;
  private readonly macText: string;
  private readonly arp: CardArp;
  private readonly garp = new Map<string, { conflict?: string }>();
  private lanUp = true;
  /** `table` (the real card) or the `flood` counterfactual (osa-config.ts). */
  private demuxMode: DemuxMode;
  private readonly stats = new CardStats();
  private readonly published = new Map<string, unknown>();
  /** The adjacent switch port's reflective relay, as the card last learned it. */
  private rr: boolean;

  constructor(
    readonly id: string,
    private readonly cfg: OsaConfig,
  ) {
    this.ports = ['wire', ...cfg.devnos];
    this.table = new CardTable({
      maxIps: cfg.maxIps,
      multicastRouter: cfg.multicastRouter,
      multipleSecondary: cfg.multipleSecondary,
    });
    this.mac = parseMacText(cfg.mac);
    this.macText = cfg.mac;
    this.arp = new CardArp(this.mac);
    this.demuxMode = cfg.demux;
    this.rr = cfg.reflectiveRelay;
  }

  start(ctx: DeviceContext): void {
    ctx.set('card', {
      mac: this.macText,
      devnos: this.cfg.devnos,
      sourceMac: this.cfg.sourceMac,
      reflectiveRelay: this.rr,
      maxIps: this.cfg.maxIps,
    });
    ctx.set('demux', this.demuxMode);
    this.stats.publishStart(ctx, this.cfg.devnos.length);
  }

  receive(port: string, pkt: Packet, ctx: DeviceContext): void {
    if (port === 'wire') return this.fromLan(pkt, ctx);
    if (isIpaFrame(pkt.bytes)) {
      const c = parseIpaFrame(pkt.bytes);
      if (typeof c === 'string')
        return ctx.drop(pkt, {
          decision: say.malformedIpaCommandCard(port, c),
          source: SRC_DEMUX,
          port,
        });
      return this.ipa(port, c, pkt, ctx);
    }
    return this.fromGuest(port, pkt, ctx);
  }

  linkChanged(port: string, up: boolean, ctx: DeviceContext): void {
    if (port === 'wire') {
      this.lanUp = up;
      ctx.note('state', {
        decision: say.cardLanLink(up),
        source: 'STARTLAN/STOPLAN (qeth_core_mpc.h)',
        layer: 'L1',
      });
      return;
    }
    if (!up) {
      const row = this.table.stacks.get(port);
      const roles = row ? `${row.route4 !== 'no_router' ? `, its role IPv4 ${row.route4}` : ''}` : '';
      this.table.deactivate(port);
      this.publish(ctx, port, 'link-down');
      ctx.note('state', {
        decision: say.devnoDataConnectionGone(port, roles),
        source: SRC_DEMUX,
        layer: 'control',
        port,
        detail: { devno: port, active: false },
      });
    } else {
      ctx.note('state', {
        decision: say.devnoChannelBackDriver(port),
        source: SRC_DEMUX,
        layer: 'control',
        port,
      });
    }
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name === 'adjacent-port') return this.adjacentPort(args.reflectiveRelay === true, ctx);
    if (name === 'demux') {
      this.demuxMode = args.mode === 'flood' ? 'flood' : 'table';
      ctx.set('demux', this.demuxMode);
      ctx.note('state', {
        decision: say.demuxModeSet(this.demuxMode),
        source: SRC_FLOOD,
        layer: 'control',
        detail: { demuxMode: this.demuxMode },
      });
      return;
    }
    this.ipa(String(args.devno), scriptedIpa(name, args), undefined, ctx);
  }

  /**
   * The adjacent switch port enters or leaves reflective relay. Leaving it, the card stops
   * the LAN for every connection in isolation "forward" with an unsolicited STOPLAN, return
   * code 0xe090 IPA_RC_VEPA_TO_VEB_TRANSITION (fact sheet §1.12; qeth_check_ipa_data).
   */
  private adjacentPort(on: boolean, ctx: DeviceContext): void {
    this.rr = on;
    ctx.set('card', {
      mac: this.macText,
      devnos: this.cfg.devnos,
      sourceMac: this.cfg.sourceMac,
      reflectiveRelay: on,
      maxIps: this.cfg.maxIps,
    });
    ctx.note('state', {
      decision: say.adjacentPortRr(on),
      source: SRC_IPA,
      layer: 'control',
      detail: { reflectiveRelay: on },
    });
    if (on) return;
    for (const [devno, row] of this.table.stacks) {
      if (!row.active || row.isolation !== 'forward') continue;
      this.table.deactivate(devno);
      this.publish(ctx, devno, 'stoplan 0xe090');
      const rc = RC.VEPA_TO_VEB_TRANSITION;
      ctx.send(devno, buildIpaFrame({ cmd: IPA_CMD.STOPLAN, seqno: 0, rc: rc.code, prot: 4, fromCard: true }), {
        decision: say.cardStopsLanVepaToVeb(devno),
        source: SRC_IPA,
        layer: 'control',
        port: devno,
        detail: { ipa: { devno, cmd: 'STOPLAN', rc: rc.code, rcName: rc.name, rcText: rc.text, unsolicited: true } },
      });
    }
  }

  /** One IPA command from `devno`: apply it and answer with its return code. */
  private ipa(devno: string, c: IpaCommand, pkt: Packet | undefined, ctx: DeviceContext): void {
    const out = applyIpa(this.table, devno, c, this.lanUp, this.rr, this.cfg.reflectiveRelayRefused);
    const what = describeIpa(c);
    const reply = (rc: ReturnCode, why: string, c2: DeviceContext = ctx, also?: string): void => {
      const ctx = c2;
      this.publish(ctx, devno, { cmd: what, rc: hexRc(rc.code), name: rc.name });
      if (also && rc === RC.SUCCESS) this.publish(ctx, also);
      const explain = {
        decision: say.cardAnswersDevno(devno, what, rcText(rc), why),
        source: SRC_IPA,
        layer: 'control' as const,
        port: devno,
        detail: {
          ipa: { devno, cmd: what, rc: rc.code, rcName: rc.name, rcText: rc.text, errno: ipaErrno(c, rc.code) },
        },
      };
      const extra = out.replyMac ? { mac: this.mac } : out.replyValue !== undefined ? { value: out.replyValue } : {};
      if (pkt) ctx.send(devno, ipaReply(c, rc.code, extra), explain);
      else ctx.note('state', explain);
    };
    if (pkt)
      ctx.deliver(pkt, {
        decision: say.cardTakesDevnoIpa(devno, what),
        source: SRC_IPA,
        layer: 'control',
        port: devno,
      });
    if (!out.garp) return reply(out.result.rc, out.result.why, ctx, out.result.other);
    // IPv4 SETIP: announce first; an answer from the LAN means the address is in use.
    const { ip, takeover, commit } = out.garp;
    this.garp.set(ip, {});
    ctx.send('wire', gratuitousArp({ srcMac: this.mac, srcIp: c.ip! }), {
      decision: say.setipCardSendsGratuitous(ip, this.cfg.arpWaitNs / 1000),
      source: 'qeth_l3_add_ip ("SETIP ipa cmd starts ARP staff for IPV4 addr"); OSA RC 0xe00a',
      layer: 'L2',
    });
    ctx.schedule(this.cfg.arpWaitNs, `garp ${ip}`, (later) => {
      const seen = this.garp.get(ip)?.conflict;
      this.garp.delete(ip);
      if (seen && !takeover) return reply(RC.IP_ADDR_ALREADY_USED, say.answeredGratuitousArpAddress(seen, ip), later);
      const recheck = this.table.checkSetip(devno, ip, 4, c.flags ?? 0);
      if (recheck.rc !== RC.SUCCESS) return reply(recheck.rc, recheck.why, later);
      const taken = commit();
      reply(RC.SUCCESS, say.registeredDevno2(seen, taken, ip, devno), later, taken);
    });
  }

  private publish(ctx: DeviceContext, devno: string, lastRc?: unknown): void {
    publishTable(ctx, this.table, devno, this.published, lastRc);
  }

  private fromLan(pkt: Packet, ctx: DeviceContext): void {
    const f = parseFrame(pkt.bytes);
    if (!f)
      return ctx.drop(pkt, {
        decision: say.cardCannotParseFrame(),
        source: SRC_DEMUX,
        port: 'wire',
      });
    if (f.arp) this.learnArp(f, ctx);
    const r = this.flooded(demuxFromLan(this.table, this.macText, f), f);
    if (f.ip) this.stats.account(pkt.bytes.length, r, this.cfg.devnos.length, ctx);
    ctx.note('decide', explainDemux(r, f, 'wire'), pkt);
    if (r.arpAnswer) {
      const req = parseIp(r.arpAnswer.ip);
      const asker = parseIp(f.arp!.spa);
      if (req.ok && asker.ok) {
        ctx.send(
          'wire',
          arpReply({ srcMac: this.mac, srcIp: req.value, dstMac: parseMacText(f.srcMac), dstIp: asker.value }),
          {
            decision: say.cardAnswersOwnMac(r.arpAnswer.ip, this.macText),
            source: SRC_ARP,
            reads: ['arp.tpa'],
            detail: { demux: { branch: 'arp', arpOwner: r.arpAnswer.owner } },
          },
        );
      }
    }
    this.copyOut(pkt, f, r, 'wire', ctx);
  }

  /**
   * The `flood` counterfactual: an IP frame the port accepted goes to every active guest,
   * whatever the table says (the table still answers ARP; the guests' stacks sort the rest).
   */
  private flooded(r: DemuxResult, f: ParsedFrame): DemuxResult {
    if (this.demuxMode !== 'flood' || !f.ip || r.branch === 'not-for-port' || r.branch === 'l2-mac') return r;
    const all = [...this.table.stacks.values()].filter((row) => row.active).map((row) => row.devno);
    return { ...r, targets: all, flooded: true, why: say.floodedToEveryGuest(r.why, all.length) };
  }

  private fromGuest(devno: string, pkt: Packet, ctx: DeviceContext): void {
    const f = parseFrame(pkt.bytes);
    if (!f)
      return ctx.drop(pkt, {
        decision: say.cardCannotParseGuest(),
        source: SRC_SHARE,
        port: devno,
      });
    // A layer-3 guest's IPv4 comes with the qeth header, whose next_hop is the route's
    // gateway or the destination (qeth_l3_fill_header): the card routes by it, not by the
    // IP header. IPv6 (passthru) and layer-2 frames carry no IPv4 next hop: their destination.
    const r = demuxFromGuest(this.table, devno, f, nextHopOf(f));
    ctx.note('decide', explainDemux(r, f, devno), pkt);
    this.copyOut(pkt, f, r, devno, ctx);
  }

  /** Copies to guests, then (for outbound) the LAN; the packet ends forwarded, held or dropped. */
  private copyOut(pkt: Packet, f: ParsedFrame, r: DemuxResult, from: string, ctx: DeviceContext): void {
    let sent = 0;
    const cast: Cast = r.branch === 'broadcast' ? 'broadcast' : r.branch === 'multicast' ? 'multicast' : 'unicast';
    for (const devno of r.targets) {
      const row = this.table.stacks.get(devno)!;
      let bytes = pkt.bytes;
      let hdr: unknown;
      if (row.layer === 3 && f.ipPacket && f.ip) {
        const srcMac = this.cfg.sourceMac ? parseMacText(from === 'wire' ? f.srcMac : this.macText) : undefined;
        const group = cast === 'multicast' ? parseIp(f.ip.dst) : undefined;
        bytes = rebuildSkb({
          ipPacket: f.ipPacket,
          version: f.ip.version,
          cast,
          devAddr: this.mac,
          group: group?.ok ? group.value : undefined,
          srcMac,
        });
        hdr = qethHdrFor(cast, f.ip.version === 6, f.ipPacket.length, srcMac ? formatMac(srcMac) : undefined);
      }
      ctx.send(
        devno,
        bytes,
        {
          decision: say.copyIntoDevnoInput(this.cfg.sourceMac, row, sent + 1, r.targets.length, devno),
          source: r.flooded
            ? SRC_FLOOD
            : row.layer === 3
              ? 'qeth_l3_rebuild_skb (qeth_core_main.c)'
              : 'OSA layer-2 delivery by registered MAC',
          layer: 'L2',
          detail: {
            devno,
            copy: sent + 1,
            of: r.targets.length,
            ...(hdr ? { qethHdr: hdr } : {}),
            guestHeader: { dst: formatMac(bytes.subarray(0, 6)), src: formatMac(bytes.subarray(6, 12)) },
            fromLan: from === 'wire',
          },
        },
        pkt,
      );
      sent++;
    }
    if (r.toLan) {
      if (!this.lanUp) {
        if (sent === 0)
          ctx.drop(pkt, {
            decision: say.cardLanLinkFrame(),
            source: SRC_SHARE,
            port: from,
          });
        return;
      }
      return this.toLan(pkt, f, r, from, sent > 0, ctx);
    }
    if (sent === 0 && !r.arpAnswer && r.branch !== 'arp') {
      ctx.drop(pkt, {
        decision: r.why,
        source: r.branch === 'isolation-drop' ? SRC_SHARE : SRC_DEMUX,
        port: from,
        detail: { demux: demuxDetail(r) },
      });
    } else if (sent === 0) {
      ctx.deliver(pkt, {
        decision: say.cardConsumedArpFrame(),
        source: SRC_ARP,
        port: from,
        detail: { demux: demuxDetail(r) },
      });
    }
  }

  private toLan(pkt: Packet, f: ParsedFrame, r: DemuxResult, from: string, copied: boolean, ctx: DeviceContext): void {
    const row = this.table.stacks.get(from);
    const send = (p: Packet, dstMac: Uint8Array, why: string): void => {
      const bytes =
        row?.layer === 2 || !f.ipPacket || !f.ip
          ? pkt.bytes
          : lanFrame({ ipPacket: f.ipPacket, version: f.ip.version, cardMac: this.mac, dstMac });
      ctx.send('wire', bytes, { decision: why, source: SRC_SHARE, layer: 'L2', detail: { demux: demuxDetail(r) } }, p);
    };
    if (row?.layer === 2 || !f.ip) return send(pkt, parseMacText(f.dstMac), say.outLanGuestOwn());
    // IPv6 from a layer-3 guest goes out with the link header Linux built after its own
    // neighbour discovery (QETH_HDR_PASSTHRU | QETH_HDR_IPV6 in qeth_l3_fill_header): the
    // card does ARP for IPv4 only.
    if (f.ip.version === 6) {
      ctx.send(
        'wire',
        pkt.bytes,
        {
          decision: say.outLanIpv6Passthru(f.dstMac),
          source: SRC_SHARE,
          layer: 'L2',
          detail: { demux: demuxDetail(r) },
        },
        pkt,
      );
      return;
    }
    if (r.branch === 'isolation-forward') return send(pkt, this.mac, say.adjacentSwitchDestinationNext(this.macText));
    if (r.branch === 'broadcast') return send(pkt, new Uint8Array(6).fill(0xff), say.outLanEthernetBroadcast());
    if (r.branch === 'multicast') {
      const g = parseIp(f.ip.dst);
      return send(
        pkt,
        g.ok ? mcMac(g.value) : new Uint8Array(6),
        say.outLanGroupMac(g.ok ? formatMac(mcMac(g.value)) : '?'),
      );
    }
    // The card resolves the next hop of the qeth header (a router), not the destination.
    const hop = nextHopOf(f) ?? f.ip.dst;
    const known = this.arp.known(hop);
    if (known) return send(pkt, parseMacText(known), say.outLanCardArp(hop, known, this.macText));
    this.arp.hold(pkt, f, from, hop, copied, ctx);
  }

  private learnArp(f: ParsedFrame, ctx: DeviceContext): void {
    const a = f.arp!;
    if (a.op === 2) {
      const g = this.garp.get(a.spa);
      if (g) g.conflict = f.srcMac;
    }
    if (a.op !== 2 && !this.table.ownerOf(a.tpa)) return;
    this.arp.learn(a.spa, f.srcMac, ctx);
  }
}
