// Step sentences for card-table.ts, demux.ts (see ../words.ts).
import type { StackRow } from '../card-table';

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

export const multicastGroupCopiedMixed = (l3: string[], l2: string[], dst: string, dstMac: string): string =>
  `multicast group ${dst}: copied to the ${l3.length + l2.length} guest(s) that asked for it: ` +
  [
    ...(l3.length ? [`${l3.join(', ')} registered the group (SETIPM)`] : []),
    ...(l2.length ? [`${l2.join(', ')} registered its group MAC ${dstMac} (SETGMAC, layer 2)`] : []),
  ].join('; ') +
  `.`;

export const uniqueIdForDevno = (devno: string, uid: number): string =>
  `DEVNO ${devno} gets unique id 0x${uid.toString(16).padStart(4, '0')}, which no other stack on this port has ` +
  `(its driver puts it in dev_id, and addrconf_ifid_eui48 uses it in place of ff:fe).`;

export const groupMacLayerDevnoLan = (sender: string, mac: string, n: number): string =>
  `group MAC ${mac} from layer-2 DEVNO ${sender}: to the LAN and to ${n} other layer-2 guest(s) that registered it (SETGMAC).`;

export const nextHop6NotOnPort = (hop: string): string =>
  `next hop ${hop} is not registered on this port: out to the LAN (IPv6: the guest did the neighbour discovery).`;
