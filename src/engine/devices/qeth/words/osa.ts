// Step sentences for osa-ipa.ts, osa.ts (see ../words.ts).
import type { StackRow } from '../card-table';
import { SETIP_FLAG } from '../ipa-codes';
import { ASSIST, type IpaCommand } from '../ipa-frame';

// osa-ipa.ts
export const portLinkLan = (): string => `the port has no link to the LAN.`;

export const devnoStartsDataConnection = (layer: 2 | 3, devno: string): string =>
  `DEVNO ${devno} starts its ${layer === 3 ? 'layer-3' : 'layer-2'} data connection; the card ` + `reports its MAC.`;

export const devnoStopsDataConnection = (devno: string): string =>
  `DEVNO ${devno} stops its data connection: the card forgets its addresses, groups and routing roles.`;

export const isolationForwardRelayRefused = (): string =>
  `isolation "forward" needs the adjacent switch port in reflective-relay mode; the card asked for it and the port refused.`;

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

export const demuxModeSet = (mode: 'table' | 'flood'): string =>
  mode === 'flood'
    ? 'COUNTERFACTUAL switched on: from now on the port floods every IP frame from the LAN to every ' +
      'active guest (promiscuous sharing, the alternative the 2005 netdev thread argued against; no OSA ' +
      'does this). Each guest must parse every frame and discard what is not its own.'
    : 'The port demultiplexes by its registration table again, as a real OSA does.';

export const floodedToEveryGuest = (tableWhy: string, n: number): string =>
  `COUNTERFACTUAL flooding: the card ignores its table and copies the frame into all ${n} active ` +
  `guests' input queues. (The table would have said: ${tableWhy})`;

export const outLanIpv6Passthru = (dstMac: string): string =>
  `IPv6: out to the LAN with the link header the guest's own stack built (destination ${dstMac}, ` +
  `found by the guest's neighbour discovery); the card does ARP for IPv4 only.`;
