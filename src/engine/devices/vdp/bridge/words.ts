// What the VDP bridge code says in its steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { VsiTypePolicy } from '../config';
import { VIC_OP } from '../station/enic';
import { VDP02_RESPONSES, STATUS } from '../codec/constants';
import type { Vdp22Vsi } from '../codec/vdp22-tlv';
import type { IssueList } from '../../../scenario/issues';

// manager.ts

export const deAssociateAlwaysSucceeds = (): string => `a de-associate always succeeds: free the resources`;

export const vsiTypeVsiType = (typeId: string): string =>
  `VSI type 0x${typeId} is not in the VSI type database: other failure (4)`;

export const vsiTypeVersionRequest = (t: string, version: number, version2: number): string =>
  `VSI type ${t} has version ${version}, the request says ${version2}: other failure (4)`;

export const administratorWithdrewVsiInsufficient = (uuid: string): string =>
  `the administrator withdrew VSI ${uuid}: insufficient resources (2)`;

export const typeResourcesAvailablePolicy = (t: VsiTypePolicy): string =>
  `type ${t.name} v${t.version}: resources available; policy VLANs ${t.vlans.join(',') || 'any'}, ` +
  `${t.acl.length} ACL rule(s)`;

export const typeVsiManagerAnswer = (t: string): string =>
  `type ${t}: the VSI manager does not answer (failure injection, like lldpad debug type 199)`;

export const typeFailureInjectionAnswer = (t: VsiTypePolicy): string =>
  `type ${t.name}: failure injection: answer ${t.answer.toUpperCase()} with error ${t.error}` +
  `${t.hard ? ', HARD' : ''}`;

export const deAssociateFreeResources = (): string => `de-associate: free the resources`;

export const vsiTypeUnknownUnused = (typeId: string): string => `VSI type 0x${typeId} unknown: unused VTID (3)`;

export const vsiTypeVersionVtid = (t: string, version: number, version2: number): string =>
  `VSI type ${t} version ${version} ≠ ${version2}: VTID version violation (5)`;

export const typePolicyVLANsAcl = (t: VsiTypePolicy): string =>
  `type ${t.name}: policy VLANs ${t.vlans.join(',') || 'any'}, ${t.acl.length} ACL rule(s)`;

export const vsiPreAssociatedTraffic = (uuid: string, port: string): string =>
  `VSI ${uuid} is only pre-associated on ${port}: no traffic until ASSOCIATE`;

/** Why a VSI left the port when the switch answered a station request with DEASSOC. */
export const refusedWithDeassoc = (mode: string, status: number): string =>
  `the switch answered its ${mode} with DEASSOC, status 0x${status.toString(16).padStart(2, '0')}`;

export const guestVlanDeAssociated = (mac: string, vlan: number, port: string, gone: string): string =>
  `guest ${mac} VLAN ${vlan} was de-associated on ${port} (${gone}): its traffic is dropped`;

export const vsiAssociatedVlanTraffic = (mac: string, vlan: number, port: string): string =>
  `no VSI is associated for ${mac} VLAN ${vlan} on ${port}: traffic from an unassociated guest is dropped`;

export const aclVsiTypeDenies = (t: string, ethertype: string): string =>
  `ACL of VSI type ${t} denies EtherType 0x${ethertype}: dropped.`;

export const vlanAssociatedVsiType = (
  t: VsiTypePolicy,
  mac: string,
  vlan: number,
  port: string,
  uuid: string,
): string =>
  `${mac} VLAN ${vlan} is associated on ${port} (VSI ${uuid}, type ${t.name}): the switch port's ` +
  `VSI policy (VLAN ${t.vlans.join(',') || 'any'}, ${t.acl.length} ACL rule(s)) now decides.`;

// switch.ts

export const switchAdministratorWithdrawsVsi = (args: Record<string, unknown>, uuid: string): string =>
  `The switch administrator withdraws VSI ${uuid}` +
  (args.block === true ? ' and blocks it: new requests for it are refused (insufficient resources)' : '') +
  `.`;

export const portHoldsAssociatedVsi = (uuid: string): string =>
  `No port holds an associated VSI ${uuid} in a state that can be withdrawn.`;

export const vsiManagerTypeAnswers = (args: Record<string, unknown>, t: string): string =>
  `VSI manager: type ${t} now answers ${String(args.answer).toUpperCase()}` +
  (typeof args.error === 'number' ? ` with error ${args.error}` : '') +
  ` (failure injection).`;

export const malformedFrame = (message: string): string => `Malformed frame: ${message}`;

export const ecpFrameSwitchSpeaks = (port: string): string =>
  `ECP-2012 frame on ${port}, but this switch speaks VDP 0.2.`;

export const ecpFrameSwitchSpeaks2 = (port: string): string =>
  `ECP 0.2 frame on ${port}, but this switch speaks VDP-2012.`;

export const vicStandFrame = (): string => `Not a VIC stand-in frame.`;

export const portProfileRemovedNic = (): string => `port profile removed by the NIC firmware`;

export const switchPortNicFirmware = (
  v: { op: number; status: number; mac: Uint8Array; uuid: Uint8Array; profile: string },
  t: VsiTypePolicy | undefined,
  port: string,
  mac: string,
): string =>
  `Switch port ${port}: NIC firmware ` +
  (v.op === VIC_OP.DEINIT ? 'removes' : v.op === VIC_OP.ACTIVATE ? 'activates' : 'provisions (standby)') +
  ` port profile "${v.profile}" for ${mac}: ` +
  (t || v.op === VIC_OP.DEINIT
    ? `policy ${t?.name ?? ''} ${v.op === VIC_OP.DEINIT ? 'withdrawn' : 'applied'}`
    : 'no such port profile on the switch') +
  `.`;

export const switchNicFirmwareStand = (status: number): string =>
  `Switch → NIC firmware: ${status === 0 ? 'OK' : 'unknown profile'} (stand-in reply).`;

// vdp02-port.ts

export const vdpTlvRejected = (reason: string): string => `VDP 0.2 TLV rejected: ${reason}.`;

export const switchPortStationVsi = (port: string, vdp02ModeNames: string, uuid: string, why: string): string =>
  `Switch port ${port}: station ${vdp02ModeNames} for ${uuid}; VSI manager: ${why}.`;

export const lldpadBridgeStubTodo = (vdp02ModeNames: string): string =>
  `lldpad's 0.2 bridge is a stub ("TODO: txTLV(Assoc ACK)"): no ${vdp02ModeNames} answer is sent ` +
  `and no policy is installed. The station will time out after 3 s.`;

export const switchPortAnswersResponse = (port: string, vdp02ModeNames: string, response: number): string =>
  `Switch port ${port}: answers ${vdp02ModeNames} with response ${response} (` +
  `${VDP02_RESPONSES[response]}) in its own ECP request.`;

export const administratorWithdrewVsi = (): string => `the administrator withdrew the VSI`;

// vdp22-port.ts

// vepa-ports.ts

export const vdpSwitchInternalBridge = (issues: IssueList, id: string): string =>
  `vdp-switch ${id}: internal bridge config: ${issues.items.map((i) => i.message).join('; ')}`;

// vdp22-port.ts

export const switchPortVdpReply2 = (port: string, mode: string, mode2: number, status: string, why: string): string =>
  `Switch port ${port}: VDP reply ${mode} (type ${mode2}) status ${status}: ${why}.`;

export const vdpPayloadDropped2 = (reason: string): string => `VDP payload dropped: ${reason}.`;

export const bridgeAcceptsTLVsWithout2 = (): string =>
  `The bridge accepts only TLVs without the ACK bit (requests); this one is a response.`;

export const migrationHintPassedThrough2 = (r: Vdp22Vsi): string =>
  ` (migration hint ${r.status & STATUS.MIGTO ? 'M "migrate to"' : ''}` +
  (r.status & STATUS.MIGFROM ? ' S "migrate from"' : '') +
  `: passed through, ignored by the machines)`;

export const vdpSwitchPortStation2 = (
  port: string,
  mode: string,
  uuid: string,
  typeId: string,
  typeVersion: number,
  hint: string,
): string => `VDP at switch port ${port}: station ${mode} for VSI ${uuid}, type 0x${typeId} v${typeVersion}${hint}.`;

export const deassocVsiPortKnow2 = (): string =>
  `DEASSOC of a VSI this port does not know: ACK at once, no state machine`;

export const validationFailedInsufficientResources2 = (bad: string): string =>
  `validation failed (${bad}): insufficient resources`;

export const vsiManager2 = (why: string): string => `VSI manager: ${why}.`;

export const filterDataDifferKnown2 = (): string =>
  `Filter data differ from the known VSI: the TLV is dropped (lldpad also stops toutKeepAlive here, O10).`;

export const vsiManagerIfAsked2 = (why: string): string => `VSI manager (if asked): ${why}.`;

export const switchPortVsiType2 = (type: VsiTypePolicy, port: string, mac: string, vlan: number): string =>
  `Switch port ${port}: VSI type ${type.name}'s policy installed for ${mac} VLAN ${vlan}: member ` +
  `of VLAN ${type.vlans.join(',') || 'any'}, ${type.acl.length} ACL rule(s). Its traffic now passes.`;

export const switchPortResourcesVlan2 = (port: string, mac: string, vlan: number): string =>
  `Switch port ${port}: resources for ${mac} VLAN ${vlan} reserved (pre-associated); traffic still blocked.`;

export const administratorWithdrewVsi2 = (): string => `the administrator withdrew the VSI`;

// schannel-front.ts

export const sTagNoChannel = (svid: number, port: string): string =>
  `S-tag S-VID ${svid} on ${port} names no S-channel CDCP assigned: the S-component discards it.`;

export const channelNotServed = (scid: number, svid: number, port: string): string =>
  `S-VID ${svid} is SCID ${scid} on ${port}: assigned by CDCP, but this switch runs VDP and its ` +
  `VSI policy only on the default channel (SCID 1); the frame is not served.`;

export const channelStrip = (scid: number, svid: number, port: string, logical: string): string =>
  `S-VID ${svid} on ${port} is SCID ${scid}: the S-component removes the S-tag and hands the frame to ` +
  `that channel's own port ${logical}, with its own VDP, ECP and VSI policy.`;

export const channelTagged = (logical: string, port: string, scid: number, svid: number): string =>
  `Out of ${logical}: the S-component pushes S-tag ${svid} (SCID ${scid}) and sends the frame on ${port}.`;

export const channelWaits = (logical: string, port: string, scid: number): string =>
  `${logical}, the port of S-channel SCID ${scid} on ${port}, is down until CDCP gives SCID ${scid} an S-VID; ` +
  `it has its own VDP and ECP, and its own VSI policy.`;

export const channelGone = (logical: string, scid: number): string =>
  `${logical} has no S-VID: CDCP has not assigned SCID ${scid}, so nothing can leave on it.`;

export const defaultChannelStrip = (svid: number, port: string): string =>
  `S-VID ${svid} on ${port} is SCID 1, the default channel: the S-component removes the S-tag and ` +
  `hands the frame to the channel's VDP and VSI policy.`;

export const lldpWithoutStationCdcp = (port: string): string =>
  `LLDP on ${port} without a station's CDCP TLV: nothing for the S-component to assign.`;

export const cdcpAssigned = (port: string, cap: number, assignment: string): string =>
  `CDCP request on ${port} (station ChnCap ${cap}): ${assignment}.`;

export const cdcpAnswer = (port: string, pairs: string): string =>
  `${port} answers CDCP (role B): ${pairs}. The S-channels exist now; VDP runs inside one of them.`;
