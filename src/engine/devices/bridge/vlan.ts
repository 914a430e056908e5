// 802.1Q VLAN membership at the bridge's edges: which VLAN a frame belongs to on
// ingress (br_allowed_ingress: the tag, else the port's PVID) and how it leaves each
// port (br_handle_vlan: untagged on access ports and a trunk's native VLAN, else tagged).
import { cTag, ETH_P, stripOuterTag, withTags, type EthernetHeader } from '../../frame/ethernet';
import type { BridgePortConfig } from './config';
import * as say from './words';

export type Ingress = { ok: true; vid: number; tagged: boolean; why: string } | { ok: false; why: string };

export function classifyIngress(port: BridgePortConfig, eth: EthernetHeader, filtering: boolean): Ingress {
  const outer = eth.tags[0];
  const cTagged = outer !== undefined && outer.tpid === ETH_P.VLAN;
  if (!filtering) return { ok: true, vid: 0, tagged: cTagged, why: say.bridgeVlanUnawareVlan() };
  if (!cTagged || outer.vid === 0) {
    if (port.pvid === undefined) return { ok: false, why: say.untaggedFrameTrunkNative(port.name) };
    return {
      ok: true,
      vid: port.pvid,
      tagged: false,
      why: say.untaggedBelongsPortVlan(port.name, port.pvid),
    };
  }
  const vid = outer.vid;
  if (carries(port, vid)) return { ok: true, vid, tagged: true, why: say.taggedVlanMemberVlan(vid, port.name) };
  return {
    ok: false,
    why: say.taggedVlanMemberVlan2(vid, port.name, describe(port)),
  };
}

export function carries(port: BridgePortConfig, vid: number): boolean {
  return port.pvid === vid || port.vlans.includes(vid);
}

export function describe(port: BridgePortConfig): string {
  if (port.mode === 'access') return `VLAN ${port.pvid} untagged`;
  const tagged = port.vlans.length ? `VLANs ${port.vlans.join(', ')} tagged` : 'no tagged VLAN';
  return port.pvid !== undefined ? `${tagged}, VLAN ${port.pvid} untagged` : tagged;
}

/** The bytes to send out of `port` for a frame of VLAN `vid`; reuses `bytes` when unchanged. */
export function egressBytes(
  port: BridgePortConfig,
  vid: number,
  bytes: Uint8Array,
  taggedIn: boolean,
  filtering: boolean,
): Uint8Array {
  if (!filtering) return bytes;
  const untagged = port.pvid === vid && !port.vlans.includes(vid);
  if (untagged) return taggedIn ? stripOuterTag(bytes) : bytes;
  return taggedIn ? bytes : withTags(bytes, [cTag(vid)]);
}
