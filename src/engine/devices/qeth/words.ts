// What the qeth devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { StackRow } from './card-table';
import { RC, hexRc, SETIP_FLAG, type ReturnCode } from './ipa-codes';
import type { ParsedFrame } from './frames';
import type { AddrSpec } from './guest-config';
import type { AddrType } from './guest-driver';
import { ASSIST, type IpaCommand } from './ipa-frame';

// card-table.ts

export const registeredDevnoSetipCarries = (ip: string, devno: string, devno2: string): string =>
  `${ip} is registered by DEVNO ${devno}, but this SETIP carries the TAKEOVER flag and both ` +
  `devices registered it as takeover addresses: the registration moves to DEVNO ${devno2}.`;

export const alreadyRegisteredPortDevno = (ip: string, devno: string): string =>
  `${ip} is already registered on this port by DEVNO ${devno}; TAKEOVER was asked but DEVNO ` +
  `${devno} did not register it for takeover (IBM requires both devices to be enabled).`;

export const alreadyRegisteredPortDevno2 = (ip: string, devno: string): string =>
  `${ip} is already registered on this port by DEVNO ${devno}; no TAKEOVER flag.`;

export const portAlreadyHoldsAddresses = (ipCount: number, maxIps: number): string =>
  `the port already holds ${ipCount} addresses, its limit of ${maxIps}.`;

export const registeredAnyOtherStack = (ip: string): string =>
  `${ip} is not registered by any other stack on this port.`;

export const registeredDevnoNothingDelete = (ip: string, devno: string, devno2: string): string =>
  `${ip} is registered by DEVNO ${devno}, not by ${devno2}: nothing to delete, and the owner keeps it.`;

export const devnoAlreadyRegisteredGroup = (devno: string, group: string): string =>
  `DEVNO ${devno} has already registered group ${group}.`;

export const devnoRegisteredGroup = (devno: string, group: string): string =>
  `DEVNO ${devno} has not registered group ${group}.`;

export const routingTypeValidOsa = (
  role: 'multicast_router' | 'primary_connector' | 'secondary_connector' | undefined,
  type: number,
): string =>
  `routing type ${type}${role ? ` (${role})` : ''} is not valid on an OSA port` +
  (role === 'multicast_router' ? ' without the multicast-router assist' : '') +
  `.`;

export const devnoAlreadyIPvPrimary = (devno: string, version: 4 | 6): string =>
  `DEVNO ${devno} is already the IPv${version} primary router of this port.`;

export const devnoAlreadyIPvSecondary = (devno: string, version: 4 | 6): string =>
  `DEVNO ${devno} is already the IPv${version} secondary router and this OSA level allows one.`;

export const macAlreadyRegisteredPort = (mac: string, devno: string): string =>
  `MAC ${mac} is already registered on this port by DEVNO ${devno}.`;

// demux.ts

export const destinationMacRegisteredSetvmac = (dstMac: string, devno: string): string =>
  `destination MAC ${dstMac} is registered (SETVMAC) by layer-2 DEVNO ${devno}: copied to it with ` +
  `its real Ethernet header.`;

export const arpReplyCardArp = (spa: string): string =>
  `an ARP reply from ${spa}: the card's ARP cache takes it; no layer-3 guest sees ARP.`;

export const arpRegisteredDevnoCard = (tpa: string, devno: string, cardMac: string): string =>
  `ARP who-has ${tpa}: registered by DEVNO ${devno}, so the card answers with its own MAC ` +
  `${cardMac}; no guest sees the ARP.`;

export const arpStackPortRegistered = (l2bcast: string[], tpa: string): string =>
  `ARP who-has ${tpa}: no stack on this port registered it, so the card stays silent` +
  (l2bcast.length ? '; layer-2 guests get the broadcast and answer for themselves' : '') +
  `.`;

export const destinationMacNeitherCard = (dstMac: string, cardMac: string): string =>
  `destination MAC ${dstMac} is neither the card's ${cardMac} nor a registered layer-2 MAC: the ` +
  `port filters it out.`;

export const etherTypeIPv4IPv6Arp = (ethertype: string): string =>
  `EtherType 0x${ethertype} is not IPv4, IPv6 or ARP: a layer-3 port delivers only IP to its guests.`;

export const broadcastCopiedGuestBroadcast = (l2bcast: string[], dst: string, toLength: number): string =>
  `broadcast to ${dst}: copied to every guest with broadcast enabled (${toLength} layer-3` +
  (l2bcast.length ? `, ${l2bcast.length} layer-2` : '') +
  `).`;

export const multicastGroupCopiedGuest = (to: string[], dst: string): string =>
  `multicast group ${dst}: copied to the ${to.length} guest(s) that registered it (SETIPM): ` + `${to.join(', ')}.`;

export const multicastGroupGuestRegistered = (dst: string): string =>
  `multicast group ${dst}: no guest registered it (SETIPM), so nobody gets it.`;

export const registeredDevnoCopiedInto = (dst: string, devno: string): string =>
  `${dst} is registered by DEVNO ${devno}: copied into its input queue only.`;

export const registeredDevnoIPvPrimary = (dst: string, devno: string, version: 4 | 6): string =>
  `${dst} is not registered; DEVNO ${devno} is the IPv${version} primary router: forward there.`;

export const registeredPrimaryRouterSecondary = (dst: string, devno: string): string =>
  `${dst} is not registered; no primary router; secondary router is DEVNO ${devno}: forward there.`;

export const registeredPrimaryRouterSecondary2 = (dst: string): string =>
  `${dst} is not registered; no primary router; no secondary router: the card discards it.`;

export const destinationMacRegisteredLayer = (dstMac: string, devno: string): string =>
  `destination MAC ${dstMac} is registered by layer-2 DEVNO ${devno}`;

export const broadcastLayerDevnoLan = (sender: string, toLength: number): string =>
  `broadcast from layer-2 DEVNO ${sender}: to the LAN and to ${toLength} other layer-2 guest(s).`;

export const destinationMacRegisteredPort = (dstMac: string): string =>
  `destination MAC ${dstMac} is not registered on this port: out to the LAN.`;

export const layerGuestSendIp = (): string => `a layer-3 guest can only send IP.`;

export const broadcastLanGuestPort = (
  me: StackRow | undefined,
  isolated: (r: StackRow | undefined) => boolean,
  dst: string,
  toLength: number,
): string =>
  `broadcast to ${dst}: to the LAN and to ${toLength} guest(s) on this port with broadcast enabled` +
  (me?.echoFilter ? ', not back to the sender (echo filtering)' : '') +
  (isolated(me) ? ' (the sender is isolated: no internal copies)' : '') +
  `.`;

export const multicastLanGuestPort = (dst: string, toLength: number): string =>
  `multicast ${dst}: to the LAN and to ${toLength} guest(s) on this port that registered it.`;

export const nextHopRegisteredPort = (hop: string): string =>
  `next hop ${hop} is not registered on this port: the card resolves its MAC (ARP) and sends it to the LAN.`;

export const nextHopRegisteredDevno = (hop: string, devno: string): string =>
  `next hop ${hop} is registered by DEVNO ${devno} on this same port`;

export const isolationDropCardDiscards = (what: string, who: string): string =>
  `${what}, but ${who} has isolation "drop": the card discards it instead of delivering it internally.`;

export const isolationForwardCardSends = (what: string, who: string): string =>
  `${what}, but ${who} has isolation "forward": the card sends it to the adjacent switch, which ` +
  `must reflect it back (reflective relay).`;

export const deliveredInsideCardBypassing = (what: string): string =>
  `${what}: delivered inside the card, bypassing the LAN.`;

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

export const isolationStays = (text: string, rc: string, prev: 'drop' | 'forward' | 'none'): string =>
  `${text} (${rc}): isolation stays "${prev}".`;

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

export const ipv6AddressAlreadyRegistered = (): string => `ipv6 address already registered`;

export const ipAddressAlreadyUse = (): string => `IP address already in use on LAN`;

export const multicastAddressAlreadyDefined = (): string => `Multicast address already defined`;

export const strtlanLanDisabledLan = (): string => `STRTLAN_LAN_DISABLED - LAN offline`;

export const adapterSupportQdioData = (): string => `Adapter does not support QDIO data connection isolation`;

export const adjacentSwitchPortSupport = (): string =>
  `The adjacent switch port does not support reflective relay mode`;

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

// osa-ipa.ts

export const portLinkLan = (): string => `the port has no link to the LAN.`;

export const devnoStartsDataConnection = (layer: 2 | 3, devno: string): string =>
  `DEVNO ${devno} starts its ${layer === 3 ? 'layer-3' : 'layer-2'} data connection; the card ` + `reports its MAC.`;

export const devnoStopsDataConnection = (devno: string): string =>
  `DEVNO ${devno} stops its data connection: the card forgets its addresses, groups and routing roles.`;

export const isolationForwardNeedsAdjacent = (): string =>
  `isolation "forward" needs the adjacent switch port in reflective-relay mode, and it is not.`;

export const devnoDataConnectionIsolation = (devno: string, mode: 'drop' | 'forward' | 'none'): string =>
  `DEVNO ${devno} data connection isolation is now "${mode}".`;

export const ipaFilteringConfiguredBroadcast = (r: StackRow, devno: string): string =>
  `IPA_FILTERING configured: broadcast ${r.broadcast ? 'enabled' : 'disabled'} for DEVNO ${devno}.`;

export const ipaFilteringEnabledBroadcast = (r: StackRow, devno: string): string =>
  `IPA_FILTERING enabled: broadcast echo filtering ${r.echoFilter ? 'on' : 'off'} for DEVNO ` +
  `${devno} (it will not get its own broadcasts back).`;

export const registeredDevno = (flags: number, taken: string | undefined, why: string, devno: string): string =>
  `${why} ` +
  ((flags & SETIP_FLAG.VIPA) !== 0 ? 'VIPA flag: no gratuitous ARP; ' : '') +
  `registered for DEVNO ${devno}${taken ? ` (taken over from DEVNO ${taken})` : ''}.`;

export const setAccessControlIsolation = (n: string, c: number | undefined): string =>
  `${n} SET_ACCESS_CONTROL isolation ${c}`;

export const ipaFiltering = (c: IpaCommand, n: string): string =>
  `${n} IPA_FILTERING ` + (c.sub === ASSIST.ASS_CONFIGURE ? 'CONFIGURE' : 'ENABLE') + ` ${c.value}`;

// osa.ts

export const malformedIpaCommandCard = (port: string, c: string): string =>
  `Malformed IPA command from ${port}: ${c}; the card discards it.`;

export const cardLanLink = (up: boolean): string =>
  `The card's LAN link is ${up ? 'up' : 'down'}` + `${up ? '' : ': SETIP now answers 0xe080 LAN offline'}.`;

export const devnoDataConnectionGone = (port: string, roles: string): string =>
  `DEVNO ${port}'s data connection is gone: the card forgets its registered addresses and groups` +
  `${roles}. Traffic for them now follows the unregistered path.`;

export const devnoChannelBackDriver = (port: string): string =>
  `DEVNO ${port}'s channel is back; its driver must register its addresses again ` + `(qeth_l3_recover_ip).`;

export const cardAnswersDevno = (devno: string, what: string, rc: string, why: string): string =>
  `Card answers DEVNO ${devno}'s ${what}: ${rc}. ${why}`;

export const cardTakesDevnoIpa = (devno: string, what: string): string =>
  `The card takes DEVNO ${devno}'s IPA command ${what}.`;

export const setipCardSendsGratuitous = (ip: string, arpWaitNs: number): string =>
  `For SETIP ${ip} the card sends a gratuitous ARP on the LAN and waits ${arpWaitNs} µs for anyone ` +
  `who already uses ${ip}.`;

export const answeredGratuitousArpAddress = (seen: string, ip: string): string =>
  `${seen} answered the gratuitous ARP for ${ip}: the address is in use elsewhere on the LAN; not registered.`;

export const registeredDevno2 = (
  seen: string | undefined,
  taken: string | undefined,
  ip: string,
  devno: string,
): string =>
  (seen ? `${seen} answered, but the TAKEOVER flag means "nofail on grat. ARP". ` : 'Nobody answered. ') +
  `${ip} is registered for DEVNO ${devno}${taken ? ` (taken over from DEVNO ${taken})` : ''}.`;

export const cardCannotParseFrame = (): string => `The card cannot parse this frame as Ethernet/ARP/IP.`;

export const cardAnswersOwnMac = (ip: string, macText: string): string =>
  `The card answers "${ip} is at ${macText}" (its own MAC, shared by every layer-3 guest).`;

export const cardCannotParseGuest = (): string => `The card cannot parse what the guest queued.`;

export const copyIntoDevnoInput = (
  sourceMac: boolean,
  row: StackRow,
  sent: number,
  targetsLength: number,
  devno: string,
): string =>
  `Copy ${sent} of ${targetsLength} into DEVNO ${devno}'s input queue` +
  (row.layer === 3
    ? `; its driver builds the Ethernet header the guest sees: source ${sourceMac ? 'the real sender MAC (source-MAC assist)' : '46:41:4b:45:4c:4c "FAKELL"'}`
    : ' with its real Ethernet header (layer 2)') +
  `.`;

export const cardLanLinkFrame = (): string => `The card has no LAN link: the frame cannot leave.`;

export const cardConsumedArpFrame = (): string =>
  `The card consumed the ARP frame itself (ARP offload); no guest sees it.`;

export const outLanGuestOwn = (): string => `Out to the LAN with the guest's own Ethernet header (layer 2).`;

export const adjacentSwitchDestinationNext = (macText: string): string =>
  `To the adjacent switch with destination ${macText} (the next hop lives behind this same card); ` +
  `only reflective relay brings it back.`;

export const outLanEthernetBroadcast = (): string => `Out to the LAN as an Ethernet broadcast from the card's MAC.`;

export const outLanGroupMac = (arg: string): string => `Out to the LAN to group MAC ${arg}.`;

export const outLanCardArp = (hop: string, known: string, macText: string): string =>
  `Out to the LAN: the card's ARP cache has ${hop} at ${known}; source MAC is the card's ${macText}.`;

export const waitingMac = (hop: string): string => `Waiting for the MAC of ${hop}.`;

export const cardKnowMacYet = (hop: string): string =>
  `The card does not know ${hop}'s MAC yet: it holds the packet and asks by ARP (the guest never ` +
  `does ARP in layer 3).`;

export const cardAsksTellOwn = (hop: string, src: string): string =>
  `The card asks "who has ${hop}? tell ${src}" from its own MAC.`;

export const arpReplyWithinMs = (hop: string): string =>
  `No ARP reply for ${hop} within 1 ms: the card drops the packet.`;

export const arpAnsweredHeldPacket = (spa: string, srcMac: string): string =>
  `ARP answered: ${spa} is at ${srcMac}; the held packet goes out to the LAN.`;
