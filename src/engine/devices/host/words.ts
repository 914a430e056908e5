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

export const resolvedQueuedEchoRequest = (key: string, hw: string): string =>
  `${key} is now resolved to ${hw}: the queued echo request goes out.`;

export const iPv4AddressAnnounce = (id: string): string => `${id} has no IPv4 address to announce.`;

export const announcesGratuitousArpRequest = (id: string, ip: string, mac: string): string =>
  `${id} announces ${ip} is at ${mac} with a gratuitous ARP (a request for its own address).`;

export const pingIPvAddressCannot = (key: string, id: string, version: number): string =>
  `ping ${key}: ${id} has no IPv${version} address, so it cannot send.`;

export const pingSeqNeighbourTable = (key: string, seq: number, known: string): string =>
  `ping ${key} seq ${seq}: the neighbour table has ${known}.`;

export const arpTellBroadcast = (key: string, src: string): string => `ARP who-has ${key} tell ${src} (broadcast)`;

export const neighbourSolicitationSolicitedNode = (key: string): string =>
  `neighbour solicitation for ${key} to its solicited-node group`;

export const knowMacAttempt = (id: string, key: string, what: string, attempt: number, arpRetries: number): string =>
  `${id} does not know ${key}'s MAC: ${what}, attempt ${attempt} of ${arpRetries}.`;

export const answerAfterProbesNeighbour = (key: string, attempt: number): string =>
  `No answer for ${key} after ${attempt} probes: the neighbour entry fails and ping reports ` +
  `"Destination Host Unreachable".`;

export const sendsIcmpEchoRequest = (why: string, id: string, pId: number, seq: number, key: string): string =>
  `${why} ${id} sends ICMP echo request id ${pId} seq ${seq} to ${key}.`;

export const udpNothingSent = (id: string, src: IpAddress | undefined, dst: IpAddress, key: string): string =>
  `udp to ${key}: ` +
  (!src
    ? `no IPv${dst.version} address on ${id}`
    : `no neighbour entry for ${key} (give "dstMac" or resolve it first)`) +
  `; nothing is sent.`;

export const sendsUdpDatagramBytes = (id: string, key: string, dstPort: string, payloadLength: number): string =>
  `${id} sends a UDP datagram to ${key}:${dstPort} (${payloadLength} bytes of data).`;

// layers.ts

export const hostDeviceStateRecords = (): string =>
  `a host's 'device state' records are its addresses and neighbour entries`;

// receive.ts

export const malformedArp = (e: string): string => `Malformed ARP: ${e}.`;

export const arpHostArpProcess = (arp: ArpPacket, h: Host, tpa: string): string =>
  `ARP ${arp.op === ARP_REQUEST ? 'request' : 'reply'} for ${tpa} is not for this host` +
  `${h.cfg.ip ? ` (${formatIp(h.cfg.ip)})` : ''}: arp_process ignores it.`;

export const arpHostRecordsAnswers = (tpa: string, spa: string, sha: string): string =>
  `ARP who-has ${tpa}: that is this host. It records ${spa} at ${sha} and answers.`;

export const arpReplySent = (tpa: string, mac: string, sha: string): string =>
  `ARP reply: ${tpa} is at ${mac}, sent to ${sha}.`;

export const arpReplyNeighbourTable = (spa: string, sha: string): string =>
  `ARP reply: ${spa} is at ${sha}; the neighbour table is updated.`;

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
