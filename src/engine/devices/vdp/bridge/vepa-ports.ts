// The switch's data plane is the VEPA lab's bridge (src/engine/devices/bridge), held by
// composition as its policy API suggests: every station-facing port starts with policy
// "deny unless associated" (default deny); an ASSOCIATED VSI adds, on its port, the VSI
// type's ACL rules for its MAC/VLAN and an allow rule in each direction; a de-associate
// removes them. VLAN membership is the bridge's own VLAN filtering (trunk ports carrying
// the VSI types' VLANs). So the bridge forwards, learns, floods and polices; the VDP side
// only programs it.
import type { DeviceContext, Packet } from '../../../sim/device';
import { Reader } from '../../../scenario/read';
import { IssueList } from '../../../scenario/issues';
import { Bridge } from '../../bridge/bridge';
import { readBridgeConfig } from '../../bridge/config';
import type { AclRule } from '../../bridge/acl';
import type { SwitchConfig, VsiTypePolicy } from '../config';
import * as say from './words';

const PROTO_OF_ETHERTYPE: Record<number, string> = { 0x0800: 'ipv4', 0x0806: 'arp', 0x86dd: 'ipv6' };

/** Rule ids for one VSI on one port (the bridge caps ids at 32 characters). */
const idOf = (mac: string, what: string): string => `vsi-${mac.replace(/:/g, '')}-${what}`;

export class VepaPorts {
  readonly bridge: Bridge;
  private readonly installed = new Map<string, string[]>();

  /** `channels`: the S-channel ports of per-channel ports (schannel-front.ts), bridge ports like the rest. */
  constructor(id: string, cfg: SwitchConfig, channels: readonly { name: string; hairpin: boolean }[] = []) {
    const vlans = [...new Set(cfg.types.flatMap((t) => t.vlans).filter((v) => v >= 1 && v <= 4094))].sort(
      (a, b) => a - b,
    );
    const trunk = (name: string, deny: boolean, hairpin = false) => ({
      name,
      mode: 'trunk',
      ...(hairpin && { hairpin: true }),
      ...(vlans.length ? { vlans } : { pvid: 1 }),
      ...(deny && { policy: { default: 'deny', rules: [] } }),
    });
    const issues = new IssueList();
    const bc = readBridgeConfig(
      new Reader(
        issues,
        {
          ports: [
            ...cfg.ports.map((p) => trunk(p.name, true, p.hairpin)),
            ...channels.map((c) => trunk(c.name, true, c.hairpin)),
            trunk(cfg.network, false),
          ],
          vlanFiltering: true,
        },
        `$.nodes[${id}].bridge`,
      ),
      issues,
    );
    if (!bc) throw new Error(say.vdpSwitchInternalBridge(issues, id));
    this.bridge = new Bridge(id, bc);
  }

  start(ctx: DeviceContext): void {
    this.bridge.start(ctx);
  }

  /** Program the port for an associated VSI: the type's ACL for this MAC/VLAN, then allow in and out. */
  allow(ctx: DeviceContext, port: string, mac: string, vlan: number, type: VsiTypePolicy): void {
    this.revoke(ctx, port, mac);
    const rules: AclRule[] = [];
    type.acl.forEach((r, i) => {
      const proto =
        r.udpDstPort !== undefined ? 'udp' : r.ethertype !== undefined ? PROTO_OF_ETHERTYPE[r.ethertype] : undefined;
      if (!proto) return; // an EtherType the bridge ACL cannot match: the VSI filter checks it
      rules.push({
        id: idOf(mac, `acl${i}`),
        dir: 'in',
        scope: 'all',
        match: { srcMac: mac, vlan, proto, ...(r.udpDstPort !== undefined && { dstPort: r.udpDstPort }) },
        action: r.action === 'deny' ? 'deny' : 'allow',
      });
    });
    rules.push({ id: idOf(mac, 'in'), dir: 'in', scope: 'all', match: { srcMac: mac, vlan }, action: 'allow' });
    rules.push({ id: idOf(mac, 'out'), dir: 'out', scope: 'all', match: { dstMac: mac, vlan }, action: 'allow' });
    for (const r of rules) this.bridge.addAclRule(port, r, ctx);
    this.installed.set(
      `${port}|${mac}`,
      rules.map((r) => r.id),
    );
  }

  revoke(ctx: DeviceContext, port: string, mac: string): void {
    const ids = this.installed.get(`${port}|${mac}`);
    if (!ids) return;
    this.installed.delete(`${port}|${mac}`);
    for (const id of ids) this.bridge.removeAclRule(port, id, ctx);
  }

  /** Hand a data frame to the bridge: VLAN filtering, learning, forwarding, the port ACLs. */
  forward(port: string, packet: Packet, ctx: DeviceContext): void {
    this.bridge.receive(port, packet, ctx);
  }
}
