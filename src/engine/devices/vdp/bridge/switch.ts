// The `vdp-switch` device: the adjacent bridge's station-facing ports with their VDP/ECP
// side, the VSI manager and the VSI-aware port filter, and one `network` port towards the
// rest of the network. Data frames are switched by the VEPA lab's bridge, which the VDP
// side programs with each associated VSI's policy (vepa-ports.ts). Commands: `deassociate` (bridge-initiated de-associate, optionally
// keeping the VSI withdrawn) and `set-answer` (failure injection at run time).
import type { Device, DeviceContext, Packet } from '../../../sim/device';
import { parseEthernet } from '../../../frame/ethernet';
import { formatMac } from '../../../frame/address';
import { ETH_P_ECP22, ETH_P_ECP02 } from '../codec/constants';
import { formatUuid } from '../codec/vsiid';
import { vdp22Timers } from '../timers';
import { ETH_P } from '../../../frame/ethernet';
import { LldpAgent } from '../lldp/agent';
import * as lsay from '../lldp/words';
import { VsiManager } from './manager';
import { VepaPorts } from './vepa-ports';
import { Vdp22BridgePort } from './vdp22-port';
import { Vdp02BridgePort } from './vdp02-port';
import { channelPort, SchannelFront } from './schannel-front';
import { sTag, withTags } from '../../../frame/ethernet';

const SCOMP_SRC = 'IEEE 802.1Qbg-2012 port-mapping S-VLAN component (per-channel port)';
import { VIC_ETHERTYPE, VIC_OP, buildVic, parseVic } from '../station/enic';
import type { SwitchConfig, VsiTypePolicy } from '../config';
import * as say from './words';

export class VdpSwitch implements Device {
  readonly ports: string[];
  private readonly mgr: VsiManager;
  private readonly vepa: VepaPorts;
  private readonly p22 = new Map<string, Vdp22BridgePort>();
  private readonly p02 = new Map<string, Vdp02BridgePort>();
  /** Ports whose S-VLAN component runs CDCP (multichannel): the channel is found before VDP. */
  private readonly fronts = new Map<string, SchannelFront>();
  /** S-channel ports (`<port>.ch<SCID>`) of per-channel ports, each a bridge port with its own VDP. */
  private readonly channels = new Map<string, { port: string; scid: number; mac: Uint8Array; hairpin: boolean }>();
  /** Each station port's LLDP agent sending the bridge's EVB TLV (config `evbExchange`). */
  private readonly lldp = new Map<string, LldpAgent>();

  constructor(
    readonly id: string,
    private readonly cfg: SwitchConfig,
  ) {
    this.ports = [...cfg.ports.map((p) => p.name), cfg.network];
    // Per-channel ports: SCID 2 .. chnCap of each port whose CDCP runs VDP on every channel.
    for (const p of cfg.ports)
      if (p.cdcp?.perChannel && cfg.version === '2012')
        for (let scid = 2; scid <= p.cdcp.chnCap; scid++)
          this.channels.set(channelPort(p.name, scid), { port: p.name, scid, mac: p.mac, hairpin: p.hairpin });
    this.vepa = new VepaPorts(
      id,
      cfg,
      [...this.channels].map(([name, c]) => ({ name, hairpin: c.hairpin })),
    );
    this.mgr = new VsiManager(cfg, this.vepa);
    const t = vdp22Timers(cfg.evb);
    for (const [name, c] of this.channels)
      this.p22.set(name, new Vdp22BridgePort(name, c.mac, cfg.behaviour, { ...t }, this.mgr));
    for (const p of cfg.ports) {
      if (p.cdcp)
        this.fronts.set(
          p.name,
          new SchannelFront(p.name, p.mac, p.cdcp, (ctx, scids) => {
            // A channel port is up once CDCP has given it an S-VID (no S-VID, no port to send on).
            for (const [name, c] of this.channels)
              if (c.port === p.name && scids.includes(c.scid) && this.vepa.bridge.down.has(name))
                this.vepa.bridge.linkChanged(name, true, ctx);
          }),
        );
      if (cfg.version === '2012') {
        const port = new Vdp22BridgePort(p.name, p.mac, cfg.behaviour, { ...t }, this.mgr);
        this.p22.set(p.name, port);
        const ex = cfg.evbExchange;
        if (ex)
          this.lldp.set(
            p.name,
            new LldpAgent({
              port: p.name,
              mac: p.mac,
              who: `switch port ${p.name}`,
              policy: { mode: 'bridge', params: cfg.evb, rrreq: false, rrcap: p.hairpin, gid: ex.groupIds },
              txmit: true,
              startNs: ex.startNs,
              onUpdate: (c, v, why) => {
                const x = v.params;
                if (port.timersEqual(vdp22Timers(x))) return;
                c.note('decide', {
                  decision: lsay.switchGetsEvb(`switch port ${p.name}`, x.rwd, x.rka, x.r, x.rte),
                  source: 'IEEE 802.1Qbg-2012 EVB TLV; max() of both sides as lldpad lldp_evb22.c common_tlv',
                  layer: 'control',
                  detail: { evb: { ...x, gpid: v.gpid } },
                });
                port.retune(c, vdp22Timers(x), why);
              },
            }),
          );
      } else this.p02.set(p.name, new Vdp02BridgePort(p.name, p.mac, cfg.behaviour, this.mgr));
    }
  }

  /**
   * The context the switch's parts see: a frame sent on a channel port leaves its physical port
   * with the channel's S-tag (the bridge's S-VLAN component); timers keep the same view.
   */
  private outer(real: DeviceContext): DeviceContext {
    if (this.channels.size === 0) return real;
    const again = (c: DeviceContext): DeviceContext => this.outer(c);
    const send: DeviceContext['send'] = (port, bytes, e, parent) => {
      const ch = this.channels.get(port);
      if (!ch) return real.send(port, bytes, e, parent);
      const svid = this.fronts.get(ch.port)?.svid(ch.scid);
      if (svid === undefined) {
        real.note('decide', { decision: say.channelGone(port, ch.scid), source: SCOMP_SRC, port: ch.port });
        // The lab's CDCP never withdraws a channel, and a channel port hears nothing before it
        // is assigned, so only a forwarded frame can get here: it ends at the S-component.
        if (!parent) throw new Error(say.channelGone(port, ch.scid));
        real.drop(parent, { decision: say.channelGone(port, ch.scid), source: SCOMP_SRC, port: ch.port });
        return parent;
      }
      real.note('decide', {
        decision: say.channelTagged(port, ch.port, ch.scid, svid),
        source: SCOMP_SRC,
        port: ch.port,
      });
      return real.send(ch.port, withTags(bytes, [sTag(svid)]), e, parent);
    };
    return {
      get now() {
        return real.now;
      },
      node: real.node,
      rng: real.rng,
      note: (k, e, p) => real.note(k, e, p),
      send,
      deliver: (p, e) => real.deliver(p, e),
      drop: (p, e) => real.drop(p, e),
      hold: (p, e) => real.hold(p, e),
      clone: (p, b) => real.clone(p, b),
      schedule: (d, l, fn) => real.schedule(d, l, (c) => fn(again(c))),
      set: (k, v) => real.set(k, v),
      count: (c, by) => real.count(c, by),
    };
  }

  start(real: DeviceContext): void {
    const ctx = this.outer(real);
    ctx.set('config', {
      version: this.cfg.version,
      behaviour: this.cfg.behaviour,
      evb: this.cfg.evb,
      types: this.cfg.types.map((t) => ({
        name: t.name,
        typeId: `0x${t.typeId.toString(16)}`,
        version: t.version,
        vlans: t.vlans,
        acl: t.acl,
        answer: t.answer,
      })),
    });
    this.vepa.start(ctx);
    // A channel port exists once CDCP gives its SCID an S-VID: until then it is down.
    for (const [name, c] of this.channels) {
      this.vepa.bridge.down.add(name);
      ctx.set(`link/${name}`, 'down');
      ctx.note('state', {
        decision: say.channelWaits(name, c.port, c.scid),
        source: SCOMP_SRC,
        port: c.port,
        layer: 'control',
      });
    }
    for (const f of this.fronts.values()) f.start(ctx);
    for (const p of this.p22.values()) p.start(ctx);
    for (const a of this.lldp.values()) a.start(ctx);
    for (const p of this.p02.values()) p.start(ctx);
  }

  command(name: string, args: Record<string, unknown>, real: DeviceContext): void {
    const ctx = this.outer(real);
    if (name === 'deassociate') {
      const uuid = String(args.uuid).toLowerCase();
      if (args.block === true) this.mgr.blocked.add(uuid);
      ctx.note('command', {
        decision: say.switchAdministratorWithdrawsVsi(args, uuid),
        source: 'IEEE 802.1Qbg-2012 41 (bridge-initiated de-associate)',
        layer: 'control',
      });
      const done = [...this.p22.values(), ...this.p02.values()].some((p) => p.adminDeassoc(ctx, uuid));
      if (!done)
        ctx.note('decide', {
          decision: say.portHoldsAssociatedVsi(uuid),
          source: 'vdp-switch',
          layer: 'control',
        });
      return;
    }
    if (name === 'set-answer') {
      const t = this.cfg.types.find((x) => x.name === args.type || x.typeId === args.typeId);
      if (!t) throw new Error(`no VSI type ${String(args.type ?? args.typeId)}`);
      (t as { answer: VsiTypePolicy['answer'] }).answer = args.answer as VsiTypePolicy['answer'];
      if (typeof args.error === 'number') (t as { error: number }).error = args.error;
      ctx.note('command', {
        decision: say.vsiManagerTypeAnswers(args, t.name),
        source: 'lldpad vdp22br.c debug type IDs 199-203, as a switch',
        layer: 'control',
      });
      return;
    }
    throw new Error(`vdp-switch has no command ${name}`);
  }

  receive(physical: string, arrived: Packet, real: DeviceContext): void {
    const ctx = this.outer(real);
    const front = this.fronts.get(physical);
    const admitted = front ? front.ingress(ctx, arrived) : { packet: arrived, scid: 1 };
    if (!admitted) return;
    const { packet } = admitted;
    // A non-default channel is its own bridge port with its own VDP (per-channel ports only).
    const port = channelPort(physical, admitted.scid);
    let eth;
    try {
      eth = parseEthernet(packet.bytes);
    } catch (e) {
      ctx.drop(packet, { decision: say.malformedFrame((e as Error).message), source: 'vdp-switch', port });
      return;
    }
    if (physical === this.cfg.network) {
      this.mgr.toStation(ctx, packet);
      return;
    }
    const agent = this.lldp.get(physical);
    if (agent && eth.ethertype === ETH_P.LLDP) {
      agent.receive(ctx, packet);
      return;
    }
    if (eth.ethertype === ETH_P_ECP22) {
      const p = this.p22.get(port);
      if (p) p.ecp.receive(ctx, packet);
      else
        ctx.drop(packet, {
          decision: say.ecpFrameSwitchSpeaks(port),
          source: 'vdp-switch',
          port,
          reads: ['eth.type'],
        });
      return;
    }
    if (eth.ethertype === ETH_P_ECP02) {
      const p = this.p02.get(port);
      if (p) p.ecp.receive(ctx, packet);
      else
        ctx.drop(packet, {
          decision: say.ecpFrameSwitchSpeaks2(port),
          source: 'vdp-switch',
          port,
          reads: ['eth.type'],
        });
      return;
    }
    if (eth.ethertype === VIC_ETHERTYPE) {
      this.vic(ctx, port, packet);
      return;
    }
    this.mgr.filter(ctx, port, packet);
  }

  /** The 802.1Qbh stand-in: the NIC firmware names a port profile; the switch applies it. */
  private vic(ctx: DeviceContext, port: string, packet: Packet): void {
    const v = parseVic(packet.bytes);
    if (!v) {
      ctx.drop(packet, { decision: say.vicStandFrame(), source: 'vdp-switch', port });
      return;
    }
    const t = this.cfg.types.find((x) => x.profile === v.profile);
    const mac = formatMac(v.mac);
    const vlan = t?.vlans[0] ?? 0;
    const uuid = formatUuid(v.uuid);
    let status = 0;
    if (v.op === VIC_OP.DEINIT) this.mgr.remove(ctx, port, mac, vlan, say.portProfileRemovedNic());
    else if (!t) status = 1;
    else this.mgr.install(ctx, { port, mac, vlan, uuid, type: t, stage: v.op === VIC_OP.ACTIVATE ? 'assoc' : 'pre' });
    ctx.deliver(packet, {
      decision: say.switchPortNicFirmware(v, t, port, mac),
      source: '802.1Qbh port profile (Cisco VIC stand-in)',
      port,
    });
    ctx.send(
      port,
      buildVic(this.cfg.ports.find((p) => p.name === port)!.mac, v.op | VIC_OP.REPLY, status, v.mac, uuid, v.profile),
      {
        decision: say.switchNicFirmwareStand(status),
        source: '802.1Qbh port profile (Cisco VIC stand-in)',
        port,
      },
    );
  }
}
