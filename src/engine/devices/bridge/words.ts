// What the bridge devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { AclRule } from './acl';
import { vportName, type SchannelPort } from './schannel';
import { isMulticastMac } from '../../frame/address';
import type { CdcpTlv, ChannelPair } from '../evb/cdcp-tlv';
import type { Assignment } from '../evb/cdcp';
import type { Egress } from './forward';

// acl.ts

export const describeRuleWords = (r: AclRule, port: string): string =>
  `${r.dir === 'both' ? 'in/out' : r.dir} on ${port}` + (r.scope === 'reflected' ? ', reflected frames only' : '');

export const describeRuleWords2 = (parts: (string | false | undefined)[], r: AclRule, where: string): string =>
  `rule "${r.id}" (${where}: ${parts.length ? parts.join(', ') : 'any frame'} → ${r.action}` +
  `${r.mirrorTo ? ` to ${r.mirrorTo}` : ''})`;

// bridge.ts

export const malformedFrameChannelPort = (port: string, arg: string): string =>
  `Malformed frame on S-channel port ${port}: ${arg}.`;

export const lldpFrameWithoutCdcp = (): string =>
  `LLDP frame without CDCP: consumed by the bridge's own LLDP agent, never forwarded (link-local ` + `group address).`;

export const tagSvidChannelChannels = (sp: SchannelPort, svid: number, port: string): string =>
  `S-tag SVID ${svid} is not an S-channel on ${port} (channels: ` +
  [...sp.bySvid].map(([v, s]) => `SCID ${s}=SVID ${v}`).join(', ') +
  `): dropped.`;

export const channelScidFrameSwitched = (
  d: { kind: 'data'; svid: number; tagged: boolean; bytes: Uint8Array },
  port: string,
  scid: number,
  vp: string,
): string =>
  (d.tagged ? `S-tag SVID ${d.svid}` : 'Untagged (PVID 1)') +
  ` on ${port} = S-channel SCID ${scid}: the frame is switched as if it arrived on virtual port ` +
  `${vp}${d.tagged ? ' (S-tag removed)' : ''}.`;

export const malformedFrame = (arg: string): string => `Malformed frame: ${arg}.`;

export const sourceStationSendBridge = (bytes: Uint8Array, src: string): string =>
  `Source ${src} is ` +
  (isMulticastMac(bytes, 6) ? 'a multicast address' : 'all zeros') +
  `: no station can send from it, so the bridge drops the frame.`;

export const ieeeLinkLocalGroup = (dst: string): string =>
  `${dst} is an IEEE 802.1 link-local group address: the bridge keeps the frame for its own ` +
  `protocols and never forwards it.`;

export const vlanIngressFilter = (why: string): string => `VLAN ingress filter: ${why}.`;

export const fdbEntryAgedOut = (dst: string, port: string): string =>
  `${dst}'s FDB entry (on ${port}) has aged out, so it is unknown unicast`;

export const fdbUnknownUnicast = (dst: string, vlanText: string): string =>
  `${dst} is not in the FDB${vlanText} (unknown unicast)`;

export const learnNewFdbEntry = (src: string, inP: string, vlanText: string): string =>
  `Learn: ${src} is on ${inP}${vlanText} (new FDB entry).`;

export const learnMovedFdbEntry = (src: string, from: string | undefined, inP: string, vlanText: string): string =>
  `Learn: ${src} moved from ${from} to ${inP}${vlanText}; the FDB entry follows it.`;

export const lostLinkBridgeStops = (n: number, port: string): string =>
  `${port} lost its link: the bridge stops forwarding there and forgets the ${n} FDB entr` +
  `${n === 1 ? 'y' : 'ies'} learned on it.`;

export const portBridgeLinkSet = (diff: string[], port: string): string =>
  diff.length
    ? `Port ${port}: ${diff.join(', ')} (bridge link set dev ${port} ${diff.join(' ')}).`
    : `Port ${port}: flags unchanged.`;

export const portRuleDefault = (port: string, what: string, rulesLength: number, defaultAction: string): string =>
  `Port ${port}: ${what}; now ${rulesLength} rule(s), default ${defaultAction}.`;

// cdcp-agent.ts

export const cdcpTlvRoleStation = (): string =>
  `CDCP TLV with role B from the station side: two bridges facing each other; ignored.`;

export const cdcpRequestCdcpDisabled = (phys: string): string =>
  `CDCP request on ${phys}, but CDCP is disabled here (UAPSchCdcpAdminEnable = disable): only the ` +
  `configured channels exist.`;

export const cdcpRequestStationChnCap = (tlv: CdcpTlv, added: ChannelPair[], sp: SchannelPort, a: string): string =>
  `CDCP request from the station (ChnCap ${tlv.chnCap}, SCIDs ` +
  `${tlv.pairs.map((p) => p.scid).join(', ')}): ${a}. ` +
  (added.length ? `New virtual ports: ${added.map((c) => vportName(sp.phys, c.svid)).join(', ')}.` : 'No new channel.');

export const cdcpAnswerRoleChnCap = (a: Assignment): string =>
  `CDCP answer (role B, ChnCap ${a.answer.chnCap}): ` +
  a.channels.map((c) => `SCID ${c.scid}->SVID ${c.svid}`).join(', ') +
  `.`;

// forward.ts

export const ingressPortHairpinOff = (out: string): string => `${out} is the ingress port and hairpin is off`;

export const leavingChannelScidTag = (scid: number, svid: number): string =>
  ` Leaving by S-channel SCID ${scid}: the S-tag SVID ${svid} goes back on.`;

export const knownForward = (arg: string, out: string, vlan: string, allowed: string, channel: string): string =>
  `${arg} is known on ${out}${vlan}: forward there only${allowed}.${channel}`;

export const ruleDecidedDefaultDeny = (defaultOf: string): string => `no rule decided; ${defaultOf}'s default is deny`;

export const mirrorCopiesFrameSpan = (why: string, to: string): string =>
  `Mirror: ${why} copies the frame to ${to} (a SPAN copy; the frame itself goes on).`;

export const portFrameCameAlready = (dst: string, out: string): string =>
  `${dst} is on ${out}, the port the frame came in on: it is already on that segment, and a bridge ` +
  `never sends a frame back out its ingress port. No hairpin: reflective relay is off on ${out}. ` +
  `br_forward frees it silently (kfree_skb): no interface counter moves; only this trace shows the drop.`;

export const forwardKnownWords = (dst: string, out: string, no: string): string =>
  `${dst} is on ${out}, but ${no}. br_forward frees it silently: no interface counter moves.`;

export const policyFrameSentOut = (v: string, dst: string, out: string): string =>
  `Policy: ${v}: the frame for ${dst} is not sent out ${out}.`;

export const knownPortCameHairpin = (dst: string, out: string, vlan: string, allowed: string, out2: string): string =>
  `${dst} is known on ${out}${vlan}, the port it came in on; hairpin (reflective relay) is on ` +
  `there, so the bridge sends it back out ${out}${allowed}.${out2}`;

export const floodOtherPortUp = (vlanText: string, e: Egress, why: string, also: string): string =>
  `${why}; flood, but no other port is up${vlanText ? ` and a member of VLAN ${e.vid}` : ''}: ` +
  `nowhere to send it; br_flood frees it silently, no interface counter moves.${also}`;

export const floodIncludingItselfBecause = (why: string, names: string, inP: string, vlanText: string): string =>
  `${why}: flood to ${names}, including ${inP} itself because hairpin (reflective relay) is on ` + `there${vlanText}.`;

export const floodOtherPortNever = (why: string, vlanText: string, names: string, inP: string): string =>
  `${why}: flood to every other port${vlanText} (${names}), never back out ${inP}.`;

export const copyGoesBackOut = (p: string): string =>
  ` This copy goes back out ${p}, where it came in: hairpin reflects it.`;

// layers.ts

export const bridgeDeviceStateScripted = (): string =>
  `a bridge's 'device state' and scripted commands are its port configuration`;

// schannel.ts

export const channelSettingsLikeCdcp = (): string =>
  `S-channel settings like {"cdcp": true, "chnCap": 4, "pool": [10, 20]}`;

export const perScidSettingsLike = (): string => `per-SCID settings like {"1": {"hairpin": true}}`;

// vlan.ts

export const bridgeVlanUnawareVlan = (): string => `the bridge is VLAN-unaware (vlan_filtering 0)`;

export const untaggedFrameTrunkNative = (port: string): string =>
  `untagged frame on trunk ${port}, which has no native VLAN (no PVID)`;

export const untaggedBelongsPortVlan = (port: string, pvid: number): string =>
  `untagged on ${port}: it belongs to the port's VLAN ${pvid} (PVID)`;

export const taggedVlanMemberVlan = (vid: number, port: string): string =>
  `tagged VLAN ${vid}, a member VLAN of ${port}`;

export const taggedVlanMemberVlan2 = (vid: number, port: string, port2: string): string =>
  `tagged VLAN ${vid}, but ${port} is not a member of VLAN ${vid} (it carries ${port2})`;

// local.ts

export const brPassFrameUp = (br: string, kind: string, len: number, frame: number): string =>
  `Local copy up ${br} itself (br_pass_frame_up): a ${kind} ` +
  (kind === 'unicast'
    ? `to ${br}'s own MAC is for the host, not forwarded. `
    : `always goes to the bridge device too. `) +
  `${br} counts 1 rx packet and ${len} bytes for this ${frame}-byte frame: the port's eth_type_trans ` +
  `already pulled the 14-byte Ethernet header` +
  (kind === 'multicast' ? `, and 1 multicast.` : `.`);

export const brHandlerTakes = (br: string, handler: string): string => `${handler} on ${br} takes it.`;

export const brNoHandler = (br: string, type: string, total: number): string =>
  `No protocol handler takes EtherType ${type} on ${br}: __netif_receive_skb_core frees it and counts ` +
  `${br}'s rx_dropped (now ${total}).`;

export const onlyLocalCopyLeft = (br: string): string => ` Only the local copy up ${br} remains.`;
