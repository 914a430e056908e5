// Step sentences for commands.ts (see ../words.ts).
import type { MacvlanDev, MacvlanConfig } from '../types';
import type { MacvlanHost } from '../host';
import { formatMac } from '../../../frame/address';
import type { Args } from '../commands';
import { MAX_TAP_QUEUES } from '../config';

// commands.ts
export const unknownCommand = (name: string): string => `Unknown command ${name}.`;

export const commandOutcome = (init: boolean, what: string, done: string): string =>
  `${init ? 'At start: ' : ''}${what}: ${done}`;

export const refusedRtnetlinkAnswersNothing = (what: string, message: string): string =>
  `${what} is refused: RTNETLINK answers ${message}. Nothing changes.`;

export const ipLinkAddLink = (cfg: MacvlanConfig | undefined, a: Args, lowerName: string, n: string): string =>
  `ip link add link ${lowerName} name ${n} type ${cfg?.macvtap ? 'macvtap' : 'macvlan'} mode ` +
  `${String(a.mode ?? cfg?.mode ?? 'vepa')}`;

export const ipLinkSetMode = (n: string, mode: string): string => `ip link set ${n} type macvlan mode ${mode}`;

export const ipLinkSetBcqueuelen = (n: string, len: string): string =>
  `ip link set ${n} type macvlan bcqueuelen ${len}`;

export const ipLinkSetBclim = (n: string, limit: string): string => `ip link set ${n} type macvlan bclim ${limit}`;

export const vmmOpensDevTap = (n: string): string => `the VMM opens /dev/tap of ${n}`;

export const passthruNopromiscLowerDevice = (): string =>
  `passthru with nopromisc: the lower device's promiscuity is left alone`;

export const passthruGoesPromiscuousPromiscuity = (lowerName: string, promiscuity: number): string =>
  `passthru: ${lowerName} goes promiscuous (promiscuity ${promiscuity})`;

export const deviceResourceBusyEbusy = (): string => `Device or resource busy (-EBUSY, as 2.6.33 said it)`;

export const addressAlreadyUseEaddrinuse = (): string => `Address already in use (-EADDRINUSE)`;

export const nicL2ForwardingStation = (stationsUsed: number, l2fwdStations: number, mac: string, v: string): string =>
  `the NIC has an L2 forwarding station free (${stationsUsed} of ${l2fwdStations} used): it will ` +
  `steer ${mac} into ${v}'s own queue`;

export const addedUnicastFilterDev = (mac: string, lowerName: string): string =>
  `${mac} is added to ${lowerName}'s unicast filter (dev_uc_add)`;

export const goesIntoHashBucket = (how: string, v: string, bucket: number): string =>
  `${how}; ${v} goes into hash bucket ${bucket} (at the head of its chain).`;

export const leavesUnicastFilterDev = (mac: string, lowerName: string): string =>
  `${mac} leaves ${lowerName}'s unicast filter (dev_uc_del)`;

export const l2ForwardingStationReleased = (): string => `its L2 forwarding station is released (ndo_dfwd_del_station)`;

export const passthruPromiscuityDrops = (lowerName: string, promiscuity: number): string =>
  `passthru: ${lowerName}'s promiscuity drops to ${promiscuity}`;

export const leavesHashBucketUnicast = (how: string, v: string, bucket: number, lowerName: string): string =>
  `${how}; ${v} leaves hash bucket ${bucket}, so unicast to it now falls through to ${lowerName} ` +
  `and it gets no broadcast copies.`;

export const topologyPortHostAttach = (name: string): string =>
  `the topology has no port "${name}" on this host to attach it to`;

export const modeMissingIn2633 = (mode: 'passthru' | 'source'): string => `mode ${mode} does not exist in 2.6.33`;

export const macvlanDeviceCreatedPassthru = (): string =>
  `only 1 macvlan device can be created in passthru mode, and one already exists`;

export const passthruMacvlanMustFirst = (lowerName: string): string =>
  `a passthru macvlan must be the first and only one on ${lowerName}`;

export const existsDownModeMac = (
  mode: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source',
  h: MacvlanHost,
  v: MacvlanDev,
  name: string,
): string =>
  `${name} exists (down) in mode ${mode.toUpperCase()} with MAC ${formatMac(v.mac)}` +
  (mode === 'passthru' ? ` (inherited from ${h.lowerName})` : '') +
  `; bc_queue_len_used is now ${h.port.bcQueueLenUsed}` +
  (v.macvtap ? macvtapOpens(v.macvtap.queues, v.macvtap.era) : '') +
  `.`;

/** What the VMM's opens of /dev/tapN got at start; the 2.6.34 macvtap took one file per device. */
const macvtapOpens = (queues: number, era: 'current' | '3.13' | '2.6.34'): string =>
  era === '2.6.34' && queues > 1
    ? `; the VMM opened 1 queue, and its other ${queues - 1} open(s) got -EBUSY (2.6.34 macvtap_set_queue: one file per device)`
    : `; the VMM opened ${queues} queue(s)`;

export const goneBcQueueLen = (stopped: string, v: string, bcQueueLenUsed: number): string =>
  `${stopped}${v} is gone; bc_queue_len_used is now ${bcQueueLenUsed}.`;

export const passthroughModeSetCleared = (): string => `passthrough mode can't be set or cleared dynamically`;

export const modeSourceExist = (): string => `mode source does not exist in 2.6.33`;

export const switchesStaysSameHash = (
  old: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source',
  mode: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source',
  v: string,
): string =>
  `${v} switches from ${old.toUpperCase()} to ${mode.toUpperCase()}; it stays in the same hash ` +
  `bucket, only the masks it matches change` +
  (old === 'source' && mode !== 'source' ? ' (its source list is flushed)' : '') +
  `.`;

export const requestsPortUsesLargest = (v: string, bcqueuelen: number, bcQueueLenUsed: number): string =>
  `${v} requests ${bcqueuelen}; the port uses the largest request of all its macvlans: ` +
  `bc_queue_len_used = ${bcQueueLenUsed}.`;

export const portBcCutoffWhoever = (h: MacvlanHost, v: string): string =>
  `the port's bc_cutoff is now ${h.port.bcCutoff}, whoever set it before (last writer wins, unlike ` +
  `bcqueuelen)` +
  (h.cfg.mcastPath === 'queue-all'
    ? '; this host follows v5.x-6.3, which has no bc_cutoff, so nothing changes for its frames'
    : '') +
  `; asked through ${v}.`;

export const sourceMacListsExist = (v: string, mode: string): string =>
  `${v} is ${mode}; source MAC lists exist only in SOURCE mode`;

export const macaddrTakesExactlyMac = (op: 'add' | 'del'): string => `macaddr ${op} takes exactly one MAC`;

export const multicastListSyncedBoth = (g: string, v: string, lowerName: string): string =>
  `${g} is on ${v}'s multicast list, and synced to ${lowerName}'s, so both filters now pass it.`;

export const macvlanMacvtapDevTapN = (v: string): string => `${v} is a macvlan, not a macvtap: it has no /dev/tapN`;

export const deviceResourceBusyEbusy2 = (): string => `Device or resource busy (-EBUSY)`;

export const alreadyMaxTapQueues = (v: string, max = MAX_TAP_QUEUES): string =>
  `${v} already has ${max === MAX_TAP_QUEUES ? 'MAX_TAP_QUEUES' : 'MAX_MACVTAP_QUEUES'} = ${max} queues`;

export const queueRingTxQueue = (v: string, queuesLength: number, txqueuelen: number): string =>
  `${v} now has ${queuesLength} queue(s), each a ring of tx_queue_len = ${txqueuelen}.`;

export const framesGoOwnNetdev = (): string =>
  `: frames for it now go to its own netdev stack on the host (RX_HANDLER_PASS)`;

export const vmmReadsUpFrame = (burst: number, everyNs: number): string =>
  `the VMM reads up to ${burst} frame(s) per queue every ${everyNs} ns.`;

export const macvlanIffQueueMacvtap = (v: string): string =>
  `${v} is a macvlan (IFF_NO_QUEUE); only a macvtap's tx_queue_len sizes a ring here`;

export const ringHoldsMostFrames = (v: string, len: number): string =>
  `every ring of ${v} now holds at most ${len} frames.`;

// The first macvtap (v2.6.34 drivers/net/macvtap.c).
export const firstMacvtapOneFile = (v: string): string =>
  `${v} is a 2.6.34 macvtap, already attached to a file: macvtap_set_queue allows one per device`;

export const firstMacvtapOpened = (v: string): string =>
  `${v} now has its one queue (the file's sk_receive_queue), with no length limit.`;

export const firstMacvtapIgnoresTxqueuelen = (v: string, len: number): string =>
  `${v}'s tx_queue_len is now ${len}, but the 2.6.34 macvtap never reads it: its queue still has no limit.`;
