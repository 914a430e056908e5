// What the host devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import { formatIp, formatMac, type IpAddress } from '../../frame/address';
import { ARP_REQUEST, type ArpPacket } from '../../frame/arp';
import type { Host } from './host';

// host.ts

export const malformedFrame = (why: string): string => `Malformed frame: ${why}.`;

export const multicastGroupHostJoined = (dst: string): string => `multicast ${dst} is not a group this host joined`;

export const destinationHostMac = (dst: string, mac: string): string =>
  `destination ${dst} is not this host's MAC ${mac}`;

export const nicFilterDiscardsFrame = (promiscuous: boolean, why: string): string =>
  `The NIC's filter discards the frame: ${why}` +
  (promiscuous
    ? ' (in promiscuous mode a packet socket sees it, but the stack marks it PACKET_OTHERHOST and drops it)'
    : '') +
  `.`;

export const protocolHandlerEtherTypeHost = (ethertype: string, port: string): string =>
  `No protocol handler for EtherType 0x${ethertype} on this host and no packet socket: the kernel frees ` +
  `the frame and counts it in ${port}'s rx_dropped.`;

export const taggedFrameVlanHost = (vid: number): string =>
  `Tagged frame for VLAN ${vid}, but this host has no VLAN ${vid} sub-interface: the stack drops it.`;

export const untaggedFrameHostInterface = (vid: number, want: number): string =>
  vid === undefined
    ? `Untagged frame, but this host's interface is on VLAN ${want} and expects tagged frames.`
    : `Frame tagged VLAN ${vid}, but this host listens on VLAN ${want}.`;

export const iPv4AddressAnnounce = (id: string): string => `${id} has no IPv4 address to announce.`;

export const announcesGratuitousArpRequest = (id: string, ip: string, mac: string): string =>
  `${id} announces ${ip} is at ${mac} with a gratuitous ARP (a request for its own address).`;

export const pingIPvAddressCannot = (key: string, id: string, version: number): string =>
  `ping ${key}: ${id} has no IPv${version} address, so it cannot send.`;

export const echoRequestWhat = (seq: number): string => `echo request seq ${seq}`;

/** The neighbour table's reason, led by the ping it is about. */
export const pingWhy = (key: string, seq: number, why: string): string => `ping ${key} seq ${seq}: ${why}`;

export const arpTellBroadcast = (key: string, src: string): string => `ARP who-has ${key} tell ${src} (broadcast)`;

export const neighbourSolicitationSolicitedNode = (key: string): string =>
  `neighbour solicitation for ${key} to its solicited-node group`;

export const knowMacAttempt = (
  id: string,
  key: string,
  what: string,
  attempt: number,
  arpRetries: number,
  queued?: string,
): string =>
  `${id} does not know ${key}'s MAC: ${what}, attempt ${attempt} of ${arpRetries}.` +
  (queued ? ` The ${queued} waits in the entry's queue (NUD_INCOMPLETE).` : '');

export const answerAfterProbesNeighbour = (key: string, attempt: number): string =>
  `No answer for ${key} after ${attempt} probes: the neighbour entry fails (NUD_FAILED) and ping reports ` +
  `"Destination Host Unreachable".`;

export const sendsIcmpEchoRequest = (why: string, id: string, pId: number, seq: number, key: string): string =>
  `${why} ${id} sends ICMP echo request id ${pId} seq ${seq} to ${key}.`;

export const udpNothingSent = (id: string, dst: IpAddress, key: string): string =>
  `udp to ${key}: no IPv${dst.version} address on ${id}; nothing is sent.`;

export const udpWhat = (dstPort: string): string => `UDP datagram to port ${dstPort}`;

export const udpGivenMac = (dstMac: string): string => `the scenario gives the destination MAC ${dstMac}.`;

export const sendsUdpDatagramBytes = (
  why: string,
  id: string,
  key: string,
  dstPort: string,
  payloadLength: number,
): string => `${upFirst(why)} ${id} sends a UDP datagram to ${key}:${dstPort} (${payloadLength} bytes of data).`;

const upFirst = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

export const withNeigh = (why: string, sentence: string): string => `${upFirst(why)} ${sentence}`;

// neigh.ts

export const neighHas = (key: string, state: string, mac: string): string =>
  `the neighbour table has ${key} at ${mac} (${state}).`;

export const neighStaleToDelay = (key: string, mac: string): string =>
  `the neighbour entry for ${key} (${mac}) is STALE: it is used at once and goes DELAY.`;

export const neighQueuedBehind = (key: string, what: string): string =>
  `${key} is still being resolved (NUD_INCOMPLETE): the ${what} joins the entry's queue.`;

export const resolvedQueued = (key: string, mac: string, what: string): string =>
  `${key} is now resolved to ${mac}: the queued ${what} goes out.`;

export const neighFreedOnFailure = (key: string, what: string): string =>
  `The entry for ${key} failed: neigh_invalidate frees the queued ${what} (reason NEIGH_FAILED).`;

export const neighQueueFull = (key: string, what: string, limit: number): string =>
  `The queue of the unresolved entry for ${key} would exceed unres_qlen_bytes (${limit}): the oldest packet, ` +
  `the ${what}, is freed (reason NEIGH_QUEUEFULL).`;

export const neighAdded = (key: string, mac: string): string =>
  `ip neigh add ${key} lladdr ${mac} nud permanent: a static entry, which no ARP or ND message can change.`;

export const neighAddExists = (key: string, state: string): string =>
  `ip neigh add ${key}: an entry already exists (${state}), so neigh_add refuses with EEXIST (use "replace").`;

// layers.ts

export const hostDeviceStateRecords = (): string =>
  `a host's 'device state' records are its addresses and neighbour entries`;

// receive.ts

export const malformedArp = (e: string): string => `Malformed ARP: ${e}.`;

export const arpHostArpProcess = (arp: ArpPacket, h: Host, tpa: string): string =>
  `ARP ${arp.op === ARP_REQUEST ? 'request' : 'reply'} for ${tpa} is not for this host` +
  `${h.cfg.ip ? ` (${formatIp(h.cfg.ip)})` : ''}: arp_process ignores it.`;

export const arpHostRecordsAnswers = (tpa: string, spa: string, sha: string, state: string): string =>
  `ARP who-has ${tpa}: that is this host. It records ${spa} at ${sha} (${state}) and answers.`;

export const arpRequestPermanentKept = (tpa: string, spa: string, sha: string): string =>
  `ARP who-has ${tpa}: that is this host. Its entry for ${spa} is PERMANENT, so the request's ${sha} ` +
  `changes nothing; it answers.`;

export const arpProbeAnswered = (tpa: string, sha: string): string =>
  `ARP probe for ${tpa} (sender address 0.0.0.0): that is this host; it answers ${sha} and records nothing.`;

export const arpUnsolicitedReply = (spa: string, sha: string): string =>
  `ARP reply: ${spa} is at ${sha}, but the host has no entry for ${spa} and arp_accept is off: ` +
  `an unsolicited reply creates none.`;

const arpWhat = (reply: boolean): string => (reply ? 'ARP reply' : 'ARP request');

export const arpPermanentKept = (reply: boolean, spa: string, sha: string): string =>
  `${arpWhat(reply)} says ${spa} is at ${sha}, but the entry for ${spa} is PERMANENT: no ARP message changes it.`;

export const arpLocktimeIgnored = (reply: boolean, spa: string, sha: string, sinceNs: number): string =>
  `${arpWhat(reply)} says ${spa} is at ${sha}, a different MAC, only ${(sinceNs / 1e6).toFixed(3)} ms after the ` +
  `entry last changed: within locktime (1 s) the first answer wins, so it is ignored.`;

export const arpRefreshes = (
  reply: boolean,
  spa: string,
  sha: string,
  had: string,
  now: string,
  garp: boolean,
): string =>
  `${garp ? 'Gratuitous ARP' : arpWhat(reply)}: ${spa} is at ${sha}; the entry the host has for ${spa} ` +
  (had === now ? `stays ${now}.` : `goes ${had} → ${now}.`);

export const arpReplySent = (tpa: string, mac: string, sha: string): string =>
  `ARP reply: ${tpa} is at ${mac}, sent to ${sha}.`;

export const arpOperationNeitherRequest = (op: number): string => `ARP operation ${op} is neither request nor reply.`;

export const malformedIPv4 = (e: string): string => `Malformed IPv4: ${e}.`;

export const iPv4HeaderChecksumWrong = (): string => `IPv4 header checksum is wrong: ip_rcv drops the packet.`;

export const iPv4PacketHostHosts = (h: Host, dst: string): string =>
  `IPv4 packet for ${dst}, not this host's ${h.cfg.ip ? formatIp(h.cfg.ip) : 'address'}; hosts do ` +
  `not forward (ip_forward=0).`;

export const malformedIcmp = (e: string): string => `Malformed ICMP: ${e}.`;

export const icmpChecksumWrongIcmp = (): string =>
  `ICMP checksum is wrong: icmp_rcv drops the message (ICMP_MIB_CSUMERRORS).`;

export const icmpEchoRequestId = (icmpId: number | undefined, seq: number | undefined, src: string): string =>
  `ICMP echo request id ${icmpId} seq ${seq} from ${src}: this host answers.`;

export const icmpEchoReplyId = (icmpId: number | undefined, seq: number | undefined, src: string): string =>
  `ICMP echo reply id ${icmpId} seq ${seq} to ${src}.`;

export const icmpTypeHandedIcmp = (type: number, src: string): string =>
  `ICMP type ${type} from ${src} is handed to the ICMP layer.`;

export const ipProtocolHandlerHost = (protocol: number): string =>
  `IP protocol ${protocol} has no handler on this host.`;

export const malformedUdp = (e: string): string => `Malformed UDP: ${e}.`;

export const udpChecksumMatchDatagram = (checksum: string): string =>
  `UDP checksum 0x${checksum} does not match the datagram and its pseudo-header: udp_rcv drops it ` +
  `(UDP_MIB_CSUMERRORS).`;

export const udpDatagramPortDelivered = (src: string, srcPort: number, dstPort: number): string =>
  `UDP datagram from ${src}:${srcPort} to port ${dstPort} is delivered to the socket.`;

export const echoReplyIdSeq = (rtt: number | undefined, id: number, seq: number, from: string): string =>
  `Echo reply id ${id} seq ${seq} from ${from}` +
  (rtt !== undefined ? `: round trip ${(rtt / 1000).toFixed(3)} µs` : ' (not one this host sent)') +
  `.`;

export const malformedIPv6 = (e: string): string => `Malformed IPv6: ${e}.`;

export const iPv6PacketHostHosts = (dst: string): string =>
  `IPv6 packet for ${dst} is not for this host; hosts do not forward.`;

export const iPv6NextHeaderHandler = (nextHeader: number): string =>
  `IPv6 next header ${nextHeader} has no handler on this host.`;

export const malformedICMPv6 = (e: string): string => `Malformed ICMPv6: ${e}.`;

export const neighbourSolicitationHost = (target: string): string =>
  `Neighbour solicitation for ${target} is not for this host.`;

export const neighbourSolicitationHostAnswers = (target: string): string =>
  `Neighbour solicitation for ${target}: that is this host; it answers with a neighbour ` + `advertisement.`;

export const neighbourAdvertisement = (ip6: string, mac: string): string =>
  `Neighbour advertisement: ${ip6} is at ${mac}.`;

export const neighbourAdvertisement2 = (lla: Uint8Array<ArrayBufferLike> | undefined, target: string): string =>
  `Neighbour advertisement: ${target} is at ${lla ? formatMac(lla) : '(no link-layer option)'}.`;

export const iCMPv6EchoRequestId = (mId: number | undefined, seq: number | undefined, src: string): string =>
  `ICMPv6 echo request id ${mId} seq ${seq} from ${src}: this host answers.`;

export const iCMPv6EchoReplyId = (mId: number | undefined, seq: number | undefined, src: string): string =>
  `ICMPv6 echo reply id ${mId} seq ${seq} to ${src}.`;

export const iCMPv6TypeHandedICMPv6 = (type: number, src: string): string =>
  `ICMPv6 type ${type} from ${src} is handed to the ICMPv6 layer.`;

export const echoReplyWhat = (id: number | undefined, seq: number | undefined): string =>
  `echo reply id ${id} seq ${seq}`;

// ndisc.ts

export const nsRecords = (src: string, lla: string, state: string): string =>
  state === 'PERMANENT'
    ? ` Its entry for ${src} is PERMANENT and stays as it is.`
    : ` It records ${src} at ${lla} (${state}).`;

export const naNoEntry = (target: string): string =>
  `The host has no entry for ${target}: an advertisement nobody asked for creates none.`;

export const naFailedEntry = (target: string): string =>
  `The entry for ${target} is FAILED: ndisc_recv_na leaves it alone.`;

export const naPermanent = (target: string): string =>
  `The entry for ${target} is PERMANENT: no advertisement changes it.`;

export const naKeptLladdr = (target: string, state: string): string =>
  `It names a different MAC without the Override flag: the entry for ${target} keeps its MAC (${state}).`;

export const naUpdates = (target: string, had: string, now: string): string =>
  had === now ? `The entry for ${target} stays ${now}.` : `The entry for ${target} goes ${had} → ${now}.`;

// forward.ts
export const forwardWhat = (src: string, dst: string, ttl: number): string => `IPv4 ${src} > ${dst} (ttl now ${ttl})`;

export const forwardSends = (what: string, ttlIn: number, ttlOut: number, why: string): string =>
  `ip_forward routes it (net.ipv4.ip_forward=1): ${what}. ip_decrease_ttl took the TTL from ${ttlIn} to ` +
  `${ttlOut} and patched the header checksum; ${why}`;

export const forwardNoRoute = (dst: string, ip: string, prefix: number): string =>
  `No route to ${dst}: this router's only route is its link ${ip}/${prefix}. ip_route_input_slow makes it ` +
  `unreachable and ip_error drops it (the ICMP net unreachable it would send is not modelled).`;

export const forwardTtlExceeded = (dst: string, ttl: number, src: string): string =>
  `TTL ${ttl} of a packet for ${dst}: ip_forward will not forward it (ttl <= 1, too_many_hops); it tells ${src} ` +
  `with ICMP time exceeded and drops the packet.`;

export const forwardQueued = (dst: string): string =>
  `The next hop ${dst} has no MAC in the neighbour table yet: the forwarded packet waits in the entry's queue.`;

export const forwardNeighFailed = (dst: string): string =>
  `ARP for the next hop ${dst} failed: the queued forwarded packet is freed.`;

export const icmpTimeExceededWhat = (to: string): string => `ICMP time exceeded (TTL exceeded in transit) to ${to}`;

export const icmpRedirectWhat = (to: string, gw: string): string =>
  `ICMP redirect (host) to ${to}: the packet went back out of the interface it came in on, so the ` +
  `router tells ${to} to use ${gw} directly`;

export const icmpSent = (what: string, why: string): string => `${what}; ${why}`;
