// The VSI manager the switch consults (lldpad vdp22br_resources; the VSI type database of
// 802.1Qbg's "VSI manager"), and the port filter it programs: an associated VSI's MAC/VLAN
// gets its VSI type's policy (VLAN membership and ACL) on the switch port; traffic from
// a MAC/VLAN with no associated VSI is dropped. The order:
// a frame first passes this filter, which names the VDP reason for a drop (unassociated,
// de-associated, pre-associated), then the VEPA lab's bridge (vepa-ports.ts), programmed
// with the VSI type's ACL and VLAN membership, forwards or denies it.
import type { DeviceContext, Packet } from '../../../sim/device';
import { parseEthernet } from '../../../frame/ethernet';
import { formatMac } from '../../../frame/address';
import type { ResourceAnswer } from '../machines/vdp22-bridge.machine';
import type { SwitchConfig, VsiTypePolicy } from '../config';
import { VDP22 } from '../codec/constants';
import type { VepaPorts } from './vepa-ports';
import * as say from './words';

export interface Association {
  port: string;
  mac: string;
  vlan: number;
  uuid: string;
  type: VsiTypePolicy;
  /** 'pre' = pre-associated: resources reserved, nothing forwarded yet. */
  stage: 'pre' | 'assoc';
}

const SRC = 'IEEE 802.1Qbg-2012 clause 41 (VSI manager, VDP bridge); lldpad vdp22br_resources';

export class VsiManager {
  private readonly assoc = new Map<string, Association>();
  private readonly gone = new Map<string, string>();
  readonly blocked = new Set<string>();

  constructor(
    private readonly cfg: SwitchConfig,
    private readonly vepa: VepaPorts,
  ) {}

  typeOf(typeId: number): VsiTypePolicy | undefined {
    return this.cfg.types.find((t) => t.typeId === typeId);
  }

  /** What the VSI manager answers a 2012 request (the policy hooks; failure injection per type). */
  answer22(mode: number, typeId: number, version: number, uuid: string): { answer: ResourceAnswer; why: string } {
    if (mode === VDP22.DEASSOC) return { answer: { kind: 'DEASSOC', error: 0 }, why: say.deAssociateAlwaysSucceeds() };
    const t = this.typeOf(typeId);
    if (!t)
      return {
        answer: { kind: 'DEASSOC', error: 4 },
        why: say.vsiTypeVsiType(typeId.toString(16)),
      };
    if (t.version !== version)
      return {
        answer: { kind: 'DEASSOC', error: 4 },
        why: say.vsiTypeVersionRequest(t.name, t.version, version),
      };
    if (this.blocked.has(uuid))
      return {
        answer: { kind: 'DEASSOC', error: 2 },
        why: say.administratorWithdrewVsiInsufficient(uuid),
      };
    const kind = ({ success: 'SUCCESS', keep: 'KEEP', deassoc: 'DEASSOC', pending: 'PENDING' } as const)[t.answer];
    const why =
      t.answer === 'success'
        ? say.typeResourcesAvailablePolicy(t)
        : t.answer === 'pending'
          ? say.typeVsiManagerAnswer(t.name)
          : say.typeFailureInjectionAnswer(t);
    return { answer: { kind, error: t.error, hard: t.hard }, why };
  }

  /** VDP 0.2 response code for a request (0 success, 2 insufficient resources, 3 unused VTID, 5 VTID version violation). */
  answer02(mode: number, typeId: number, version: number, uuid: string): { response: number; why: string } {
    if (mode === 3) return { response: 0, why: say.deAssociateFreeResources() };
    const t = this.typeOf(typeId);
    if (!t) return { response: 3, why: say.vsiTypeUnknownUnused(typeId.toString(16)) };
    if (t.version !== version) return { response: 5, why: say.vsiTypeVersionVtid(t.name, t.version, version) };
    if (this.blocked.has(uuid) || t.answer !== 'success') return { response: 2, why: 'insufficient resources (2)' };
    return {
      response: 0,
      why: say.typePolicyVLANsAcl(t),
    };
  }

  private key = (port: string, mac: string, vlan: number): string => `${port}|${mac}|${vlan}`;

  /** Install (or refresh) an association; returns false when it was already there unchanged. */
  install(ctx: DeviceContext, a: Association): boolean {
    const k = this.key(a.port, a.mac, a.vlan);
    const old = this.assoc.get(k);
    if (old && old.uuid === a.uuid && old.stage === a.stage && old.type === a.type) return false;
    this.assoc.set(k, a);
    this.gone.delete(k);
    if (a.stage === 'assoc') this.vepa.allow(ctx, a.port, a.mac, a.vlan, a.type);
    else this.vepa.revoke(ctx, a.port, a.mac);
    ctx.set(`port/${a.port}/vsi/${a.mac}@${a.vlan}`, {
      uuid: a.uuid,
      type: a.type.name,
      stage: a.stage,
      vlans: a.type.vlans,
      acl: a.type.acl,
    });
    return true;
  }

  remove(ctx: DeviceContext, port: string, mac: string, vlan: number, why: string): void {
    const k = this.key(port, mac, vlan);
    if (this.assoc.delete(k)) {
      this.gone.set(k, why);
      this.vepa.revoke(ctx, port, mac);
    }
    ctx.set(`port/${port}/vsi/${mac}@${vlan}`, undefined);
  }

  findByUuid(uuid: string): Association | undefined {
    return [...this.assoc.values()].find((a) => a.uuid === uuid);
  }

  /** The VSI gate on a frame from a station-facing port: drop with the VDP reason, or hand it to the bridge. */
  filter(ctx: DeviceContext, port: string, packet: Packet): void {
    const eth = parseEthernet(packet.bytes);
    const mac = formatMac(eth.src);
    const vlan = eth.tags[0]?.vid ?? 0;
    const k = this.key(port, mac, vlan);
    const a = this.assoc.get(k);
    const reads = ['eth.src', ...(eth.tags.length ? ['vlan[0].vid'] : [])];
    if (!a || a.stage !== 'assoc') {
      const gone = this.gone.get(k);
      const reason = a
        ? say.vsiPreAssociatedTraffic(a.uuid, port)
        : gone
          ? say.guestVlanDeAssociated(mac, vlan, port, gone)
          : say.vsiAssociatedVlanTraffic(mac, vlan, port);
      ctx.count('vsi_drops');
      ctx.drop(packet, {
        decision: reason,
        source: SRC,
        port,
        reads,
        detail: { vsiFilter: a ? 'preassociated' : gone ? 'deassociated' : 'unassociated' },
      });
      return;
    }
    const t = a.type;
    // EtherType rules the bridge ACL cannot express (anything but IPv4/ARP/IPv6) are checked here.
    for (const r of t.acl) {
      if (r.ethertype === undefined || r.udpDstPort !== undefined || [0x0800, 0x0806, 0x86dd].includes(r.ethertype))
        continue;
      if (r.ethertype === eth.ethertype && r.action === 'deny') {
        ctx.drop(packet, {
          decision: say.aclVsiTypeDenies(t.name, r.ethertype.toString(16)),
          source: SRC,
          port,
          reads: [...reads, 'eth.type'],
        });
        return;
      }
    }
    ctx.note(
      'decide',
      {
        decision: say.vlanAssociatedVsiType(t, mac, vlan, port, a.uuid),
        source: SRC,
        port,
        reads,
      },
      packet,
    );
    this.vepa.forward(port, packet, ctx);
  }

  /** Frames from the network side go through the bridge; a station port's egress policy lets only associated MACs out. */
  toStation(ctx: DeviceContext, packet: Packet): void {
    this.vepa.forward(this.cfg.network, packet, ctx);
  }
}
