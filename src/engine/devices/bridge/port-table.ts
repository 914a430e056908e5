// The bridge's ports as it switches them: real ports and the virtual ports of S-channels,
// each with its VLAN membership, flags and policy (all changeable at run time), and the
// state keys a view reads: port/<name> (flags, VLANs, channel) and acl/<name> (rules, hits).
import type { DeviceContext } from '../../sim/device';
import type { BridgePortConfig } from './config';
import { describeRule, EMPTY_POLICY, type PortPolicy } from './acl';
import type { PortFlags } from './ports';
import { vportName, type SchannelPort } from './schannel';

export interface PortRuntime {
  /** The bridge port name: a real port, or `<phys>.s<svid>` for an S-channel. */
  readonly name: string;
  /** The physical port frames leave by. */
  readonly phys: string;
  /** C-VLAN membership (an S-channel's virtual port has its physical port's). */
  readonly vlan: BridgePortConfig;
  flags: PortFlags;
  policy: PortPolicy;
  readonly channel?: { readonly svid: number; readonly scid: number };
  /** Its number in the table, in the order ports were added: what per-port arrays index. */
  readonly index: number;
  /** The step detail of a plain copy from this port to another, made once per pair, by the other's index (forward.ts). */
  plainDetail?: (Readonly<Record<string, unknown>> | undefined)[];
  /** The facts of a plain forward from this port to another, by the other's index (forward.ts). */
  plainForward?: unknown[];
  /** The facts of a known-unicast forward out of this port, one frozen object per VLAN text (forward.ts). */
  knownUnicast?: Map<string, unknown>;
}

export class PortTable {
  private readonly byName = new Map<string, PortRuntime>();
  private added = 0;
  /** Rule hits per `<port>/<rule id>`. */
  readonly hits = new Map<string, number>();

  add(port: Omit<PortRuntime, 'index'>): PortRuntime {
    const p = { ...port, index: this.added++ };
    this.byName.set(p.name, p);
    return p;
  }

  addChannel(phys: BridgePortConfig, sp: SchannelPort, svid: number, scid: number): PortRuntime {
    const s = sp.settingsFor(scid);
    return this.add({
      name: vportName(phys.name, svid),
      phys: phys.name,
      vlan: { ...phys, name: vportName(phys.name, svid) },
      flags: s.flags,
      policy: s.policy ?? EMPTY_POLICY,
      channel: { svid, scid },
    });
  }

  get(name: string): PortRuntime | undefined {
    return this.byName.get(name);
  }

  all(): PortRuntime[] {
    return [...this.byName.values()];
  }

  hit(ctx: DeviceContext, port: string, ruleId: string): void {
    const k = `${port}/${ruleId}`;
    this.hits.set(k, (this.hits.get(k) ?? 0) + 1);
    ctx.count(`acl ${k}`);
    this.publishAcl(this.byName.get(port)!, ctx);
  }

  publish(p: PortRuntime, ctx: DeviceContext): void {
    ctx.set(`port/${p.name}`, {
      mode: p.vlan.mode,
      pvid: p.vlan.pvid ?? null,
      vlans: p.vlan.vlans,
      ...p.flags,
      ...(p.channel && { channel: { phys: p.phys, ...p.channel } }),
    });
    this.publishAcl(p, ctx);
  }

  private publishAcl(p: PortRuntime, ctx: DeviceContext): void {
    const pol = p.policy;
    if (pol.rules.length === 0 && pol.defaultAction === 'allow') {
      ctx.set(`acl/${p.name}`, undefined);
      return;
    }
    ctx.set(`acl/${p.name}`, {
      default: pol.defaultAction,
      rules: pol.rules.map((r) => ({
        id: r.id,
        text: describeRule(p.name, r),
        hits: this.hits.get(`${p.name}/${r.id}`) ?? 0,
      })),
    });
  }
}
