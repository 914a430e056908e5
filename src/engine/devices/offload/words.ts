// What the offload devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import { isBroadcastMac, formatMac, isMulticastMac } from '../../frame/address';
import { outName, type Out } from './eswitch';
import type { FunctionConfig } from './config';

// eswitch.ts

export const spoofCheckMaySend = (port: string, mac: string, src: string): string =>
  `Spoof check: ${port} may only send from ${mac}, the MAC the host set, but this frame's source is ${src}.`;

export const hostPutVlanVst = (port: string, vlan: number): string =>
  `The host put ${port} in VLAN ${vlan} (VST): frames the guest tags itself are dropped.`;

export const sourcePruned = (src: string, pruned: string[]): string =>
  ` Not to ${pruned.join(', ')}: its MAC ${src} sent this frame, and VEPA mode turns on Rx source address pruning, ` +
  `so the copy the adjacent switch reflected does not come back to its sender.`;

export const legacyEswitchHostCpu = (
  multi: boolean,
  dst: Uint8Array<ArrayBufferLike>,
  vid: number,
  outs: Out[],
  hwmode: string,
): string =>
  `Legacy eswitch (${hwmode}): ` +
  (multi
    ? `${isBroadcastMac(dst) ? 'broadcast' : 'multicast'} in VLAN ${vid}: the NIC replicates it itself`
    : `unicast ${formatMac(dst)} in VLAN ${vid}: matched in the NIC's MAC table`) +
  ` → ${outs.map(outName).join(', ') || 'nowhere'}. The host CPU makes no copy.`;

export const functionPfUplinkTakes = (dst: string, vid: number): string =>
  `No function, no PF and no uplink takes ${dst} in VLAN ${vid}: the eswitch drops it.`;

export const switchdevEswitchOffloadedRule = (inName: string, dst: string, vid: number, rule: string): string =>
  `Switchdev eswitch: an offloaded rule matches (in ${inName}, dst ${dst}, VLAN ${vid}) → ${rule}, ` +
  `entirely in hardware; the representors never see it.`;

export const switchdevEswitchOffloadedRule2 = (
  known: string | undefined,
  dst: Uint8Array<ArrayBufferLike>,
  outs: Out[],
  rep: string,
  src: string,
  uplink: string,
): string =>
  `Switchdev eswitch: no offloaded rule, so the frame goes up representor ${rep} to the host's ` +
  `software switch, which learns ${src} on ${rep} and ` +
  (known !== undefined
    ? `knows ${formatMac(dst)} behind rep_${known}`
    : isMulticastMac(dst)
      ? 'floods the broadcast'
      : `floods the unknown ${formatMac(dst)}`) +
  `: ${outs.length} software cop${outs.length === 1 ? 'y, sent' : 'ies, each sent'} down a representor (` +
  `${outs.map((o) => `rep_${o.kind === 'uplink' ? uplink : outName(o)}`).join(', ')}).`;

export const softwareSwitchNowhereSend = (): string => `The software switch has nowhere to send it.`;

export const pfOwnStackHost = (): string =>
  `The PF's own stack on the host receives it (one host receive, no replication work).`;

export const uplinkOutPhysicalPort = (
  o: { kind: 'fn'; fn: FunctionConfig } | { kind: 'uplink' },
  port: string,
  how: string,
): string =>
  o.kind === 'uplink'
    ? `Out of the physical port ${port}${how === 'software' ? ' (sent down the uplink representor)' : ''}.`
    : `Into ${o.fn.kind.toUpperCase()} ${port}'s own receive queue by DMA` +
      (o.fn.vlan ? `, VLAN ${o.fn.vlan} tag removed` : '') +
      (how === 'software' ? `, after the host transmitted it on rep_${port}` : '') +
      `: the guest's driver takes it directly.`;

// layers.ts

export const nicDeviceStateEswitch = (): string => `the NIC's 'device state' is its eswitch table`;

// config.ts

/**
 * What `devlink port add pci/<pf> flavour pcisf pfnum 0 sfnum N` answers while the eswitch is
 * in legacy mode: mlx5_devlink_sf_port_new (drivers/net/ethernet/mellanox/mlx5/core/sf/devlink.c)
 * checks is_mdev_switchdev_mode() and sets this extack with NL_SET_ERR_MSG_MOD, which prefixes
 * KBUILD_MODNAME ("mlx5_core: "); the call returns -EOPNOTSUPP.
 */
export const sfNeedsSwitchdev = (): string =>
  'devlink port add … flavour pcisf: Error: mlx5_core: SF ports are only supported in eswitch switchdev mode. ' +
  '(-EOPNOTSUPP, Operation not supported)';

export const sfNeedsSwitchdevHint = (): string =>
  'a subfunction is an auxiliary device of the PF, created through devlink with its representor, not a PCI ' +
  'function: set "eswitch": "switchdev" (devlink dev eswitch set pci/<pf> mode switchdev) or make it a VF';
