// An SR-IOV NIC's embedded switch: where the demux lives when guests get VFs or
// subfunctions instead of macvlans. In legacy mode the eswitch itself matches (MAC, VLAN)
// set by the host and replicates broadcasts in hardware: no software copy on the host.
// In switchdev mode (devlink eswitch mode switchdev, mlx5/ice) a frame that matches no
// offloaded rule goes up the function's *representor* port to the host's software switch
// (OVS or a bridge over the representors); that switch forwards it through the target's
// representor, and a unicast flow it has forwarded is then offloaded (as OVS does with
// tc flower), so later frames of the flow stay in hardware.
//
// CPU (config `cpu`, stack/cpu-cost.ts): the host is charged where its software handles a
// frame: the software switch's pass over a frame that came up a representor, each copy it
// sends down a representor, and the PF's own stack receiving. Nothing the eswitch does in
// silicon (a legacy match or replication, an offloaded rule) is charged, and neither is a
// function's own driver: that is the work of the guest's net_device, as for any NIC.
import { cpuMeter, type CpuMeter } from '../stack/cpu-cost';
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { formatMac, isMulticastMac, macEquals } from '../../frame/address';
import { cTag, outerTag, stripOuterTag, withTags } from '../../frame/ethernet';
import type { FunctionConfig, NicConfig } from './config';
import * as say from './words';

export type Out = { kind: 'fn'; fn: FunctionConfig } | { kind: 'uplink' } | { kind: 'pf' };

export class SriovNic implements Device {
  readonly ports: readonly string[];
  private readonly fdb = new Map<string, string>(); // slow-path learning: mac@vid → rep port
  private readonly rules = new Map<string, string>(); // offloaded flows: in|dst|vid → out port
  private readonly cpu: CpuMeter | undefined;

  constructor(
    readonly id: string,
    readonly cfg: NicConfig,
  ) {
    this.cpu = cpuMeter(cfg.cpu);
    this.ports = [cfg.uplink, ...cfg.functions.map((f) => f.name)];
  }

  start(ctx: DeviceContext): void {
    for (const f of this.cfg.functions)
      ctx.set(`fn/${f.name}`, {
        kind: f.kind,
        mac: formatMac(f.mac),
        vlan: f.vlan,
        spoofchk: f.spoofchk,
        representor: this.cfg.eswitch === 'switchdev' ? `rep_${f.name}` : null,
      });
    ctx.set('eswitch', { mode: this.cfg.eswitch, hwmode: this.cfg.hwmode, pf: formatMac(this.cfg.pfMac) });
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    const fn = this.cfg.functions.find((f) => f.name === port);
    let bytes = packet.bytes;
    let vid = outerTag(bytes)?.vid ?? 0;
    if (fn) {
      const src = bytes.subarray(6, 12);
      if (fn.spoofchk && !macEquals(src, 0, fn.mac)) {
        ctx.count('spoofchk_drops');
        return ctx.drop(packet, {
          decision: say.spoofCheckMaySend(port, formatMac(fn.mac), formatMac(src)),
          source: 'eswitch anti-spoofing (ip link set <pf> vf N spoofchk on)',
          port,
          reads: ['eth.src'],
        });
      }
      if (fn.vlan) {
        if (vid)
          return ctx.drop(packet, {
            decision: say.hostPutVlanVst(port, fn.vlan),
            source: 'eswitch VLAN insertion (ip link set <pf> vf N vlan)',
            port,
            reads: ['vlan[0].vid'],
          });
        bytes = withTags(bytes, [cTag(fn.vlan)]);
        vid = fn.vlan;
      }
    }
    const dst = bytes.subarray(0, 6);
    const inName = fn ? fn.name : this.cfg.uplink;
    if (this.cfg.eswitch === 'switchdev') return this.switchdev(ctx, packet, bytes, inName, vid);
    const src = bytes.subarray(6, 12);
    const outs = this.legacyOuts(inName, dst, vid);
    const multi = isMulticastMac(dst);
    const pruned = multi && this.cfg.hwmode === 'vepa' && inName === this.cfg.uplink ? this.prune(outs, src) : [];
    ctx.note(
      'decide',
      {
        decision:
          say.legacyEswitchHostCpu(multi, dst, vid, outs, this.cfg.hwmode.toUpperCase()) +
          (pruned.length ? say.sourcePruned(formatMac(src), pruned.map(outName)) : ''),
        source: 'SR-IOV eswitch (legacy: MAC+VLAN filters set by the PF driver)',
        port: inName,
        reads: ['eth.dst', 'vlan[0].vid'],
        detail: { demux: 'eswitch-hw', outs: outs.map(outName), softwareCopies: 0, where: 'NIC' },
      },
      packet,
    );
    if (!outs.length)
      return ctx.drop(packet, {
        decision: say.functionPfUplinkTakes(formatMac(dst), vid),
        source: 'SR-IOV eswitch',
        port: inName,
        reads: ['eth.dst'],
      });
    ctx.count('hw_copies', outs.length);
    this.emit(ctx, packet, bytes, outs, 'hardware');
  }

  /**
   * Rx source address pruning, which VEPA mode switches on (ixgbe_configure_bridge_mode,
   * BRIDGE_MODE_VEPA: set_source_address_pruning for every pool): a replicated frame coming
   * back from the adjacent switch is not given to the pool whose MAC sent it. Removes those
   * from `outs` and returns them.
   */
  private prune(outs: Out[], src: Uint8Array): Out[] {
    const own = (o: Out): boolean =>
      (o.kind === 'fn' && macEquals(o.fn.mac, 0, src)) || (o.kind === 'pf' && macEquals(this.cfg.pfMac, 0, src));
    const gone = outs.filter(own);
    for (const o of gone) outs.splice(outs.indexOf(o), 1);
    return gone;
  }

  private legacyOuts(inName: string, dst: Uint8Array, vid: number): Out[] {
    const fromUplink = inName === this.cfg.uplink;
    const vepa = this.cfg.hwmode === 'vepa' && !fromUplink;
    const fns = this.cfg.functions.filter((f) => f.name !== inName && f.vlan === vid);
    if (isMulticastMac(dst)) {
      if (vepa) return [{ kind: 'uplink' }];
      const outs: Out[] = fns.map((fn) => ({ kind: 'fn', fn }));
      if (vid === 0) outs.push({ kind: 'pf' });
      if (!fromUplink) outs.push({ kind: 'uplink' });
      return outs;
    }
    const fn = fns.find((f) => macEquals(f.mac, 0, dst));
    if (fn) return [vepa ? { kind: 'uplink' } : { kind: 'fn', fn }];
    if (vid === 0 && macEquals(this.cfg.pfMac, 0, dst)) return [vepa ? { kind: 'uplink' } : { kind: 'pf' }];
    return fromUplink ? [] : [{ kind: 'uplink' }];
  }

  private switchdev(ctx: DeviceContext, packet: Packet, bytes: Uint8Array, inName: string, vid: number): void {
    const dst = bytes.subarray(0, 6);
    const src = bytes.subarray(6, 12);
    const rule = this.rules.get(`${inName}|${formatMac(dst)}|${vid}`);
    if (rule) {
      ctx.count('hw_copies');
      ctx.note(
        'decide',
        {
          decision: say.switchdevEswitchOffloadedRule(inName, formatMac(dst), vid, rule),
          source: 'switchdev eswitch (tc flower rule offloaded by the host software switch)',
          port: inName,
          reads: ['eth.dst'],
          detail: { demux: 'eswitch-hw', outs: [rule], softwareCopies: 0, where: 'NIC' },
        },
        packet,
      );
      return this.emit(ctx, packet, bytes, [this.outFor(rule)], 'hardware');
    }
    // Slow path: up the ingress representor to the host's software switch.
    const rep = `rep_${inName}`;
    ctx.count('slow_path');
    this.cpu?.charge(ctx, bytes.length);
    this.fdb.set(`${formatMac(src)}@${vid}`, inName);
    ctx.set(`swfdb/${formatMac(src)}@${vid}`, rep);
    const known = isMulticastMac(dst) ? undefined : this.fdb.get(`${formatMac(dst)}@${vid}`);
    const outs: Out[] =
      known !== undefined
        ? [this.outFor(known)]
        : [
            ...this.cfg.functions
              .filter((f) => f.name !== inName && f.vlan === vid)
              .map((fn): Out => ({ kind: 'fn', fn })),
            ...(inName !== this.cfg.uplink ? [{ kind: 'uplink' } as Out] : []),
          ];
    ctx.count('sw_copies', outs.length);
    ctx.note(
      'decide',
      {
        decision: say.switchdevEswitchOffloadedRule2(known, dst, outs, rep, formatMac(src), this.cfg.uplink),
        source: 'switchdev representors (devlink eswitch mode switchdev) + software switch',
        port: inName,
        reads: ['eth.dst', 'eth.src'],
        detail: {
          demux: 'slow-path',
          representor: rep,
          outs: outs.map(outName),
          softwareCopies: outs.length,
          where: 'host CPU',
        },
      },
      packet,
    );
    if (known !== undefined) {
      this.rules.set(`${inName}|${formatMac(dst)}|${vid}`, known);
      ctx.set(`rule/${inName}|${formatMac(dst)}|${vid}`, known);
    }
    if (!outs.length)
      return ctx.drop(packet, {
        decision: say.softwareSwitchNowhereSend(),
        source: 'software switch',
        port: inName,
      });
    this.emit(ctx, packet, bytes, outs, 'software');
  }

  private outFor(name: string): Out {
    if (name === this.cfg.uplink) return { kind: 'uplink' };
    return { kind: 'fn', fn: this.cfg.functions.find((f) => f.name === name)! };
  }

  private emit(ctx: DeviceContext, packet: Packet, bytes: Uint8Array, outs: Out[], how: 'hardware' | 'software'): void {
    outs.forEach((o, i) => {
      const copy = i < outs.length - 1 ? ctx.clone(packet) : packet;
      // A software copy is one more skb the host's switch builds and transmits on a representor;
      // the PF's stack receiving is host software too. Hardware replication costs the host nothing.
      if (how === 'software' || o.kind === 'pf') this.cpu?.charge(ctx, bytes.length);
      if (o.kind === 'pf') {
        ctx.deliver(copy, {
          decision: say.pfOwnStackHost(),
          source: 'PF netdev',
          port: 'pf',
          detail: { demux: 'eswitch-hw', to: 'pf' },
        });
        return;
      }
      const port = o.kind === 'uplink' ? this.cfg.uplink : o.fn.name;
      let out = bytes;
      if (o.kind === 'fn' && o.fn.vlan) out = stripOuterTag(out);
      ctx.send(
        port,
        out,
        {
          decision: say.uplinkOutPhysicalPort(o, port, how),
          source: how === 'software' ? 'representor xmit → eswitch' : 'SR-IOV eswitch',
          reads: ['eth.dst'],
          detail: { demux: how === 'software' ? 'slow-path' : 'eswitch-hw', to: port },
        },
        copy,
      );
    });
  }
}

export const outName = (o: Out): string => (o.kind === 'fn' ? o.fn.name : o.kind === 'uplink' ? 'uplink' : 'pf');
