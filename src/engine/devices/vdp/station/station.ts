// The `vdp-station` device: a hypervisor host with libvirt, lldpad and a NIC uplink to the
// adjacent switch. Guests are started, shut down and migrated by scenario commands; libvirt
// sets their port profiles through rtnetlink (to lldpad for 802.1Qbg, to the enic driver
// for 802.1Qbh), and lldpad speaks VDP over ECP on the uplink. Guest frames leave through
// the uplink (macvtap in VEPA mode, so every frame goes to the switch).
import type { Device, DeviceContext, Packet } from '../../../sim/device';
import { parseEthernet, cTag } from '../../../frame/ethernet';
import { formatMac, formatIp } from '../../../frame/address';
import { udpFrame } from '../../../frame/packets';
import { ETH_P_ECP22, ETH_P_ECP02 } from '../codec/constants';
import { vdp22Timers, EVB_DEFAULTS } from '../timers';
import { ETH_P } from '../../../frame/ethernet';
import { LldpAgent } from '../lldp/agent';
import * as lsay from '../lldp/words';
import { Ecp22Endpoint } from '../ecp/ecp22-endpoint';
import { Lldpad22, type Lldpad22Owner } from './lldpad22';
import { Lldpad02 } from './lldpad02';
import { Enic, VIC_ETHERTYPE } from './enic';
import { Libvirt, type PortProfileBackend, type VmOp } from './libvirt';
import { runVdptool } from './vdptool';
import type { StationConfig } from '../config';
import type { GuestSpec } from '../guest';
import * as say from './words';

export const UPLINK = 'uplink';

/** What ecp22_req2send can return to VDP (qbg/ecp22.c): the errnos `ecp-refuse` injects. */
export const ECP_REFUSALS: Record<string, number> = { ENOMEM: -12, E2BIG: -7, ENODEV: -19 };

export type GuestState = 'stopped' | 'starting' | 'running' | 'migrating-in' | 'failed';

export class VdpStation implements Device {
  readonly ports = [UPLINK];
  private readonly guests = new Map<string, GuestSpec>();
  private readonly gstate = new Map<string, GuestState>();
  private readonly ecp22?: Ecp22Endpoint;
  private readonly lldpad22?: Lldpad22;
  private readonly lldpad02?: Lldpad02;
  private readonly enic?: Enic;
  private readonly libvirt: Libvirt;
  /** When each guest's start was asked for (virtual ns), so its frames can say how long after. */
  private readonly startedAt = new Map<string, number>();
  /** Guests whose first datagram leaves the moment libvirt reports them running (start-guest `send`). */
  private readonly sendOnRun = new Map<string, number>();
  /** lldpad's nearest-customer-bridge LLDP agent with evb22 (config `evbExchange`). */
  private readonly lldp?: LldpAgent;

  constructor(
    readonly id: string,
    private readonly cfg: StationConfig,
  ) {
    for (const g of cfg.guests) this.guests.set(g.name, g);
    const t = vdp22Timers(cfg.evb);
    let backend: PortProfileBackend;
    if (cfg.portProfiles === 'enic') {
      this.enic = new Enic({ port: UPLINK, mac: cfg.mac, node: id });
      backend = this.enic;
    } else if (cfg.version === '0.2') {
      this.lldpad02 = new Lldpad02({
        port: UPLINK,
        mac: cfg.mac,
        who: `station ${id}`,
        behaviour: cfg.behaviour,
        vdpOn: cfg.evbOn,
        // libvirt's callback runs in another process: its RTM_SETLINK reaches lldpad after
        // lldpad has handled what was queued while it slept.
        notify: (c, g) => this.notified(c, g, true),
      });
      backend = {
        kind: '802.1Qbg',
        target: 'lldpad (VDP 0.2)',
        ...(cfg.lldpad !== 'running' && { lldpadDown: cfg.lldpad }),
        setlink: (c, g, r) => this.lldpad02!.request(c, g, r),
        getlink: (c, g) => this.lldpad02!.status(c, g),
        whenReady: (c, fn) => this.lldpad02!.gate(c, fn),
      };
    } else {
      const ex = cfg.evbExchange;
      // With the exchange, ECP22 starts with lldpad's defaults (ecp22_start: ECP22_MAX_RETRIES_DEFAULT 3,
      // ECP22_ACK_TIMER_DEFAULT 8) and VDP22 with evbon 0 and every exponent 0 (vdp22_create's calloc).
      const et = ex ? vdp22Timers(EVB_DEFAULTS) : t;
      const ecp = new Ecp22Endpoint({
        port: UPLINK,
        mac: cfg.mac,
        who: `station ${id}`,
        key: 'ecp',
        behaviour: cfg.behaviour,
        maxRetries: et.maxRetries,
        ackTimerNs: et.ackTimer,
        onPayload: (c, p, info) => this.lldpad22!.onPayload(c, p, info),
      });
      this.ecp22 = ecp;
      const owner: Lldpad22Owner = {
        behaviour: cfg.behaviour,
        timers: ex ? vdp22Timers({ r: 0, rte: 0, rwd: 0, rka: 0 }) : t,
        evbOn: ex ? false : cfg.evbOn,
        ...(ex && { started: false }),
        role: cfg.vdpRole,
        groupIds: ex ? false : cfg.groupIds,
        ecp,
        // lldpad's vdpnl_send reaches libvirt's netlink event thread; its RTM_SETLINK back is
        // read by lldpad only after the pass that sent the notification (vdp22_back) returns.
        notify: (c, g) => this.notified(c, g, true),
      };
      this.lldpad22 = new Lldpad22(owner);
      if (ex)
        this.lldp = new LldpAgent({
          port: UPLINK,
          mac: cfg.mac,
          who: `lldpad on ${id}`,
          policy: { mode: 'station', params: cfg.evb, rrreq: ex.rrreq, rrcap: false, gid: cfg.groupIds },
          txmit: cfg.evbOn,
          startNs: ex.startNs,
          onStartModules: (c) => {
            ecp.start(c);
            owner.started = true;
          },
          onUpdate: (c, v, why) => {
            const nt = vdp22Timers(v.params);
            // data_from_evb runs on every update; a step only when something VDP22 or ECP22 holds changes
            const same =
              owner.evbOn === v.evbon &&
              owner.groupIds === v.gpid &&
              JSON.stringify(owner.timers) === JSON.stringify(nt);
            if (same) return;
            ecp.retune(c, nt.maxRetries, nt.ackTimer, why);
            Object.assign(owner, { timers: nt, evbOn: v.evbon, groupIds: v.gpid });
            const p = v.params;
            c.note('decide', {
              decision: v.evbon
                ? lsay.vdpGetsEvb(`lldpad on ${id}`, p.r, p.rte, p.rwd, p.rka, v.gpid)
                : lsay.vdpGetsEvbOff(`lldpad on ${id}`),
              source:
                'lldpad lldp_evb22.c evb22_update_tlv → qbg/vdp22.c data_from_evb, qbg/ecp22.c ecp22_data_from_evb',
              layer: 'control',
              detail: { evb: { ...p, gpid: v.gpid, evbon: v.evbon } },
            });
            c.set('evb', { ...p, gpid: v.gpid, evbon: v.evbon, timers: nt });
          },
        });
      backend = {
        kind: '802.1Qbg',
        target: 'lldpad (pid from /var/run/lldpad.pid)',
        ...(cfg.lldpad !== 'running' && { lldpadDown: cfg.lldpad }),
        setlink: (c, g, r) => this.lldpad22!.request(c, g, r),
        getlink: (c, g) => this.lldpad22!.status(c, g),
      };
    }
    this.libvirt = new Libvirt({ backend, done: (c, g, op, ok, msg) => this.opDone(c, g, op, ok, msg) });
  }

  start(ctx: DeviceContext): void {
    ctx.set('config', {
      version: this.cfg.version,
      behaviour: this.cfg.behaviour,
      portProfiles: this.cfg.portProfiles,
      evb: this.cfg.evb,
      timers: vdp22Timers(this.cfg.evb),
    });
    for (const g of this.guests.values()) this.setGuest(ctx, g, 'stopped');
    // a stopped or killed lldpad runs no ECP: no start-up ECPDU, no timers
    if (this.cfg.lldpad !== 'running') return;
    if (this.lldp) {
      ctx.set('evb', { evbon: false, vdp22: false });
      this.lldp.start(ctx); // ECP22 and VDP22 start at the agent's first tick
    } else this.ecp22?.start(ctx);
    this.lldpad02?.start(ctx);
  }

  private setGuest(ctx: DeviceContext, g: GuestSpec, s: GuestState): void {
    this.gstate.set(g.name, s);
    ctx.set(`guest/${g.name}`, { state: s, mac: formatMac(g.mac), vlan: g.vlan, uuid: g.uuid });
  }

  private guest(args: Record<string, unknown>): GuestSpec {
    const g = this.guests.get(String(args.guest));
    if (!g) throw new Error(`no guest ${String(args.guest)} on ${this.id}`);
    return g;
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name === 'vdptool' && args.c !== undefined) {
      if (!this.lldpad22) throw new Error(say.vdptoolNeedsVdpStation());
      runVdptool(
        ctx,
        { id: this.id, lldpad22: this.lldpad22, role: this.cfg.vdpRole, guests: this.guests, anyIp: this.cfg.peer.ip },
        args.c as string[],
      );
      return;
    }
    if (name === 'ecp-refuse') {
      if (!this.lldpad22) throw new Error(say.ecpRefuseNeedsVdp22());
      const errno = ECP_REFUSALS[String(args.errno)];
      const count = typeof args.count === 'number' ? args.count : 1;
      ctx.note('command', {
        decision: say.ecpRefuseArmed(String(args.errno), count),
        source: 'failure injection',
        layer: 'control',
      });
      this.lldpad22.refuseNext(ctx, errno, count);
      return;
    }
    const g = this.guest(args);
    const src = 'libvirt qemuProcessStart / qemuMigration*';
    switch (name) {
      case 'start-guest':
        if (args.virtualport === false) {
          ctx.note('command', {
            decision: say.startsWithoutVirtualportElement(g.name),
            source: src,
            layer: 'control',
          });
          this.setGuest(ctx, g, 'running');
          return;
        }
        this.setGuest(ctx, g, 'starting');
        this.startedAt.set(g.name, Number(ctx.now));
        if (typeof args.send === 'number') this.sendOnRun.set(g.name, args.send);
        this.libvirt.associate(ctx, g, 'CREATE');
        return;
      case 'shutdown-guest':
        this.setGuest(ctx, g, 'stopped');
        this.libvirt.disassociate(ctx, g, 'DESTROY');
        return;
      case 'migrate-in-start':
        this.setGuest(ctx, g, 'migrating-in');
        this.libvirt.associate(ctx, g, 'MIGRATE_IN_START');
        return;
      case 'migrate-in-finish':
        this.libvirt.associate(ctx, g, 'MIGRATE_IN_FINISH');
        return;
      case 'migrate-out':
        ctx.note('command', {
          decision: say.migrationConfirmPhaseStopped(g.name, this.id),
          source: 'libvirt qemuMigrationSrcConfirm',
          layer: 'control',
        });
        this.setGuest(ctx, g, 'stopped');
        this.libvirt.disassociate(ctx, g, 'MIGRATE_OUT');
        return;
      case 'guest-send':
        this.guestSend(ctx, g, args);
        return;
      case 'vdptool': {
        // vdptool talks to lldpad over its clif socket: VDP-2012 modes 1-4 directly, and the
        // only way to set the M/S migration hints (docs/vdptool.8).
        const mode = Number(args.mode);
        const hints = args.hints === 'to' ? 0x10 : args.hints === 'from' ? 0x20 : 0;
        if (!this.lldpad22) throw new Error(say.vdptoolNeedsVdpStation());
        const r = this.lldpad22.request(ctx, g, mode, hints, true);
        ctx.note('decide', {
          decision: say.vdptoolLldpadAnswers(mode, hints, args, g.name, r.errno, r.why),
          source: 'lldpad clif (vdp22_request, clif path)',
          layer: 'control',
          detail: { clif: { mode, hints, errno: r.errno }, returns: { errno: r.errno, to: 'vdptool' } },
        });
        return;
      }
      case 'port-request':
        ctx.note('command', {
          decision: say.managementToolSendsIfla(String(args.request), g.name),
          source: 'rtnetlink RTM_SETLINK',
          layer: 'control',
        });
        this.libvirt.request(ctx, g, Number(args.request));
        return;
      default:
        throw new Error(`vdp-station has no command ${name}`);
    }
  }

  private opDone(ctx: DeviceContext, g: GuestSpec, op: VmOp, ok: boolean, msg: string): void {
    const s = this.gstate.get(g.name);
    if (msg.startsWith('sent with setlink_only')) {
      ctx.note('state', {
        decision: say.libvirtReSentAssociate(g.name, msg),
        source: 'libvirt virNetDevMacVLanVPortProfileCallback',
        layer: 'control',
      });
      return;
    }
    if (op === 'CREATE' || op === 'MIGRATE_IN_FINISH') {
      if (s === 'stopped') return;
      this.setGuest(ctx, g, ok ? 'running' : 'failed');
      ctx.note('state', {
        decision: say.libvirtPortProfileAssociated(ok, g, msg),
        source: 'libvirt virNetDevMacVLanCreateWithVPortProfile',
        layer: 'control',
      });
      // QEMU starts only after the port-profile set-up returned (virNetDevMacVLanCreateWithVPortProfile
      // runs before the QEMU process is launched); guest boot time is not modelled.
      const port = this.sendOnRun.get(g.name);
      if (ok && port !== undefined) {
        this.sendOnRun.delete(g.name);
        this.guestSend(ctx, g, { dstPort: port });
      }
    } else if (op === 'MIGRATE_IN_START') {
      ctx.note('state', {
        decision: say.libvirtDestinationPreAssociated(ok, g, msg),
        source: 'libvirt qemuMigrationDstPrepare',
        layer: 'control',
      });
    } else {
      ctx.note('state', {
        decision: say.libvirtDisassociate(g.name, msg),
        source: 'libvirt virNetDevVPortProfileDisassociate',
        layer: 'control',
      });
    }
  }

  /** lldpad's unsolicited RTM_SETLINK (request DISASSOCIATE) reaches libvirt's netlink callback. */
  private notified(ctx: DeviceContext, g: GuestSpec, later = false): void {
    const s = this.gstate.get(g.name);
    ctx.note('decide', {
      decision: say.lldpadLibvirtRtmSetlink(s, g),
      source: 'lldpad vdpnl_send; libvirt virNetDevMacVLanVPortProfileCallback',
      layer: 'control',
    });
    if (s !== 'running') return;
    if (later) ctx.schedule(0, 'libvirt port-profile callback', (c) => this.libvirt.associate(c, g, 'CREATE', true));
    else this.libvirt.associate(ctx, g, 'CREATE', true);
  }

  private guestSend(ctx: DeviceContext, g: GuestSpec, args: Record<string, unknown>): void {
    if (this.gstate.get(g.name) !== 'running') {
      ctx.note('decide', {
        decision: say.cannotSend(g.name, this.gstate.get(g.name)),
        source: 'QEMU',
        layer: 'control',
      });
      return;
    }
    const dstPort = typeof args.dstPort === 'number' ? args.dstPort : 7;
    // `to`: another guest on this host. macvtap in VEPA mode still sends it to the switch;
    // only a switch port with reflective relay (hairpin) can bring it back.
    const to = args.to === undefined ? undefined : this.guest({ guest: args.to });
    const dst = to ? { mac: to.mac, ip: to.ip, name: to.name } : { ...this.cfg.peer, name: undefined };
    const bytes = udpFrame({
      srcMac: g.mac,
      dstMac: dst.mac,
      srcIp: g.ip,
      dstIp: dst.ip,
      srcPort: 40000,
      dstPort,
      payload: new TextEncoder().encode(`hello from ${g.name}`),
      ...(g.vlan ? { tags: [cTag(g.vlan)] } : {}),
    });
    const t0 = this.startedAt.get(g.name);
    ctx.send(UPLINK, bytes, {
      decision: say.sendsUdpDatagramPort(g, formatIp(dst.ip), dstPort, dst.name),
      source: 'macvtap (VEPA mode) → NIC uplink',
      layer: 'L2',
      detail: {
        guest: g.name,
        ...(dst.name && { to: dst.name }),
        ...(t0 !== undefined && { sinceStartMs: (Number(ctx.now) - t0) / 1e6 }),
      },
    });
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    let eth;
    try {
      eth = parseEthernet(packet.bytes);
    } catch (e) {
      ctx.drop(packet, { decision: say.malformedFrame((e as Error).message), source: 'NIC', port });
      return;
    }
    if ((eth.ethertype === ETH_P_ECP22 || eth.ethertype === ETH_P_ECP02) && this.cfg.lldpad !== 'running') {
      ctx.drop(packet, {
        decision: say.ecpFrameNoLldpad(this.cfg.lldpad),
        source: '__netif_receive_skb_core (no packet socket for the ECP EtherType)',
        reads: ['eth.type'],
      });
      return;
    }
    if (eth.ethertype === ETH_P.LLDP && this.lldp) {
      if (this.cfg.lldpad === 'running') this.lldp.receive(ctx, packet);
      else
        ctx.drop(packet, {
          decision: lsay.lldpNoLldpad(this.cfg.lldpad),
          source: '__netif_receive_skb_core (no packet socket for the LLDP EtherType)',
          reads: ['eth.type'],
        });
      return;
    }
    if (eth.ethertype === ETH_P_ECP22) {
      if (this.ecp22) this.ecp22.receive(ctx, packet);
      else
        ctx.drop(packet, {
          decision: say.ecpFrameHostRuns(),
          source: 'lldpad l2_packet',
          reads: ['eth.type'],
        });
      return;
    }
    if (eth.ethertype === ETH_P_ECP02) {
      if (this.lldpad02) this.lldpad02.receive(ctx, packet);
      else
        ctx.drop(packet, {
          decision: say.ecpFrameHostRuns2(),
          source: 'lldpad l2_packet',
          reads: ['eth.type'],
        });
      return;
    }
    if (eth.ethertype === VIC_ETHERTYPE && this.enic) {
      this.enic.receive(ctx, packet);
      return;
    }
    const dst = formatMac(eth.dst);
    const g = [...this.guests.values()].find((x) => formatMac(x.mac) === dst);
    if (g && this.gstate.get(g.name) === 'running')
      ctx.deliver(packet, {
        decision: say.frameDeliveredThroughMacvtap(dst, g.name),
        source: 'macvlan_handle_frame',
        reads: ['eth.dst'],
      });
    else
      ctx.drop(packet, {
        decision: say.runningGuestMac(dst, this.id),
        source: 'macvlan_handle_frame',
        reads: ['eth.dst'],
      });
  }
}
