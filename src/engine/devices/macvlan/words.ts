// What the macvlan devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { MacvlanDev, MacvlanConfig } from './types';
import type { MacvlanHost } from './host';
import { formatMac, isBroadcastMac } from '../../frame/address';
import type { FanoutEntry } from './broadcast';
import type { Args } from './commands';
import { MAX_TAP_QUEUES } from './config';
import type { FilterVerdict } from './filters';

// broadcast.ts

export const queuedForWorker = (
  src: MacvlanDev | undefined,
  why: string,
  bcQueueLength: number,
  used: number,
): string =>
  `${why}, so a clone joins the port's broadcast queue for the worker (${bcQueueLength} of at most ` +
  `${used} = bc_queue_len_used), remembering src = ${src ? src.name : 'NULL'}.`;

export const broadcastQueueFull = (bcQueueLength: number, used: number, port: string, rx_dropped: number): string =>
  `The broadcast queue is full (${bcQueueLength} frames, bc_queue_len_used = ${used}): the clone ` +
  `for the macvlans is freed and ${port}'s rx_dropped becomes ${rx_dropped}. ${port}'s own stack ` +
  `still gets the frame.`;

export const frameComesExternalAddress = (): string => `the frame comes from an external address`;

export const senderVepaFloodEveryone = (src: string): string =>
  `the sender ${src} is VEPA: flood to everyone except the source`;

export const senderFloodVepaPorts = (src: string, mode: string): string =>
  `the sender ${src} is ${mode}: flood only to VEPA ports, bridge ports already saw the frame on ` + `the way out`;

export const broadcastWorkerRunsTakes = (listLength: number): string =>
  `The broadcast worker runs and takes all ${listLength} queued frame(s) at once ` + `(skb_queue_splice_tail_init).`;

export const macvlanEligibleQueuedCopy = (): string =>
  `No macvlan is eligible for this queued copy, so the worker frees it (consume_skb).`;

export const pauseFrameNeverReplicated = (): string => `An 802.3x PAUSE frame is never replicated to macvlans.`;

export const senderItselfOwnCopy = (): string => `the sender itself: its own copy is filtered (vlan->dev == src)`;

export const multicastFilterLacksJoined = (dst: string): string =>
  `its multicast filter lacks ${dst} (it has not joined the group)`;

export const downHashTableMacvlan = (v: string): string =>
  `${v} is down, so it is not in the hash table that macvlan_broadcast walks`;

/** How each fan-out announces itself. */
const TITLE = {
  worker: 'Fan-out by the broadcast worker',
  inline: 'Fan-out inline, without the queue',
  local: 'Local flood on transmit',
  old: 'Fan-out inline (2.6.33: no queue yet)',
} as const;

export const fanOut = (how: keyof typeof TITLE, maskWhy: string, fan: FanoutEntry[], names: string[]): string =>
  `${TITLE[how]}: ${maskWhy}. Walking the 256 buckets: ` +
  (fan.map((f) => `${f.name} ${f.eligible ? '✓' : '✗'}`).join(', ') || 'no macvlans') +
  `. Copies go to ${names.join(', ') || 'nobody'}.`;

export const localCopyBridgeDev = (
  local: boolean,
  v: MacvlanDev,
  kind: 'PACKET_BROADCAST' | 'PACKET_MULTICAST',
  len: number,
): string =>
  local
    ? `Local copy to ${v.name} (BRIDGE): __dev_forward_skb into ${v.name}, then netif_rx; it never touches the wire. ` +
      `${v.name} counts ${len + 14} rx bytes for this ${len}-byte frame: macvlan_broadcast counts skb->len + ETH_HLEN, ` +
      `and on the transmit path skb->len still includes the 14-byte Ethernet header, so it is counted twice.`
    : `Copy to ${v.name} (${v.mode.toUpperCase()}): skb->dev = ${v.name}, pkt_type ${kind}, netif_rx; ` +
      `${v.name} counts 1 rx packet, ${len} bytes, 1 multicast.`;

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

export const vmmOpensDevTap = (n: string): string => `the VMM opens /dev/tap of ${n} once more`;

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
  (v.macvtap ? `; the VMM opened ${v.macvtap.queues} queue(s)` : '') +
  `.`;

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

export const alreadyMaxTapQueues = (v: string): string => `${v} already has MAX_TAP_QUEUES = ${MAX_TAP_QUEUES} queues`;

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

// filters.ts

export const unicastFilterWentPromiscuous = (lowerName: string): string =>
  `${lowerName} has no unicast filter, so it went promiscuous when the first macvlan opened ` + `(correction W4)`;

export const promiscuousPassthruMacvlanWithout = (lowerName: string): string =>
  `${lowerName} is promiscuous (a passthru macvlan without nopromisc)`;

export const broadcastAddressAlwaysPort = (): string => `the broadcast address is always in the port filter`;

export const multicastListPortFilter = (g: string, lowerName: string): string =>
  `${g} is on ${lowerName}'s multicast list, so it is in the port filter`;

export const joinedPortFilter = (lowerName: string, g: string): string =>
  `no one on ${lowerName} joined ${g}, so it is not in the port filter`;

export const bothPortFiltersAll = (all: string): string => `both port filters are all ones: ${all}`;

export const bcCutoffBcFilter = (cutoff: number, all: string): string =>
  `bc_cutoff is ${cutoff}, so bc_filter is empty even though ${all}; mc_filter is all ones`;

export const broadcastBcFilterBc = (cutoff: number): string => `broadcast is in bc_filter (bc_cutoff ${cutoff} ≥ 0)`;

export const bcCutoffBclimBc = (cutoff: number): string =>
  `bc_cutoff is ${cutoff} (bclim -1): bc_filter is empty, so even broadcast skips the queue and is ` +
  `delivered inline`;

export const macvlansJoinedMoreBc = (n: number, g: string, cutoff: number): string =>
  `${n} macvlans joined ${g}, more than bc_cutoff ${cutoff}, so it is in bc_filter`;

export const macvlanJoinedMoreBc = (n: number, g: string, cutoff: number): string =>
  `${n} macvlan${n === 1 ? '' : 's'} joined ${g} (not more than bc_cutoff ${cutoff}): in mc_filter ` +
  `only, so it skips the queue`;

export const macvlanJoinedNeitherPort = (g: string): string =>
  `no macvlan joined ${g}, so it is in neither port filter`;

// hash.ts

export const bucketLastMacByte = (addr: string, b: number): string =>
  `bucket = last MAC byte 0x${addr} = ${b} (2.6.33-era vlan_hash[addr[5]])`;

export const bucketTopBitsMod = (
  era: 'prime64' | 'current',
  v: string,
  c: '0x61C8864680B583EB' | '0x9E37FFFFFFFC0001',
  b: number,
): string =>
  `bucket = top 8 bits of (0x${v} × ${c} mod 2^64) = ${b} (macvlan_eth_hash, hash_64 ` +
  `${era === 'current' ? 'v4.7+' : 'before v4.7'})`;

// host.ts

export const hostReadyLowerDevice = (
  id: string,
  lowerName: string,
  mac: string,
  devsSize: number,
  hash: string,
): string =>
  `Host ${id} is ready: lower device ${lowerName} (${mac}) with ${devsSize} macvlan device(s); ` +
  `hash table uses the ${hash} hash.`;

export const byteRuntShorterEthernet = (packetBytesLength: number, port: string): string =>
  `A ${packetBytesLength}-byte runt on ${port}: shorter than an Ethernet header, so it is ` +
  `discarded as a receive length error.`;

export const unicastFilterPromiscuousAccepts = (lowerName: string): string =>
  `${lowerName} has no unicast filter, so it is promiscuous and accepts every unicast`;

export const promiscuousPromiscuitySetPassthru = (lowerName: string, promiscuity: number): string =>
  `${lowerName} is promiscuous (promiscuity ${promiscuity}, set by a passthru macvlan)`;

export const l2ForwardingStation = (v: string): string => `it is ${v}'s L2 forwarding station`;

export const addedNicUnicastFilter = (v: string): string =>
  `${v} added it to the NIC's unicast filter when it opened (dev_uc_add)`;

export const unicastFilterOwnMac = (dst: string, lowerName: string): string =>
  `${dst} is not in ${lowerName}'s unicast filter (its own MAC plus the MAC of each open macvlan)`;

// layers.ts

export const macvlanHostDeviceState = (): string =>
  `the macvlan host's 'device state' and commands configure its devices`;

// macvtap.ts

export const processDevTapOpen = (v: string): string =>
  `No process has /dev/tap for ${v} open (0 queues): tap_handle_frame returns RX_HANDLER_PASS and ` +
  `${v}'s own netdev stack gets the frame on the host.`;

export const queueOpenTakesFrame = (): string => `one queue open: it takes every frame`;

export const queuesOpenFlowHash = (n: number, hash: string, qi: number): string =>
  `${n} queues open: flow hash 0x${hash} mod ${n} = ${qi} (the kernel uses skb_get_hash, seeded at ` +
  `boot; our hash is a deterministic stand-in, but one flow still always picks one queue)`;

export const queueFullTxQueue = (
  v: string,
  qi: number,
  ringLength: number,
  txqueuelen: number,
  rx_errors: number,
): string =>
  `${v} queue ${qi} is full (${ringLength} of ${txqueuelen} = tx_queue_len): ptr_ring_produce ` +
  `fails and the frame is dropped. It counts as rx_errors (reported as rx_dropped too, now ` +
  `${rx_errors}) while rx_packets already counted it.`;

export const intoTapQueueHolds = (v: string, qi: number, how: string, ringLength: number, txqueuelen: number): string =>
  `Into ${v}'s tap queue ${qi} (${how}); it now holds ${ringLength} of ${txqueuelen} frames until ` +
  `the guest's VMM reads it.`;

export const guestVmmReadsFrame = (
  i: number,
  takeLength: number,
  v: string,
  qi: number,
  burst: number,
  everyNs: number,
  ringLength: number,
): string =>
  `The guest's VMM reads frame ${i} of ${takeLength} from ${v} queue ${qi} (reads up to ${burst} ` +
  `every ${everyNs} ns); ${ringLength} left in the ring.`;

export const vmmClosedQueueFrames = (v: string, qi: number): string =>
  `The VMM closed ${v} queue ${qi}: frames still in its ring are freed.`;

export const txQueueLenShrank = (v: string, len: number, i: number): string =>
  `${v}'s tx_queue_len shrank to ${len}: queue ${i} is resized and frames beyond the new size are ` + `dropped.`;

// port.ts

export const lowerDeviceOwnMac = (): string => `it is the lower device's own MAC`;

// receive.ts

type Chain = readonly { name: string; mac: string; match: boolean }[];

/** A hash bucket's chain as the lookup walks it. */
const describeChain = (chain: Chain): string => {
  if (!chain.length) return 'the bucket is empty';
  return 'compare along the chain: ' + chain.map((c) => `${c.name} ${c.mac} ${c.match ? '= match' : '≠'}`).join(', ');
};

export const nicDropsFrameHardware = (why: string): string =>
  `The NIC drops the frame in hardware: ${why}. A macvlan that is down has removed its MAC with ` + `dev_uc_del.`;

export const nicMatchesOffloadStation = (dst: string, station: string, port: string): string =>
  `The NIC matches ${dst} to ${station}'s offload station and puts the frame straight into ` +
  `${station}'s own receive queue: no software hash lookup, macvlan_handle_frame never runs, and ` +
  `tcpdump on ${port} does not see it.`;

export const nicAcceptsTcpdumpSees = (why: string, port: string): string =>
  `The NIC accepts it (${why}). tcpdump on ${port} sees the frame now: packet taps (ptype_all) run ` +
  `in __netif_receive_skb_core before the rx_handler, so they see even frames macvlan then steals.`;

export const frameReEntersReceive = (port: string): string =>
  `The frame re-enters ${port}'s receive path through dev_forward_skb, so tcpdump on ${port} sees ` +
  `it as a received frame ("send to lowerdev first for its network taps").`;

export const destinationGroupBitSet = (dst: Uint8Array<ArrayBufferLike>): string =>
  `Destination ${formatMac(dst)} has the group bit set (` +
  `${isBroadcastMac(dst) ? 'broadcast' : 'multicast'}): macvlan_handle_frame takes the multicast ` +
  `branch.`;

export const srcLookup = (found: MacvlanDev | undefined, src: string, bucket: number, chain: Chain): string =>
  `Is the sender one of our macvlans? ${src} hashes to bucket ${bucket}; ${describeChain(chain)}` +
  (found
    ? ` → src = ${found.name} (${found.mode.toUpperCase()})`
    : ' → src = NULL: the frame comes from an external address') +
  `.`;

export const senderNeitherVepaNor = (found: string, mode: string, port: string): string =>
  `The sender ${found} is ${mode} (neither VEPA nor BRIDGE): "forward to original port". The frame ` +
  `goes back to ${found} only and is consumed, so no other macvlan and not ${port}'s own stack ` +
  `sees it. ${found} counts 1 rx packet but 0 bytes and 0 multicast: this path jumps to the count ` +
  `with len still 0 and multicast false (macvlan_count_rx(vlan, 0, ..., false)).`;

export const copiesMacvlans = (why: string): string => `No copies for the macvlans: ${why}.`;

export const rxHandlerPassFrame = (f: FilterVerdict): string =>
  `RX_HANDLER_PASS: ` +
  (f.path === 'queue' ? 'after queueing, ' : f.path === 'inline' ? 'after the inline copies, ' : '') +
  `the frame also goes up`;

export const passthruPortHashLookup = (target: MacvlanDev): string =>
  `Passthru port: no hash lookup; the first macvlan on the port's list, ${target?.name ?? '(none)'}` +
  `, takes every unicast frame.`;

export const dstLookup = (target: MacvlanDev | undefined, dst: string, bucket: number, chain: Chain): string =>
  `Unicast: look up the destination. ${dst} hashes to bucket ${bucket}; ${describeChain(chain)}` +
  (target ? ` → ${target.name}` : ' → no macvlan has this MAC') +
  `.`;

export const rxHandlerPassMacvlan = (): string => `RX_HANDLER_PASS: no macvlan matched`;

export const rxHandlerPassSource = (target: string): string =>
  `RX_HANDLER_PASS: ${target} is a SOURCE macvlan, which the destination path never delivers to`;

export const passthruMacvlanDownKfree = (target: string): string =>
  `${target} is the passthru macvlan but it is down: kfree_skb, RX_HANDLER_CONSUMED.`;

export const deliveredUnicast = (target: string, port: string): string =>
  `Delivered to ${target}: skb->dev = ${target}, pkt_type PACKET_HOST, RX_HANDLER_ANOTHER (the ` +
  `frame is processed again as received on ${target}; ${port}'s stack does not get it).`;

export const senderPrivateReflectedFrame = (found: string): string =>
  `2.6.33: the sender ${found} is PRIVATE, so its reflected frame goes to no macvlan at all (not ` +
  `even back to ${found}; that came with the 3.x "forward to original port").`;

export const caseFrameGoesUp = (): string => `In every case the frame then goes up`;

export const sourceListDownCopy = (src: string, vlan: string): string =>
  `${src} is on ${vlan}'s source list but ${vlan} is down: no copy.`;

export const sourceModeSenderSource = (own: boolean, src: string, vlan: string): string =>
  `SOURCE mode: the sender ${src} is on ${vlan}'s source list, so ${vlan} gets a clone` +
  (own ? ' (PACKET_HOST: the destination is its own MAC)' : '') +
  `.`;

export const sourceMacvlanListingNodst = (src: string, lowerName: string): string =>
  `A SOURCE macvlan listing ${src} has the nodst flag: after the source copies the frame is freed ` +
  `(kfree_skb, RX_HANDLER_CONSUMED); no destination lookup, and ${lowerName}'s stack never sees it.`;

export const ownStackReceives = (
  why: string,
  port: string,
  kind: 'PACKET_BROADCAST' | 'PACKET_MULTICAST' | 'PACKET_HOST',
): string => `${why}: ${port}'s own stack receives it as ${kind}.`;

export const packetOtherhostDestinationMac = (dst: string, port: string, handler: string): string =>
  `it is PACKET_OTHERHOST (the destination ${dst} is not ${port}'s MAC), which ${handler} discards ` +
  `without counting a drop on ${port}`;

export const noProtocolTakesFrame = (why: string, port: string, type: string, total: number): string =>
  `${why}: ${port}'s own stack gets the frame, but no protocol handler takes EtherType ${type} (only ` +
  `IPv4, ARP and IPv6 are registered) and no packet socket does: __netif_receive_skb_core frees it and ` +
  `counts it in ${port}'s rx_dropped (now ${total}).`;

export const noProtocolTakesUpper = (v: string, type: string, total: number): string =>
  `${v} received the frame, but no protocol handler takes EtherType ${type} and no packet socket is ` +
  `open on ${v}: __netif_receive_skb_core frees it on the host and counts it in ${v}'s rx_dropped ` +
  `(now ${total}), after macvlan already counted it in rx_packets.`;

export const ownStackGetsFrame = (why: string, port: string, reason: string): string =>
  `${why}: ${port}'s own stack gets the frame, but ${reason}.`;

// transmit.ts

export const deviceAnyMoreDeleted = (port: string): string =>
  `There is no device ${port} any more (it was deleted), so nothing can transmit on it.`;

export const downDownInterfaceTransmits = (port: string): string =>
  `${port} is down: a down interface transmits nothing.`;

export const bridgeDestinationMulticastBroadcast = (port: string, dst: string): string =>
  `${port} is BRIDGE and the destination ${dst} is multicast/broadcast: first copy it to the other ` +
  `BRIDGE macvlans directly, then send it to the wire as well.`;

export const maskBridgeLocalDelivery = (port: string): string =>
  `mask BRIDGE (local delivery before it goes out); the sender ${port} itself is skipped`;

export const bridgeLookDestinationUp = (
  dest: MacvlanDev | undefined,
  port: string,
  dst: string,
  bucket: number,
): string =>
  `${port} is BRIDGE: look the destination up among the local macvlans. ${dst} hashes to bucket ` +
  `${bucket}; ` +
  (dest ? `found ${dest.name} (${dest.mode.toUpperCase()})` : 'no local macvlan has it') +
  `.`;

export const bridgeFrameGoesStraight = (dest: string, lowerName: string): string =>
  `2.6.33: ${dest} is BRIDGE too, so the frame goes straight into ${dest} through its forward ` +
  `hook; it never passes ${lowerName}, so tcpdump on ${lowerName} does not see it.`;

export const bridgeFrameHandedReceive = (dest: string, lowerName: string): string =>
  `${dest} is BRIDGE too: the frame is handed to ${lowerName}'s receive path with dev_forward_skb ` +
  `("send to lowerdev first for its network taps") and never reaches the wire.`;

export const bridgeFrameGoesOut = (dest: string, mode: string): string =>
  `${dest} is ${mode}, not BRIDGE, so the frame goes out`;

export const destinationLocalFrameGoes = (): string => `the destination is not local, so the frame goes out`;

export const localLookupAllFrame = (port: string, mode: string): string =>
  `${port} is ${mode}: no local lookup at all, every frame goes out`;

export const tcpdumpSeesFrameLeave = (lowerName: string, from: string): string =>
  `tcpdump on ${lowerName} sees ${from}'s frame leave (dev_queue_xmit_nit on the lower device).`;

export const skbDevDevQueue = (why: string, lowerName: string): string =>
  `${why}: skb->dev = ${lowerName}, dev_queue_xmit onto the wire.`;
