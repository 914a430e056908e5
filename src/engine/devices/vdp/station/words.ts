// What the VDP station code says in its steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import { modeName22, type GuestSpec } from '../guest';
import { PORT_REQUEST_NAMES, hex2, VDP22_ERRORS, STATUS } from '../codec/constants';
import { type VmOp, type PortProfileBackend, POLL_TRIES } from './libvirt';
import type { PortStatus } from './getlink';
import type { Effect } from '../runner';
import type { GuestState } from './station';
import type { Vdp22Vsi } from '../codec/vdp22-tlv';
import { formatMac } from '../../../frame/address';

// enic.ts

export const enicPreassociateHandlerEopnotsupp = (): string => `enic has no PREASSOCIATE handler: -EOPNOTSUPP`;

export const deleteMacVnicDev = (): string => `delete the MAC, vnic_dev_deinit`;

export const enicDisassociateHandlerDeinit = (): string => `enic DISASSOCIATE handler: deinit started`;

export const iflaPortProfileEnic = (): string =>
  `no IFLA_PORT_PROFILE: enic_set_port_profile needs a profile name: -EINVAL`;

export const provisionProfileTLVsName = (same: boolean): string =>
  (same ? 'previous PREASSOCIATE_RR was identical, so no DISASSOCIATE first; ' : 'DISASSOCIATE first, then ') +
  `provision the profile TLVs (name, client MAC, instance and host UUID), ` +
  `vnic_dev_enable2(active=1), register the MAC`;

export const enicAssociateHandlerProvisioning = (): string =>
  `enic ASSOCIATE handler: provisioning and activation started`;

export const provisionProfileTLVsVnic = (): string => `provision the profile TLVs, vnic_dev_enable2(active=0): standby`;

export const enicPreassociateRrHandler = (): string => `enic PREASSOCIATE_RR handler: provisioning in standby started`;

export const enicDriverNicFirmware = (what: string): string => `enic driver → NIC firmware: ${what}.`;

export const nicFirmwareSwitchPort = (profile: string, g: string, op: number): string =>
  `NIC firmware → switch: port profile "${profile}" for ${g} (op ${op}). STAND-IN frame: the real ` +
  `Cisco VIC protocol is not public; the host's software never sees it.`;

export const standVicFrameFirmware = (): string => `Stand-in VIC frame the firmware does not expect.`;

export const nicFirmwareSwitchAnswered = (
  v: { op: number; status: number; mac: Uint8Array; uuid: Uint8Array; profile: string },
  response: string,
): string =>
  `NIC firmware: the switch answered ${v.status === 0 ? 'OK' : `error ${v.status}`}: ` +
  `vnic_dev_enable2_done / deinit_done now reports 0x${response} to the driver.`;

// libvirt.ts

// lldpad02.ts

export const knownProfileModeResponse = (vdp02ModeNames: string): string =>
  `known profile: mode ${vdp02ModeNames}, response := 255, localChange`;

export const deassocUnknownProfileStored = (): string =>
  `DEASSOC of an unknown profile: stored with response 0 and nothing is sent (O9)`;

export const profileBridgeAnswerWithin = (guest: string): string =>
  `Profile of ${guest}: no bridge answer within 3 s: deleted silently; the next libvirt poll finds ` +
  `no matching port.`;

export const profileBridgeDeAssociated = (guest: string): string =>
  `Profile of ${guest}: the bridge de-associated it: lldpad sleeps 1 s ("Delay message ` +
  `notification") inside the frame handler; for that second it handles nothing, not even the ECP ` +
  `ACK of this frame. Then it notifies libvirt, deletes the profile and sends the ACK.`;

export const profileDeletedAfterNotify = (guest: string): string =>
  `lldpad deletes the profile of ${guest} after the notification (vdp_remove_profile); the ECP ACK ` +
  `of the bridge's frame leaves next, 1 s late.`;

export const knownProfileSameModeAfterSuccess = (mode: string): string =>
  `known profile, same mode ${mode} after a success: nothing changes and nothing is sent (W17)`;

export const newProfileRunsIn1ms = (mode: string): string =>
  `new profile, mode ${mode}; its state machine runs 1 ms later (VDP_LOCALCHANGE_TIMEOUT)`;

export const vdpTlvRejected = (reason: string): string => `VDP 0.2 TLV rejected: ${reason}.`;

export const vdpTlvUnknownProfile = (instance: string): string =>
  `VDP 0.2 TLV for unknown profile ${instance}: ignored.`;

export const bridgeDeassocWhilePre = (): string =>
  `Bridge DEASSOC while pre-associating: ignored ("ignore dis-associate request in ` + `pre-association").`;

export const vdpStationBridgeTlv = (
  vdp02ModeNames: string,
  response: number,
  vdp02Responses: string,
  guest: string,
): string =>
  `VDP 0.2 at the station: bridge TLV mode ${vdp02ModeNames}, response ${response} (` +
  `${vdp02Responses}) for ${guest}.`;

// lldpad22.ts

// station.ts

export const startsWithoutVirtualportElement = (g: string): string =>
  `${g} starts WITHOUT a <virtualport> element: libvirt sends no port-profile request, so the ` +
  `switch never hears of this VSI.`;

export const migrationConfirmPhaseStopped = (g: string, id: string): string =>
  `Migration confirm phase: ${g} is stopped on ${id}, its macvtap deleted, so libvirt ` +
  `disassociates its port profile here.`;

export const vdptoolClifAnswer = (
  args: readonly string[],
  a: { status: number; name: string; text: string },
  why: string,
): string =>
  `vdptool -T -V assoc ${args.map((x) => `-c ${x}`).join(' ')}: lldpad answers status ${a.status} (${a.name}), ` +
  `vdptool prints "${a.status === 0 ? a.text : `FAILED:${a.text}`}": ${why}.`;

export const vdptoolNoFilter = (): string =>
  `no filter argument, so vdptool's ops carry 0 filter fields and set_arg_vsi2 returns -EINVAL itself, ` +
  `not a cmd_status: the reply's status byte is its low byte, 0xea`;

export const vdptoolBadArg = (key: string, why: string): string =>
  `lldpad cannot read ${key} (${why}): vdp_str2vdpnl returns -EINVAL`;

export const vdptoolBridgeRole = (): string =>
  `the interface runs VDP22 in the bridge role: ifok (vdp22_info: -EOPNOTSUPP) answers before any request is made`;

export const vdptoolIncomplete = (missing: readonly string[]): string =>
  `${missing.join(', ')} not given (lldpad only logs "Incomplete arguments" and goes on with zeros); `;

export const ecpFrameNoLldpad = (how: string): string =>
  `ECP frame, but lldpad is ${how === 'crashed' ? 'dead (killed)' : 'not running'}: no process has a packet socket ` +
  `for the ECP EtherType, so the kernel drops it`;

export const ecpRefuseNeedsVdp22 = (): string => `ecp-refuse needs a VDP-2012 station with lldpad`;

export const ecpRefuseArmed = (errno: string, count: number): string =>
  `Failure injection: the next ${count} payload(s) VDP hands to ECP are refused with -${errno}.`;

export const vdptoolNeedsVdpStation = (): string => `vdptool needs a VDP-2012 station`;

export const vdptoolLldpadAnswers = (
  mode: number,
  hints: 0 | 16 | 32,
  args: Record<string, unknown>,
  g: string,
  errno: number,
  why: string,
): string =>
  `vdptool -T -V ` +
  (['', 'preassoc', 'preassoc-rr', 'assoc', 'deassoc'][mode] ?? mode) +
  (hints ? ` (hints ${args.hints === 'to' ? 'M, migrate to' : 'S, migrate from'})` : '') +
  ` for ${g}: lldpad answers ${errno}: ${why}.`;

export const managementToolSendsIfla = (request: string, g: string): string =>
  `A management tool sends IFLA_PORT_REQUEST ${request} for ${g} directly.`;

export const libvirtReSentAssociate = (g: string, msg: string): string =>
  msg.includes('failed')
    ? `libvirt's re-sent ASSOCIATE for ${g} ${msg.replace(/^sent with setlink_only and /, '')}; ${g} keeps running.`
    : `libvirt re-sent ASSOCIATE for ${g} with setlink_only: it does not poll, so it never learns ` +
      `whether the switch accepted; ${g} keeps running.`;

export const libvirtPortProfileAssociated = (ok: boolean, g: GuestSpec, msg: string): string =>
  ok
    ? `libvirt: port profile of ${g.name} associated: QEMU starts with the macvtap fd; ${g.name} is running.`
    : `libvirt: ${msg}: ${g.name} is not started.`;

export const libvirtDestinationPreAssociated = (ok: boolean, g: GuestSpec, msg: string): string =>
  ok
    ? `libvirt (destination): ${g.name} is pre-associated; memory copy can proceed.`
    : `libvirt (destination): pre-associate failed: ${msg}.`;

export const libvirtDisassociate = (g: string, msg: string): string => `libvirt: disassociate of ${g}: ${msg}.`;

export const lldpadLibvirtRtmSetlink = (s: GuestState | undefined, g: GuestSpec): string =>
  `lldpad → libvirt: RTM_SETLINK with IFLA_VF_MAC ${formatMac(g.mac)} and IFLA_PORT_REQUEST 3 ` +
  `(DISASSOCIATE).` +
  (s === 'running'
    ? ' libvirt: "Re-send 802.1qbg associate request" (setlink_only, no polling).'
    : ` ${g.name} is not running: nothing to re-send.`);

export const cannotSend = (g: string, get: GuestState | undefined): string => `${g} is ${get}: it cannot send.`;

export const sendsUdpDatagramPort = (g: GuestSpec, ip: string, dstPort: number, to?: string): string =>
  `${g.name} sends a UDP datagram to ${to ? `${to} (${ip})` : ip} port ${dstPort}${g.vlan ? ` on VLAN ${g.vlan}` : ''}; ` +
  `macvtap in VEPA mode sends every frame to the adjacent switch.`;

export const malformedFrame = (message: string): string => `Malformed frame: ${message}`;

export const ecpFrameHostRuns = (): string =>
  `ECP-2012 frame, but this host runs no VDP-2012 (lldpad 0.2 mode or enic firmware).`;

export const ecpFrameHostRuns2 = (): string => `ECP 0.2 frame, but this host runs VDP-2012.`;

export const frameDeliveredThroughMacvtap = (dst: string, g: string): string =>
  `Frame for ${dst}: delivered to ${g} through its macvtap.`;

export const runningGuestMac = (dst: string, id: string): string => `No running guest with MAC ${dst} on ${id}.`;

// libvirt.ts

export const iflaVfinfoListIfla2 = (g: GuestSpec, req: number): string =>
  `IFLA_VFINFO_LIST{IFLA_VF_MAC ` +
  [...g.mac].map((x) => x.toString(16).padStart(2, '0')).join(':') +
  `, IFLA_VF_VLAN ${g.vlan}}, IFLA_VF_PORTS{IFLA_VF_PORT{IFLA_PORT_VSI_TYPE{mgr ${g.managerId}, ` +
  `type 0x${g.typeId.toString(16)}, v${g.typeVersion}}, IFLA_PORT_INSTANCE_UUID ${g.uuid}, ` +
  `IFLA_PORT_REQUEST ${req} (${PORT_REQUEST_NAMES[req]})}}`;

export const iflaPortSelfIfla2 = (profile: string, uuid: string, req: number): string =>
  `IFLA_PORT_SELF{IFLA_PORT_PROFILE "${profile}", IFLA_PORT_INSTANCE_UUID ${uuid}, ` +
  `IFLA_PORT_HOST_UUID, IFLA_PORT_REQUEST ${req} (${PORT_REQUEST_NAMES[req]})}`;

export const libvirtVmOpSendsRtm2 = (op: VmOp, target: string, attrs: string): string =>
  `libvirt (vmOp ${op}) sends RTM_SETLINK to ${target}: ${attrs}.`;

export const repliesNlmsgError2 = (b: PortProfileBackend, errno: number, why: string): string =>
  `${b.kind === '802.1Qbg' ? 'lldpad' : 'the kernel'} replies NLMSG_ERROR ${errno}: ${why}.`;

export const errorDuringVirtualPort2 = (errno: number): string =>
  `error during virtual port configuration (errno ${errno})`;

export const lldpadPidFileMissing = (): string =>
  `lldpad is not running and its pid file is gone (a clean exit unlinks /var/run/lldpad.pid): ` +
  `"Error opening file /var/run/lldpad.pid: No such file or directory", pid 0, nothing is sent`;

export const lldpadNoSocket = (): string =>
  `lldpad was killed and its pid file still names it: the kernel finds no netlink socket with that port id ` +
  `(netlink_getsockbyportid: -ECONNREFUSED): "cannot send to netlink socket: Connection refused"`;

export const libvirtCannotReachLldpad = (op: string, req: string, why: string, sent: boolean): string =>
  (sent
    ? `The kernel cannot deliver libvirt's RTM_SETLINK ${req} (vmOp ${op}): ${why}. `
    : `libvirt (vmOp ${op}) looks up lldpad to send RTM_SETLINK ${req}: ${why}. `) +
  `virNetDevVPortProfileOpCommon reports "sending of PortProfileRequest failed." and does not poll.`;

export const sendingPortProfileRequestFailed = (): string => `sending of PortProfileRequest failed.`;

export const sentSetlinkLibvirtPoll2 = (): string => `sent with setlink_only: libvirt does not poll for the result`;

export const setlinkOnlyIgnored = (err: string): string =>
  `sent with setlink_only and failed (${err}): the callback ignores the result (ignore_value)`;

export const libvirtPollsOverStill = (): string =>
  `libvirt: ${POLL_TRIES} polls over 10 s and still in progress: "port-profile setlink timed out" (rc -2).`;

export const portProfileSetlinkTimed2 = (): string => `port-profile setlink timed out`;

export const libvirtPollIflaVf2 = (n: number, uuid: string, entries: number): string =>
  `libvirt poll ${n}: IFLA_VF_PORTS holds ${entries} IFLA_VF_PORT${entries === 1 ? '' : 's'}, none with instance ` +
  `${uuid}: "Could not find netlink response with expected parameters".`;

export const libvirtPollNestMissing = (n: number, absent: string, kernel: boolean): string =>
  `libvirt poll ${n}: ` +
  (kernel
    ? 'enic_get_vf_port has no profile (-ENODATA), so rtnl_port_self_fill cancels IFLA_PORT_SELF'
    : 'lldpad lists no VSI on the interface and libnl drops the empty IFLA_VF_PORTS nest') +
  `: "${absent}".`;

/** The reply's attributes as lldpad (vdpnl_getlink) or the kernel (rtnl_port_self_fill) build them. */
export const getlinkReplyAttrs = (kind: string, s: PortStatus): string => {
  if (kind === '802.1Qbh')
    return s.listed
      ? `ifinfomsg, IFLA_PORT_SELF{IFLA_PORT_RESPONSE 0x${(s.response ?? 0).toString(16)}}`
      : 'ifinfomsg (no IFLA_PORT_SELF)';
  const ports = s.ports ?? [];
  if (ports.length === 0) return 'NLMSG_DONE: ifinfomsg (IFLA_VF_PORTS dropped: empty nest)';
  return (
    'NLMSG_DONE: ifinfomsg, IFLA_VF_PORTS{' +
    ports
      .map(
        (p) =>
          `IFLA_VF_PORT{IFLA_PORT_INSTANCE_UUID ${p.uuid}, IFLA_PORT_VF ${p.vf}` +
          (p.response !== undefined ? `, IFLA_PORT_RESPONSE ${p.response}` : '') +
          '}',
      )
      .join(', ') +
    '}'
  );
};

export const couldFindNetlinkResponse2 = (): string => `Could not find netlink response with expected parameters`;

export const libvirtPollProgress = (missing: boolean, last: boolean, n: number): string =>
  `libvirt poll ${n}: ` +
  (missing ? 'no IFLA_PORT_RESPONSE yet' : 'PORT_PROFILE_RESPONSE_INPROGRESS') +
  `: in progress, ` +
  (last ? 'the last of its 80 passes: it sleeps 125 ms once more and gives up' : 'poll again in 125 ms') +
  `.`;

export const libvirtPollDriverReports2 = (n: number): string =>
  `libvirt poll ${n}: the driver reports no IFLA_PORT_RESPONSE: an error for 802.1Qbh.`;

export const portProfileResponseDriver2 = (): string => `no port-profile response from the driver`;

export const libvirtPollIflaPort2 = (ok: boolean, req: number, s: PortStatus, n: number): string =>
  `libvirt poll ${n}: IFLA_PORT_RESPONSE = 0x${s.response!.toString(16)}` +
  (s.stale
    ? ` (left by the VSI's previous exchange: the switch has not answered this ${PORT_REQUEST_NAMES[req]} yet, ` +
      `and lldpad does not reset the status on a new command)`
    : '') +
  `: ` +
  (ok ? `success; ${PORT_REQUEST_NAMES[req]} is done` : `"error ${s.response} during port-profile setlink"`) +
  `.`;

export const errorDuringPortProfile2 = (response: number | undefined): string =>
  `error ${response} during port-profile setlink`;

// lldpad22.ts

export const evbTlvTransmitEnabled2 = (): string => `EVB TLV transmit is not enabled (evbon false): -EPROTONOSUPPORT`;

export const vdpDisabledEnxio = (): string =>
  `the EVB 0.2 exchange did not enable VDP on this port (vdpbit_on 0): "has VDP disabled", -ENXIO`;

const ECP_ERRNO: Record<number, string> = {
  [-12]: '-ENOMEM (no payload node or copy)',
  [-7]: '-E2BIG (payload of ECP22_MAXPAYLOAD_LEN = 1494 octets or more)',
  [-19]: '-ENODEV (no ECP22 instance on the interface)',
};

export const ecpRefusedPayload = (errno: number, mode: string, g: string): string =>
  `ECP refuses the ${mode} payload for ${g}: ecp22_req2send returns ${ECP_ERRNO[errno] ?? errno}. ` +
  `vdp22st_process stores it in txmit_error and starts no ack timer; nothing goes on the wire.`;

export const txmitErrorSet = (errno: number): string => `txmit_error = ${errno}`;

export const bridgeRoleEopnotsupp2 = (): string =>
  `lldpad runs VDP22 in the bridge role on this interface (evbmode bridge): -EOPNOTSUPP`;

export const uuidZeroEinval2 = (): string =>
  `the VSI ID's first 8 octets are zero: check_vsiid refuses it (is_zeroes on sizeof(pointer) = 8 octets): -EINVAL`;

export const modeOutsideEinval2 = (mode: number): string => `mode ${mode} is outside 1..4: -EINVAL`;

export const deassocVsiLldpadKnow2 = (): string => `DEASSOC for a VSI lldpad does not know: -EINVAL, nothing is sent`;

export const newVsiModeBegin2 = (mode: string): string => `new VSI, mode ${mode}: BEGIN → INIT → STATION_PROC`;

export const vsiKeyEndedFlagged2 = (): string =>
  `the VSI with this key has ended and is flagged DELETE_ME: -ENODEV until lldpad restarts ` + `(vdp22_modvsi)`;

export const vsiStillBusyEbusy2 = (runner: string): string => `the VSI is still BUSY (${runner}): -EBUSY`;

export const numericallyLowerCurrentEinval2 = (mode: string, vsiMode: string): string =>
  `${mode} is numerically lower than the current ${vsiMode}: -EINVAL (vdp22_addreq table)`;

/** `asker`: "netlink ASSOCIATE" (libvirt's request) or "vdptool ASSOC" (the clif path names VDP modes). */
export const netlinkVsiModeLocalchg2 = (asker: string, mode: string): string => `${asker} → vsi_mode ${mode}, localchg`;

export const knownVsiVsiMode2 = (mode: string): string => `known VSI: vsi_mode := ${mode}, localchg, BUSY | NLCMD`;

export const netlinkRequestCreatedNew2 = (g: string, uuid: string): string =>
  `netlink request created a new VSI for ${g} (UUID ${uuid})`;

export const lldpadBuildsManagerId2 = (
  managerId: number,
  mode: string,
  mode2: number,
  typeId: string,
  typeVersion: number,
  uuid: string,
  vlan: number,
  why: string,
): string =>
  `lldpad builds Manager-ID TLV (manager ${managerId}) + ${mode} TLV (type ${mode2}, type ID 0x` +
  `${typeId} v${typeVersion}, UUID ${uuid}, MAC/VID ${vlan}) for ${why}, and queues it at ECP.`;

export const vsiEndedFlaggedDelete2 = (e: Effect, status: number, notify: boolean, guest: string): string =>
  `VSI of ${guest} ended: ` +
  (e.params.acktimeout
    ? 'respWaitDelay expired with no response (status stays 255, so GETLINK shows no IFLA_PORT_RESPONSE)'
    : `status ${status === 255 ? 'none' : hex2(status)}`) +
  `. Flagged DELETE_ME.` +
  (notify ? ' NOTIFY is set: lldpad sends an unsolicited RTM_SETLINK (request DISASSOCIATE) to libvirt.' : '');

export const vdpPayloadDropped2 = (reason: string): string => `VDP payload dropped: ${reason}.`;

export const vdpTlvWithoutAck2 = (status: string): string =>
  `VDP TLV without the ACK bit (status ${status}) and not a DEASSOC: not a response, dropped.`;

export const vdpResponseVsiLldpad2 = (mode: string, vsiid: string): string =>
  `VDP ${mode} response for a VSI lldpad does not know (UUID ${vsiid}): ignored.`;

export const unsolicitedDeassocAckBit2 = (): string => `unsolicited DEASSOC (no ACK bit)`;

export const responseStatus2 = (err: number, r: Vdp22Vsi): string =>
  `${modeName22(r.mode)} response, status ${hex2(r.status)} (` +
  (err ? (VDP22_ERRORS[err] ?? `error ${err}`) : 'success') +
  `${r.status & STATUS.KEEP ? ', KEEP' : ''}${r.status & STATUS.HARD ? ', HARD' : ''})`;

export const vdpStation = (ok: boolean, what: string, guest: string): string =>
  `VDP at the station: ${what} for ${guest}; ` +
  (ok ? 'filter data match' : 'filter data do NOT match (resp_ok false)') +
  `.`;

export const netlinkWaitsForLldpad = (msg: string): string =>
  `libvirt's ${msg} waits in lldpad's netlink socket: lldpad sleeps in vdp_trigger; libvirt blocks ` +
  `until the reply comes.`;
export const noVdp22Clif = (): string =>
  'no VDP22 on the interface yet (its LLDP agent has not ticked): vdp22_info finds none: -ENODEV';
