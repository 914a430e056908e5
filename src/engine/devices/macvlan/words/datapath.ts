// Step sentences for receive.ts, transmit.ts (see ../words.ts).
import type { MacvlanDev } from '../types';
import { formatMac, isBroadcastMac } from '../../../frame/address';
import type { FilterVerdict } from '../filters';

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
