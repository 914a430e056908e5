// One Linux guest with a qeth device on a shared OSA port. Layer 3: the guest's IPv4
// stack never does ARP (qeth_l3_neigh_setup_noarp gives every neighbour the address
// "FAKELL"), it sends IP with a made-up Ethernet header the driver strips, and it
// receives packets with a header rebuilt by the driver (qeth_l3_rebuild_skb). Layer 2:
// a normal Ethernet host with its own MAC registered on the card (SETVMAC,
// qeth_l2_main.c). Bringing the device online runs the driver's sequence in order: the
// hard setup's access control (isolation, only when not "none"; a refusal fails the whole
// online since v5.9), STARTLAN, broadcast filtering (qeth_l3_start_ipa_broadcast), routing
// (qeth_l3_setrouting_v4/v6), then address and multicast registration. The sysfs `online`
// attribute takes the device offline and back (qeth_set_offline / qeth_set_online).
import type { Device, DeviceContext, Explain, Packet } from '../../sim/device';
import { formatMac, mac as macOf, parseIp, formatIp, type IpAddress } from '../../frame/address';
import { ETH_P_LAB_QDIO, IPA_CMD, RC, hexRc, rcByCode, rcFor, type Isolation, type RoutingRole } from './ipa-codes';
import { ASSIST, isIpaFrame, parseIpaFrame, type IpaCommand } from './ipa-frame';
import { IpaQueue } from './ipa-queue';
import { GuestDriver, type AddrType } from './guest-driver';
import { GuestAttributes } from './guest-attributes';
import { parseFrame } from './frames';
import { readAddr, type GuestConfig } from './guest-config';
import { Reader } from '../../scenario/read';
import { IssueList } from '../../scenario/issues';
import { cpuMeter, type CpuMeter } from '../stack/cpu-cost';
import { u16 } from '../../frame/bytes';
import { QETH_HDR_LEN } from './qdio-element';
import { GuestIpv6 } from './guest-ipv6';
import { GuestIpv4 } from './guest-ipv4';
import { mcMac } from './frames';
import * as say from './words';

/** From the card's interrupt to the recovery thread's run (qeth_schedule_recovery): a model figure. */
const RECOVERY_DELAY_NS = 1_000_000;

export class QethGuest implements Device {
  readonly ports = ['osa'];
  private readonly queue = new IpaQueue('osa');
  private readonly drv: GuestDriver;
  private devAddr: Uint8Array;
  private linkUp = true;
  /** route4/route6 and isolation, as the sysfs attributes keep them (guest-attributes.ts). */
  private readonly attrs: GuestAttributes;
  /** The sysfs `online` attribute: the device is set up and has its data connection. */
  private up = false;
  /** What the user last wrote to `online`: a link that comes back brings the device up only if 1. */
  private wantOnline = true;
  private onlineOnce = false;
  /**
   * CPU accounting (stack/cpu-cost.ts): each data frame this guest's stack receives, kept
   * or discarded, and each it sends. IPA commands are the driver's control path and are
   * not charged: the lessons weigh the data path.
   */
  private readonly cpu: CpuMeter | undefined;
  /** The guest's IPv4 stack: receive, ARP in layer 2, ping (guest-ipv4.ts). */
  private readonly v4: GuestIpv4;
  /** IPv6 (guest-ipv6.ts), when the config has an `ipv6` key. */
  private readonly ipv6: GuestIpv6 | undefined;

  constructor(
    readonly id: string,
    private readonly cfg: GuestConfig,
  ) {
    this.drv = new GuestDriver(cfg, this.queue, () => this.linkUp);
    this.attrs = new GuestAttributes(cfg, this.queue, () => this.up);
    this.devAddr = cfg.mac ? macOf(cfg.mac) : new Uint8Array(6);
    this.cpu = cpuMeter(cfg.cpu);
    this.v4 = new GuestIpv4({
      cfg,
      drv: this.drv,
      devAddr: () => this.devAddr,
      up: () => this.up,
      send: (ctx, bytes, explain) => this.sendData(ctx, bytes, explain),
    });
    this.ipv6 =
      cfg.ipv6 === undefined
        ? undefined
        : new GuestIpv6(
            {
              layer: cfg.layer,
              ifname: cfg.ifname,
              devAddr: () => this.devAddr,
              send: (ctx, bytes, explain) => this.sendData(ctx, bytes, explain),
              registerAddress: (ctx, ip) => this.drv.addAddress(ctx, { ip, version: 6, prefix: 64 }),
              joinGroup: (ctx, g) => this.joinGroup(ctx, g),
            },
            cfg.ifid,
          );
  }

  /** An IPv6 group: SETIPM in layer 3 (qeth_l3_add_mc6); SETGMAC of its group MAC in layer 2 (qeth_l2_set_rx_mode). */
  private joinGroup(ctx: DeviceContext, g: IpAddress): void {
    if (this.cfg.layer === 3) return this.drv.multicast(ctx, formatIp(g), true);
    const m = mcMac(g);
    this.queue.submit(ctx, {
      c: { cmd: IPA_CMD.SETGMAC, seqno: 0, rc: 0, prot: 4, mac: m },
      attempts: 1,
      source: 'qeth_l2_set_rx_mode / qeth_l2_add_mac (qeth_l2_main.c)',
      done: (rc, c2) => c2.set(`gmac/${formatMac(m)}`, { registered: rc === 0 }),
    });
  }

  /** The IPv6 part of going online: the unique id (layer 3, dev_id kernels), then the link-local address. */
  private onlineIpv6(ctx: DeviceContext): void {
    const v6 = this.ipv6;
    if (!v6) return;
    if (this.cfg.layer === 3 && this.cfg.ifid === 'dev_id') {
      // qeth_l3_setup_netdev: dev->dev_id = qeth_l3_get_unique_id(card, dev->dev_id).
      this.queue.submit(ctx, {
        c: { cmd: IPA_CMD.CREATE_ADDR, seqno: 0, rc: 0, prot: 6, mac: this.devAddr, value: v6.devId },
        attempts: 1,
        source: 'qeth_l3_get_unique_id (qeth_l3_main.c)',
        done: (rc, c2, reply) => {
          if (rc === 0) v6.devId = reply.value ?? 0;
          else
            c2.note('decide', {
              decision: say.createAddrFailed(hexRc(rc)),
              source: 'qeth_l3_get_unique_id_cb (qeth_l3_main.c)',
              layer: 'control',
            });
          c2.set('dev_id', hexRc(v6.devId));
          if (this.cfg.ipv6) v6.enable(c2);
        },
      });
      return;
    }
    // After STARTLAN: in layer 3 the link-local address needs the card's MAC from its reply;
    // in layer 2 the group MACs (SETGMAC) follow SETVMAC, as rx_mode runs once the device is up.
    if (this.cfg.ipv6) this.ipv6AfterStartlan = true;
  }

  private ipv6AfterStartlan = false;

  /** Send a data frame from this guest's stack, charging its CPU. */
  private sendData(ctx: DeviceContext, bytes: Uint8Array, explain: Explain): void {
    // The stack's work is on the frame it built; the qeth header the driver puts in its place is not charged.
    const qdio = bytes.length >= 14 && u16(bytes, 12) === ETH_P_LAB_QDIO;
    this.cpu?.charge(ctx, qdio ? bytes.length - QETH_HDR_LEN : bytes.length);
    ctx.send('osa', bytes, explain);
  }

  start(ctx: DeviceContext): void {
    ctx.set('device', { devno: this.cfg.devno, ifname: this.cfg.ifname, layer: this.cfg.layer });
    this.wantOnline = this.cfg.online;
    if (this.cfg.online) this.online(ctx);
    else ctx.set('online', 0);
  }

  /**
   * chzdev -e / echo 1 > online, and the same after a recovery. qeth_core_hardsetup_card
   * sets a configured isolation before STARTLAN ("if (card->options.isolation !=
   * ISOLATION_MODE_NONE) { rc = qeth_setadpparms_set_access_ctrl(...); if (rc) goto out; }"),
   * so a card that refuses it fails the whole online.
   */
  private online(ctx: DeviceContext, recovery = false): void {
    const recovering = this.onlineOnce;
    this.onlineOnce = true;
    if (this.attrs.isolation === 'none') return this.softsetup(ctx, recovering);
    this.attrs.setIsolation(ctx, this.attrs.isolation, false, (ok, c2) => {
      if (ok) return this.softsetup(c2, recovering);
      c2.set('online', 0);
      if (!recovery) return;
      // qeth_recover: "if (rc) { ccwgroup_set_offline(card->gdev); dev_warn(...) }".
      this.wantOnline = false;
      c2.note('state', {
        decision: say.recoveryFailed(this.cfg.devno.slice(2)),
        source: 'qeth_recover (qeth_core_main.c)',
        layer: 'control',
      });
    });
  }

  /** The rest of qeth_set_online once the hard setup has passed: STARTLAN and what follows it. */
  private softsetup(ctx: DeviceContext, recovering: boolean): void {
    this.up = true;
    ctx.set('online', 1);
    const L3 = this.cfg.layer === 3;
    this.queue.submit(ctx, {
      c: { cmd: IPA_CMD.STARTLAN, seqno: 0, rc: 0, prot: 4, value: this.cfg.layer },
      attempts: 1,
      source: `qeth_${L3 ? 'l3' : 'l2'}_set_online (STARTLAN)`,
      done: (rc, c2, reply) => {
        if (rc !== 0)
          return c2.note('decide', {
            decision: say.startlanFailedLanOffline(hexRc(rc), rcByCode(rc).name),
            source: 'qeth_core_main.c',
            layer: 'control',
          });
        if (L3 && reply.mac) this.devAddr = reply.mac.slice();
        c2.set('link', {
          mac: formatMac(this.devAddr),
          state: 'UP',
          note: L3 ? say.cardMacSharedLayer() : "this guest's own MAC",
        });
        if (this.ipv6AfterStartlan) {
          this.ipv6AfterStartlan = false;
          this.ipv6?.enable(c2);
        }
      },
    });
    if (!recovering) this.onlineIpv6(ctx);
    if (L3) {
      const assist = (sub: number, value: number, what: string): void =>
        this.queue.submit(ctx, {
          c: { cmd: IPA_CMD.SETASSPARMS, seqno: 0, rc: 0, prot: 4, sub, value },
          attempts: 1,
          source: 'qeth_l3_start_ipa_broadcast (qeth_l3_main.c)',
          done: (rc, c2) => {
            if (rc === 0) c2.set('broadcast', what);
          },
        });
      if (this.cfg.broadcast) {
        assist(ASSIST.ASS_CONFIGURE, 1, 'Broadcast enabled');
        if (this.cfg.echoFilter) assist(ASSIST.ASS_ENABLE, 1, say.broadcastEnabledEchoFiltering());
      }
      this.attrs.setRoute(ctx, 4, recovering ? this.attrs.route4 : this.cfg.route4);
      this.attrs.setRoute(ctx, 6, recovering ? this.attrs.route6 : this.cfg.route6);
    } else {
      this.queue.submit(ctx, {
        c: { cmd: IPA_CMD.SETVMAC, seqno: 0, rc: 0, prot: 4, mac: this.devAddr },
        attempts: 1,
        source: 'qeth_l2_send_setmac (qeth_l2_main.c)',
        done: (rc, c2) => {
          if (rc === 0) return c2.set('vmac', { mac: formatMac(this.devAddr), registered: true });
          c2.note('decide', {
            decision: say.setvmacAnsweredQethL2(hexRc(rc), rcByCode(rc).name, formatMac(this.devAddr)),
            source: 'qeth_l2_setdelmac_makerc (qeth_l2_main.c)',
            layer: 'control',
          });
          c2.set('vmac', { mac: formatMac(this.devAddr), registered: false, rc: hexRc(rc) });
        },
      });
    }
    if (recovering) {
      this.drv.recoverAll(ctx);
    } else {
      for (const a of this.cfg.addresses) this.drv.addAddress(ctx, a);
    }
    if (L3 && [...this.drv.addrs.values()].some((a) => a.version === 4)) this.drv.multicast(ctx, '224.0.0.1', true);
    if (L3) for (const g of this.cfg.multicast) this.drv.multicast(ctx, g, true);
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    const addr = () => readAddr(new Reader(new IssueList(), args.ip, 'ip'), 24)!;
    switch (name) {
      case 'ip-addr-add':
        return this.drv.addAddress(ctx, addr(), (args.type as AddrType) ?? 'normal');
      case 'ip-addr-del':
        return this.drv.delAddress(ctx, addr().ip);
      case 'ip-maddr-add':
      case 'ip-maddr-del':
        return this.drv.multicast(
          ctx,
          formatIp((parseIp(String(args.group)) as { value: IpAddress }).value),
          name === 'ip-maddr-add',
        );
      case 'route4':
      case 'route6':
        return this.attrs.setRoute(ctx, name === 'route4' ? 4 : 6, args.role as RoutingRole, true);
      case 'isolation':
        return this.attrs.setIsolation(ctx, args.mode as Isolation, true);
      case 'online':
        if (this.up)
          return ctx.note('decide', {
            decision: say.alreadyOnline(this.cfg.ifname),
            source: 'qeth_dev_online_store',
            layer: 'control',
          });
        ctx.note('command', {
          decision: say.goesOnline(this.cfg.ifname, this.cfg.devno.slice(2)),
          source: 'qeth_dev_online_store → qeth_set_online (qeth_core_main.c)',
          layer: 'control',
        });
        this.wantOnline = true;
        return this.online(ctx);
      case 'offline':
        return this.offline(ctx);
      case 'recover':
        // qeth_l3_recover: offline (the card drops this connection's registrations), online again.
        this.queue.submit(ctx, {
          c: { cmd: IPA_CMD.STOPLAN, seqno: 0, rc: 0, prot: 4 },
          attempts: 1,
          source: 'qeth_l3_stop_card (recovery)',
          done: () => undefined,
        });
        this.drv.cardLost(ctx);
        return this.online(ctx);
      case 'ping':
        return this.v4.ping(ctx, args);
      case 'route-add':
        return this.v4.routeAdd(ctx, args);
      case 'ipv6-enable':
        if (!this.ipv6) return;
        ctx.note('decide', {
          decision: say.ipv6Enabled(this.cfg.ifname),
          source: 'addrconf_sysctl_disable / addrconf_notify (net/ipv6/addrconf.c)',
          layer: 'L3',
        });
        return this.ipv6.enable(ctx);
    }
  }

  /**
   * A command the card starts itself (qeth_check_ipa_data). STOPLAN 0xe090: the adjacent
   * port left reflective relay under isolation "forward"; the driver triggers a recovery,
   * whose online sets "forward" again and, refused, leaves the device offline.
   */
  private unsolicited(pkt: Packet, c: IpaCommand, ctx: DeviceContext): void {
    const rc = rcFor(c.cmd, c.rc);
    if (c.cmd !== IPA_CMD.STOPLAN || c.rc !== RC.VEPA_TO_VEB_TRANSITION.code)
      return ctx.deliver(pkt, {
        decision: say.driverReadsCardReply(rc),
        source: 'qeth_check_ipa_data (qeth_core_main.c)',
        layer: 'control',
      });
    ctx.deliver(pkt, {
      decision: say.adjacentLeftRrRecovery(this.cfg.ifname),
      source: 'qeth_check_ipa_data (qeth_core_main.c)',
      layer: 'control',
      detail: { ipa: { rc: c.rc, rcName: rc.name, unsolicited: true } },
    });
    this.up = false;
    this.queue.clear();
    this.drv.cardLost(ctx);
    ctx.set('link', { mac: formatMac(this.devAddr), state: 'DOWN' });
    ctx.set('online', 0);
    // qeth_schedule_recovery: the recovery thread runs next, not within the interrupt.
    ctx.schedule(RECOVERY_DELAY_NS, 'qeth recovery', (c2) => this.online(c2, true));
  }

  /** echo 0 > online: qeth_set_offline. */
  private offline(ctx: DeviceContext): void {
    if (!this.up)
      return ctx.note('decide', {
        decision: say.alreadyOffline(this.cfg.ifname),
        source: 'qeth_dev_online_store',
        layer: 'control',
      });
    this.up = false;
    this.wantOnline = false;
    ctx.note('command', {
      decision: say.goesOffline(this.cfg.ifname, this.cfg.devno.slice(2)),
      source: 'qeth_dev_online_store → qeth_set_offline (qeth_core_main.c)',
      layer: 'control',
    });
    this.queue.submit(ctx, {
      c: { cmd: IPA_CMD.STOPLAN, seqno: 0, rc: 0, prot: 4 },
      attempts: 1,
      source: 'qeth_set_offline (the lab: STOPLAN for the halted data connection)',
      done: () => undefined,
    });
    this.drv.cardLost(ctx);
    ctx.set('online', 0);
    ctx.set('link', { mac: formatMac(this.devAddr), state: 'DOWN' });
  }

  linkChanged(_port: string, up: boolean, ctx: DeviceContext): void {
    this.linkUp = up;
    if (!up) {
      this.up = false;
      this.queue.clear();
      this.drv.cardLost(ctx);
      ctx.set('link', { mac: formatMac(this.devAddr), state: 'DOWN' });
      ctx.note('state', {
        decision: say.losesChannelCardDriver(this.cfg.ifname),
        source: 'qeth_l3_clear_ip_htable (qeth_l3_main.c)',
        layer: 'control',
      });
    } else if (this.wantOnline) {
      this.online(ctx);
    }
  }

  receive(_port: string, pkt: Packet, ctx: DeviceContext): void {
    if (isIpaFrame(pkt.bytes)) {
      const reply = parseIpaFrame(pkt.bytes);
      if (typeof reply === 'string')
        return ctx.drop(pkt, {
          decision: say.malformedIpaReplyDriver(reply),
          source: 'qeth_send_ipa_cmd (qeth_core_main.c)',
          layer: 'control',
        });
      if (reply.fromCard) return this.unsolicited(pkt, reply, ctx);
      const rc = rcFor(reply.cmd, reply.rc);
      // The reply callback turns the card's code into the errno the issuing function returns.
      const returns = this.queue.answerOf(reply);
      ctx.deliver(pkt, {
        decision: say.driverReadsCardReply(rc),
        source: 'qeth_send_ipa_cmd (qeth_core_main.c)',
        layer: 'control',
        detail: { ipa: { rc: reply.rc, rcName: rc.name }, ...(returns && { returns }) },
      });
      return this.queue.onReply(ctx, reply);
    }
    if (!this.up)
      return ctx.drop(pkt, { decision: say.offlineDrops(this.cfg.ifname), source: 'qeth_set_offline', layer: 'L2' });
    // Everything below is the guest's own stack at work: the frame is charged whether the
    // stack keeps it or parses it only to throw it away.
    this.cpu?.charge(ctx, pkt.bytes.length);
    const f = parseFrame(pkt.bytes);
    if (!f) return ctx.drop(pkt, { decision: say.frameGuestParse(), source: 'netif_receive_skb' });
    if (this.cfg.layer === 2 && f.arp) return this.v4.arp(pkt, f, ctx);
    if (f.ip?.version === 6 && this.ipv6?.enabled) return this.ipv6.receive(pkt, f, ctx);
    if (!f.ip || f.ip.version !== 4) return ctx.drop(pkt, { decision: say.iPv4EmulatedGuestStack(), source: 'ip_rcv' });
    this.v4.receive(pkt, f, ctx);
  }
}
