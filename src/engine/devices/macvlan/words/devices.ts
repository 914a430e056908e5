// Step sentences for filters.ts, hash.ts, host.ts, layers.ts, macvtap.ts, port.ts (see ../words.ts).

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
  where = 'the ring',
): string =>
  `The guest's VMM reads frame ${i} of ${takeLength} from ${v} queue ${qi} (reads up to ${burst} ` +
  `every ${everyNs} ns); ${ringLength} left in ${where}.`;

export const firstMacvtapNoFile = (v: string): string =>
  `No process has ${v}'s tap device open, and the first macvtap (2.6.34) has nowhere else to put ` +
  `the frame: macvtap_forward finds no queue and returns -ENOLINK. Neither the guest nor the ` +
  `host's stack gets it.`;

export const firstMacvtapQueued = (v: string, len: number): string =>
  `Into ${v}'s receive queue (2.6.34 macvtap_forward: skb_queue_tail, no length check); it now ` +
  `holds ${len} frame${len === 1 ? '' : 's'}. Nothing refuses a frame: the queue grows for as long ` +
  `as frames arrive faster than the guest's VMM reads them.`;

export const vmmClosedQueueFrames = (v: string, qi: number): string =>
  `The VMM closed ${v} queue ${qi}: frames still in its ring are freed.`;

export const txQueueLenShrank = (v: string, len: number, i: number): string =>
  `${v}'s tx_queue_len shrank to ${len}: queue ${i} is resized and frames beyond the new size are ` + `dropped.`;

// port.ts
export const lowerDeviceOwnMac = (): string => `it is the lower device's own MAC`;

// macvtap of v2.6.35-3.13 (era "3.13"): vlan->receive = macvtap_receive → macvtap_forward.
export const oldMacvtapNoFile = (v: string, rx_errors: number): string =>
  `No process has ${v}'s tap device open: macvtap_forward (v3.13) finds no queue and drops the ` +
  `frame (NET_RX_DROP). macvlan counts that as rx_errors (now ${rx_errors}), not rx_packets; ` +
  `unlike today's kernel, the frame does not go to ${v}'s own stack.`;

export const oldMacvtapQueueFull = (v: string, qi: number, len: number, cap: number, rx_errors: number): string =>
  `${v} queue ${qi} is full (${len} of ${cap} = tx_queue_len): macvtap_forward (v3.13) drops the ` +
  `frame and returns NET_RX_DROP, so macvlan counts rx_errors (now ${rx_errors}) and not ` +
  `rx_packets: before v3.14 only queued frames were counted as received.`;

export const oldMacvtapQueued = (v: string, qi: number, how: string, len: number, cap: number): string =>
  `Into ${v}'s queue ${qi} (${how}; v3.13 skb_queue_tail onto the file's sk_receive_queue); it holds ` +
  `${len} of ${cap}. macvtap_forward returned NET_RX_SUCCESS, so macvlan counts the frame received ` +
  `now, after the queueing, not before it as today.`;

export const readCountsAgain = (v: string, bytes: number): string =>
  ` Before v3.14 the read counts the frame on ${v} a second time (macvtap_put_user: ` +
  `macvlan_count_rx, ${bytes} bytes): rx_packets grows by two for every frame the guest reads.`;
