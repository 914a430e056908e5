// Step sentences for guest-driver.ts, guest.ts, ipa-codes.ts, ipa-frame.ts, ipa-queue.ts, layers.ts (see ../words.ts).
import { RC, hexRc, type ReturnCode } from '../ipa-codes';
import type { ParsedFrame } from '../frames';
import type { AddrSpec } from '../guest-config';
import type { AddrType } from '../guest-driver';

// guest-driver.ts
export const ipAddrAddRtnetlink = (ip: string, prefix: number): string =>
  `ip addr add ${ip}/${prefix}: RTNETLINK answers: File exists.`;

export const layerRegisteredCardSetip = (): string => `layer 2: not registered on the card (no SETIP)`;

export const cardReachableDriverMarks = (ip: string): string =>
  `The card is not reachable: the driver marks ${ip} QETH_DISP_ADDR_ADD and will register it when ` +
  `the device is back.`;

export const qethRegisteringIpAddress = (dev: string, ip: string): string =>
  `qeth ${dev}: Registering IP address ${ip} failed`;

export const qethRegisteringIpAddress2 = (
  dev: string,
  ip: string,
  rc: string,
  rc2: string,
  text: string,
  errno: '0' | '-EADDRINUSE' | '-ENOENT' | '-ENETDOWN' | '-EIO',
): string =>
  `qeth ${dev}: Registering IP address ${ip} failed (dev_warn after 3 attempts; last RC ${rc} ` +
  `${rc2} "${text}", errno ${errno}).`;

export const driverKeepsTableQeth = (
  errno: '0' | '-EADDRINUSE' | '-ENOENT' | '-ENETDOWN' | '-EIO',
  ip: string,
): string =>
  `${errno}: the driver keeps ${ip} in its table (QETH_DISP_ADDR_DO_NOTHING), but the card ` +
  `delivers nothing for it to this guest.`;

export const recoveryReRegisteringFailed = (
  recovering: boolean,
  ip: string,
  errno: '0' | '-EADDRINUSE' | '-ENOENT' | '-ENETDOWN' | '-EIO',
): string =>
  recovering
    ? `Recovery: re-registering ${ip} failed, so qeth_l3_recover_ip deletes it from the driver table (it stays in ip addr).`
    : `${errno}: the driver frees its entry for ${ip}; the address stays configured in Linux but the card knows nothing of it.`;

export const ipAddrDelRtnetlink = (ip: string): string =>
  `ip addr del ${ip}: RTNETLINK answers: Cannot assign requested address.`;

export const delipAnsweredQethL3 = (ip: string, rc: string, delip: string): string =>
  `DELIP ${ip} answered ${rc} (${delip}); qeth_l3_delete_ip frees the driver entry either way.`;

// guest.ts
export const startlanFailedLanOffline = (rc: string, rc2: string): string =>
  `STARTLAN failed with ${rc} (${rc2}): the LAN is offline.`;

export const cardMacSharedLayer = (): string => `the card's MAC, shared by every layer-3 guest on this port`;

export const broadcastEnabledEchoFiltering = (): string => `Broadcast enabled, echo filtering on`;

export const setvmacAnsweredQethL2 = (rc: string, rc2: string, devAddr: string): string =>
  `SETVMAC answered ${rc} (${rc2}): qeth_l2_setdelmac_makerc gives -EADDRINUSE, "MAC address ` +
  `${devAddr} already exists"; the card delivers nothing by this MAC.`;

export const echoRouteEinvalQeth = (
  role: 'multicast_router' | 'primary_connector' | 'secondary_connector',
  v: 4 | 6,
): string =>
  `echo ${role} > route${v}: -EINVAL. qeth_l3_correct_routing_type allows only no_router, ` +
  `primary_router and secondary_router on an OSA` +
  (role === 'multicast_router' ? ' without the multicast-router assist' : '') +
  `; the type is set to no router and no SETRTG is sent.`;

export const errorWhileSettingRouting = (rc: string, slice: string, rc2: string, text: string): string =>
  `Error (${rc}) while setting routing type on device ${slice}. Type set to 'no router'. (${rc2}: "${text}")`;

export const isolationStays = (
  dev: string,
  text: string,
  rc: string,
  errno: string,
  prev: 'drop' | 'forward' | 'none',
): string => `qeth 0.0.${dev}: ${text} (${rc}); the driver returns ${errno} and isolation stays "${prev}".`;

export const isolationTakenDespite = (dev: string, text: string, rc: string, mode: string): string =>
  `qeth 0.0.${dev}: ${text} (${rc}); the driver treats it as benign, returns 0 and isolation is now "${mode}".`;

export const losesChannelCardDriver = (ifname: string): string =>
  `${ifname} loses its channel to the card: the driver marks every address QETH_DISP_ADDR_ADD for ` +
  `re-registration (qeth_l3_clear_ip_htable); ip addr still lists them.`;

export const malformedIpaReplyDriver = (reply: string): string =>
  `Malformed IPA reply: ${reply}; the driver discards it.`;

export const driverReadsCardReply = (rc: ReturnCode): string =>
  `The driver reads the card's reply: ` +
  (rc.code === RC.SUCCESS.code ? 'success' : `${hexRc(rc.code)} ${rc.name} "${rc.text}"`) +
  `.`;

export const frameGuestParse = (): string => `Not a frame this guest can parse.`;

export const iPv4EmulatedGuestStack = (): string => `Only IPv4 is emulated in the guest stack.`;

export const tcpdumpShows = (f: ParsedFrame, ifname: string): string =>
  ` tcpdump on ${ifname} shows ${f.srcMac} > ${f.dstMac}` +
  (f.srcMac === '46:41:4b:45:4c:4c' ? ' ("FAKELL": the driver had no real source MAC)' : '') +
  `.`;

export const malformedIcmpMessage = (message: string): string => `Malformed ICMP message: ${message}.`;

export const echoRequestGuestAddresses = (dst: string, tcpdump: string): string =>
  `Echo request for ${dst}, one of this guest's addresses: the stack answers.${tcpdump}`;

export const echoReplyPingSucceeds = (src: string, seq: number | undefined, tcpdump: string): string =>
  `Echo reply from ${src}: ping succeeds (seq ${seq}).${tcpdump}`;

export const deliveredStack = (
  mine: (AddrSpec & { type: AddrType }) | undefined,
  dst: string,
  tcpdump: string,
): string =>
  `${dst} is ` +
  (mine ? "this guest's address" : 'a broadcast or a group it joined') +
  `: delivered to the stack.${tcpdump}`;

export const guestAddressCardSent = (dst: string, dstMac: string, tcpdump: string): string =>
  `${dst} is not this guest's address; the card sent it here as router. The destination MAC is ` +
  `still ${dstMac} (its own), so the stack takes it as PACKET_HOST and, with ip_forward=1, routes ` +
  `it on towards ${dst} (the network behind the router is outside this lab).${tcpdump}`;

export const guestAddressNetIpv4 = (dst: string, tcpdump: string): string =>
  `${dst} is not this guest's address and net.ipv4.ip_forward=0: the stack drops it.${tcpdump}`;

export const arpLayerGuestAnswers = (tpa: string, devAddr: string): string =>
  `ARP who-has ${tpa}: this layer-2 guest answers itself with its own MAC ${devAddr}.`;

export const arpWords = (tpa: string, devAddr: string): string => `"${tpa} is at ${devAddr}".`;

export const arpNeighbourTableLearns = (
  a: { readonly op: number; readonly spa: string; readonly tpa: string },
  srcMac: string,
): string => `ARP ${a.op === 2 ? 'reply' : 'request'} from ${a.spa}: the neighbour table learns ${srcMac}.`;

export const pingConnectNetworkUnreachable = (dst: string, ifname: string): string =>
  `ping ${dst}: connect: Network is unreachable (no IPv4 address on ${ifname}).`;

export const tcpdumpShowsIPv4Neighbour = (what: string, ifname: string, dst: string): string =>
  `${what}. tcpdump on ${ifname} shows it to 46:41:4b:45:4c:4c: every IPv4 neighbour of a layer-3 ` +
  `qeth device is a NOARP entry with that fake address. The driver strips this header and gives ` +
  `the card the next hop ${dst} in the qeth header.`;

export const layerRealNeighbourMac = (what: string, known: string): string =>
  `${what}, to ${known} (layer 2: a real neighbour MAC).`;

export const layerGuestOwnArp = (dst: string): string => `Layer 2: the guest does its own ARP: who has ${dst}?`;

// ipa-codes.ts

// ipa-frame.ts
export const bytesIpaDataShorter = (frameLength: number): string =>
  `${frameLength} bytes of IPA data, shorter than its 20-byte header`;

export const commandCarriesBytesData = (cmd: string, frameLength: number, need: number): string =>
  `command 0x${cmd} carries ${frameLength} bytes of data where its layout needs ${need}`;

// ipa-queue.ts
export const driverSendsIpaCard = (c: string, of: string): string => `The driver sends IPA ${c} to the card${of}.`;

export const cardRefusedQethL3 = (rc: string, cmd: string, attempt: number, attempts: number): string =>
  `The card refused with ${rc} (${cmd}); qeth_l3_register_addr_entry tries again (${attempt} of ` + `${attempts}).`;

// layers.ts
export const guestDeviceStateDriver = (): string =>
  `a guest's 'device state' is the driver's address table and online state`;

export const cardDeviceStateIp = (): string => `the card's 'device state' is its IP table, which IPA commands fill`;
