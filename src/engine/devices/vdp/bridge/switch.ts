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
import { SchannelFront } from './schannel-front';
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
  /** Each station port's LLDP agent sending the bridge's EVB TLV (config `evbExchange`). */
  private readonly lldp = new Map<string, LldpAgent>();

  constructor(
    readonly id: string,
    private readonly cfg: SwitchConfig,
  ) {
    this.ports = [...cfg.ports.map((p) => p.name), cfg.network];
    this.vepa = new VepaPorts(id, cfg);
    this.mgr = new VsiManager(cfg, this.vepa);
    const t = vdp22Timers(cfg.evb);
    for (const p of cfg.ports) {
      if (p.cdcp) this.fronts.set(p.name, new SchannelFront(p.name, p.mac, p.cdcp));
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

  start(ctx: DeviceContext): void {
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
    for (const f of this.fronts.values()) f.start(ctx);
    for (const p of this.p22.values()) p.start(ctx);
    for (const a of this.lldp.values()) a.start(ctx);
    for (const p of this.p02.values()) p.start(ctx);
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
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

  receive(port: string, arrived: Packet, ctx: DeviceContext): void {
    const front = this.fronts.get(port);
    const packet = front ? front.ingress(ctx, arrived) : arrived;
    if (!packet) return;
    let eth;
    try {
      eth = parseEthernet(packet.bytes);
    } catch (e) {
      ctx.drop(packet, { decision: say.malformedFrame((e as Error).message), source: 'vdp-switch', port });
      return;
    }
    if (port === this.cfg.network) {
      this.mgr.toStation(ctx, packet);
      return;
    }
    const agent = this.lldp.get(port);
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
