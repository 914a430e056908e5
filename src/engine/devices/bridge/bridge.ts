// An 802.1Q learning bridge as Linux's bridge does it: br_handle_frame (drop invalid
// sources, keep link-local frames), br_allowed_ingress (VLAN), br_fdb_update (learn, if the
// port has BR_LEARNING), then br_forward for a known unicast destination or br_flood for
// broadcast, multicast and unknown unicast. should_deliver never sends a frame back out
// the port it came in on unless that port has BR_HAIRPIN_MODE (reflective relay, the
// switch side of VEPA), and never from an isolated port to an isolated port.
// On top of Linux: a per-port policy (acl.ts) checked for every copy the bridge would
// send, per-port counters, and S-channel ports (schannel.ts) that split one physical port
// into virtual ports by 802.1ad S-tag.
import { formatMac, isBroadcastMac, isMulticastMac } from '../../frame/address';
import { parseEthernet, type EthernetHeader } from '../../frame/ethernet';
import { FrameParseError } from '../../frame/errors';
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { BridgeConfig } from './config';
import { cpuMeter, type CpuMeter } from '../stack/cpu-cost';
import { Fdb } from './fdb';
import { classifyIngress } from './vlan';
import { EMPTY_POLICY, evaluatePolicy, type AclRule, type PortPolicy } from './acl';
import { DEFAULT_FLAGS, flagChanges, type PortFlags } from './ports';
import { demux, SchannelPort, vportName } from './schannel';
import { Counters } from './counters';
import { PortTable, type PortRuntime } from './port-table';
import { forwardKnown, flood, Egress } from './forward';
import { handleCdcp } from './cdcp-agent';
import { runBridgeCommand } from './commands';
import { withShiftedReads } from './reads';
import { BridgeLocal } from './local';
import * as say from './words';

export class Bridge implements Device {
  readonly ports: readonly string[];
  readonly table: PortTable;
  readonly fdb: Fdb;
  readonly counters = new Counters();
  readonly down = new Set<string>();
  readonly schan = new Map<string, SchannelPort>();
  /** br0 itself as a receiving interface, when the scenario models it. */
  readonly local?: BridgeLocal;
  /** A Linux bridge in a host spends its CPU on each frame (stack/cpu-cost.ts). */
  readonly cpu: CpuMeter | undefined;

  constructor(
    readonly id: string,
    readonly cfg: BridgeConfig,
  ) {
    this.cpu = cpuMeter(cfg.cpu);
    this.ports = cfg.ports.map((p) => p.name);
    this.fdb = new Fdb(cfg.ageingNs);
    this.table = new PortTable();
    if (cfg.local) this.local = new BridgeLocal(id, cfg.mac);
    for (const p of cfg.ports) {
      if (p.schannel) {
        const sp = new SchannelPort(p.name, p.schannel);
        this.schan.set(p.name, sp);
        for (const [svid, scid] of sp.bySvid) this.table.addChannel(p, sp, svid, scid);
      } else {
        this.table.add({ name: p.name, phys: p.name, vlan: p, flags: p.flags, policy: p.policy ?? EMPTY_POLICY });
      }
    }
  }

  start(ctx: DeviceContext): void {
    for (const p of this.table.all()) this.table.publish(p, ctx);
    for (const sp of this.schan.values()) ctx.set(`schannel/${sp.phys}`, this.channelState(sp));
    this.local?.publish(ctx);
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    runBridgeCommand(this, name, args, ctx);
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    // One pass through br_handle_frame, its netfilter hooks and the forwarding decision.
    this.cpu?.charge(ctx, packet.bytes.length);
    const sp = this.schan.get(port);
    if (!sp) return this.process(this.table.get(port)!, packet, packet.bytes, ctx);
    let d: ReturnType<typeof demux>;
    try {
      d = demux(packet.bytes);
    } catch (e) {
      return ctx.drop(packet, {
        decision: say.malformedFrameChannelPort(port, e instanceof Error ? e.message : String(e)),
        source: 'br_handle_frame',
        port,
      });
    }
    if (d.kind === 'cdcp') return handleCdcp(this, sp, d.tlv, packet, ctx);
    if (d.kind === 'other-lldp') {
      return ctx.deliver(packet, {
        decision: say.lldpFrameWithoutCdcp(),
        source: 'br_handle_frame (is_link_local_ether_addr)',
        port,
        layer: 'control',
        reads: ['eth.type'],
      });
    }
    const scid = sp.bySvid.get(d.svid);
    if (scid === undefined) {
      this.counters.bump(ctx, port, 'dropped');
      return ctx.drop(packet, {
        decision: say.tagSvidChannelChannels(sp, d.svid, port),
        source: 'IEEE 802.1Qbg-2012 port-mapping S-VLAN component (802.1Q ingress filtering)',
        port,
        reads: ['vlan[0].vid'],
      });
    }
    const vp = this.table.get(vportName(port, d.svid))!;
    ctx.note(
      'decide',
      {
        decision: say.channelScidFrameSwitched(d, port, scid, vp.name),
        source: 'IEEE 802.1Qbg-2012 port-mapping S-VLAN component',
        port,
        reads: d.tagged ? ['vlan[0].tpid', 'vlan[0].vid'] : ['eth.type'],
        detail: { vport: vp.name, svid: d.svid, scid },
      },
      packet,
    );
    // The packet's recorded bytes still carry the S-tag: C-tag paths move one place in.
    this.process(vp, packet, d.bytes, withShiftedReads(ctx, d.tagged ? 1 : 0));
  }

  /** The bridge proper, for a frame that arrived on (possibly virtual) port `inP`. */
  private process(inP: PortRuntime, packet: Packet, bytes: Uint8Array, ctx: DeviceContext): void {
    const port = inP.phys;
    let eth: EthernetHeader;
    try {
      eth = parseEthernet(bytes);
    } catch (e) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, {
        decision: say.malformedFrame(e instanceof FrameParseError ? e.message : String(e)),
        source: 'br_handle_frame',
        port,
        layer: 'L2',
      });
    }
    this.counters.bump(ctx, inP.name, 'rx');
    // MACs read straight from the bytes (offset 0 dst, 6 src): this runs for every frame.
    const src = formatMac(bytes, 6);
    const dst = formatMac(bytes, 0);
    if (isMulticastMac(bytes, 6) || isZeroMac(bytes, 6)) {
      // br_handle_frame: !is_valid_ether_addr(h_source) → kfree_skb. No statistic moves.
      return ctx.drop(packet, {
        decision: say.sourceStationSendBridge(bytes, src),
        source: 'br_handle_frame (is_valid_ether_addr)',
        port,
        layer: 'L2',
        reads: ['eth.src'],
      });
    }
    if (
      bytes[0] === 0x01 &&
      bytes[1] === 0x80 &&
      bytes[2] === 0xc2 &&
      bytes[3] === 0 &&
      bytes[4] === 0 &&
      (bytes[5] & 0xf0) === 0
    ) {
      return ctx.deliver(packet, {
        decision: say.ieeeLinkLocalGroup(dst),
        source: 'br_handle_frame (is_link_local_ether_addr)',
        port,
        layer: 'L2',
        reads: ['eth.dst'],
      });
    }
    const ing = classifyIngress(inP.vlan, eth, this.cfg.vlanFiltering);
    if (!ing.ok) {
      // br_allowed_ingress frees the skb itself (kfree_skb): no statistic moves.
      return ctx.drop(packet, {
        decision: say.vlanIngressFilter(ing.why),
        source: 'br_allowed_ingress',
        port,
        layer: 'L2',
        reads: eth.tags.length ? ['vlan[0].vid'] : ['eth.type'],
      });
    }
    const vid = ing.vid;
    if (inP.flags.learning) this.learn(src, vid, inP, packet, ctx);
    // A VLAN-unaware bridge classifies nothing (vid 0); ACLs then match the C-tag's own VID.
    const cTag = eth.tags[0]?.tpid === 0x8100 ? eth.tags[0].vid : 0;
    const e = new Egress(this, inP, packet, bytes, vid, ing.tagged, this.cfg.vlanFiltering ? vid : cTag, ctx);
    if (isMulticastMac(bytes, 0)) {
      const kind = isBroadcastMac(bytes, 0) ? 'broadcast' : 'multicast';
      // local_rcv: br_flood hands the ports clones (deliver_clone), the frame then goes up br0.
      const up = this.local?.wants(kind, dst, vid, this.cfg.vlanFiltering) ? ctx.clone(packet) : undefined;
      flood(e, kind, `${dst} is ${kind}`, up !== undefined);
      if (up) this.local!.passUp(ctx, up, kind, port);
      return;
    }
    if (this.local?.wants('unicast', dst, vid, this.cfg.vlanFiltering))
      return this.local.passUp(ctx, packet, 'unicast', port);
    const hit = this.fdb.lookup(dst, vid, ctx);
    if (hit.port === undefined) {
      const why = hit.expired
        ? say.fdbEntryAgedOut(dst, hit.expired.port)
        : say.fdbUnknownUnicast(dst, this.vlanText(vid));
      return flood(e, 'unicast', why);
    }
    forwardKnown(e, this.table.get(hit.port)!, dst);
  }

  private learn(src: string, vid: number, inP: PortRuntime, packet: Packet, ctx: DeviceContext): void {
    const learned = this.fdb.learn(src, vid, inP.name, ctx);
    if (learned.result !== 'new' && learned.result !== 'moved') return;
    ctx.note(
      'decide',
      {
        decision:
          learned.result === 'new'
            ? say.learnNewFdbEntry(src, inP.name, this.vlanText(vid))
            : say.learnMovedFdbEntry(src, learned.from, inP.name, this.vlanText(vid)),
        source: 'br_fdb_update',
        port: inP.phys,
        layer: 'L2',
        reads: ['eth.src'],
        detail: { fdb: { mac: src, vid, port: inP.name } },
      },
      packet,
    );
  }

  linkChanged(port: string, up: boolean, ctx: DeviceContext): void {
    if (up) {
      this.down.delete(port);
      ctx.set(`link/${port}`, undefined);
      return;
    }
    this.down.add(port);
    ctx.set(`link/${port}`, 'down');
    let n = 0;
    for (const p of this.table.all()) if (p.phys === port) n += this.fdb.flushPort(p.name, ctx);
    ctx.note('state', {
      decision: say.lostLinkBridgeStops(n, port),
      source: 'br_port_carrier_check / br_fdb_delete_by_port',
      port,
      layer: 'L1',
    });
  }

  vlanText(vid: number): string {
    return this.cfg.vlanFiltering ? ` in VLAN ${vid}` : '';
  }

  channelState(sp: SchannelPort): unknown {
    return {
      chnCap: sp.cfg.chnCap,
      pool: [sp.cfg.poolLow, sp.cfg.poolHigh],
      channels: [...sp.bySvid].map(([svid, scid]) => ({ scid, svid, port: vportName(sp.phys, svid) })),
    };
  }

  // ----- The policy API: what commands (and other devices built on this bridge, such as
  // a VDP bridge that turns an associated VSI into port policy) call. Each records a step.

  /** `bridge link set dev <port> hairpin on` and friends. */
  setPortFlags(port: string, change: Partial<PortFlags>, ctx: DeviceContext): boolean {
    const p = this.table.get(port);
    if (!p) return this.noPort(port, ctx);
    const next = { ...p.flags, ...change };
    const diff = flagChanges(p.flags, next);
    p.flags = next;
    this.table.publish(p, ctx);
    ctx.note('state', {
      decision: say.portBridgeLinkSet(diff, port),
      source: 'br_setport (IFLA_BRPORT_*)',
      port: p.phys,
      layer: 'control',
      detail: { port, flags: next },
    });
    return true;
  }

  /** Insert a rule (at `position`, default the end); a rule with the same id is replaced. */
  addAclRule(port: string, rule: AclRule, ctx: DeviceContext, position?: number): boolean {
    const p = this.table.get(port);
    if (!p) return this.noPort(port, ctx);
    const rules = p.policy.rules.filter((r) => r.id !== rule.id);
    rules.splice(position ?? rules.length, 0, rule);
    return this.setPolicy(port, { ...p.policy, rules }, ctx, `rule "${rule.id}" added`);
  }

  removeAclRule(port: string, id: string, ctx: DeviceContext): boolean {
    const p = this.table.get(port);
    if (!p) return this.noPort(port, ctx);
    return this.setPolicy(
      port,
      { ...p.policy, rules: p.policy.rules.filter((r) => r.id !== id) },
      ctx,
      `rule "${id}" removed`,
    );
  }

  /** Replace a port's whole policy (rules and default action). */
  setPolicy(port: string, policy: PortPolicy, ctx: DeviceContext, what = 'policy replaced'): boolean {
    const p = this.table.get(port);
    if (!p) return this.noPort(port, ctx);
    p.policy = policy;
    this.table.publish(p, ctx);
    ctx.note('state', {
      decision: say.portRuleDefault(port, what, policy.rules.length, policy.defaultAction),
      source: 'switch port ACL (nftables bridge family forward chain)',
      port: p.phys,
      layer: 'control',
      detail: { port, policy },
    });
    return true;
  }

  policyOf(port: string): PortPolicy {
    return this.table.get(port)?.policy ?? EMPTY_POLICY;
  }

  private noPort(port: string, ctx: DeviceContext): false {
    ctx.note('state', {
      decision: `No port "${port}" on ${this.id} (ports: ${this.table
        .all()
        .map((p) => p.name)
        .join(', ')}): nothing changed.`,
      source: 'bridge command',
      layer: 'control',
    });
    return false;
  }
}

export { DEFAULT_FLAGS, evaluatePolicy };

const isZeroMac = (b: Uint8Array, o: number): boolean =>
  (b[o] | b[o + 1] | b[o + 2] | b[o + 3] | b[o + 4] | b[o + 5]) === 0;
