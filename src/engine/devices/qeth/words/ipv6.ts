// What a qeth guest's IPv6 (guest-ipv6.ts) says in its steps.
import { hexRc } from '../ipa-codes';

const id = (n: number): string => hexRc(n);

export const linkLocalDerived = (
  ifname: string,
  addr: string,
  mac: string,
  devId: number,
  mode: 'dev_id' | 'eui64',
  layer: 2 | 3,
): string =>
  `${ifname} gets its link-local address ${addr} (tentative) from MAC ${mac}` +
  (mode === 'dev_id' && devId
    ? `: the card's unique id ${id(devId)} replaces ff:fe and the u/l bit is left alone (addrconf_ifid_eui48).`
    : mode === 'eui64'
      ? `: plain EUI-64 (ff:fe in the middle, u/l bit inverted); this kernel does not use dev_id.`
      : `: plain EUI-64, dev_id is 0.`) +
  (layer === 3 ? ` Every layer-3 guest on this card has the same MAC.` : ` The MAC is this guest's own (layer 2).`);

export const dadNeighbourSolicitation = (addr: string, group: string): string =>
  `Duplicate address detection: a neighbour solicitation from :: for ${addr}, to its solicited-node group ${group}. ` +
  `Silence for 1 s makes the address valid; an answer means someone already has it.`;

export const dadCompleted = (addr: string, ifname: string): string =>
  `No answer within 1 s: ${addr} on ${ifname} is valid (preferred). Duplicate address detection succeeded.`;

export const ipv6DuplicateDetected = (ifname: string, addr: string, by: string): string =>
  `${ifname}: IPv6 duplicate address ${addr} used by ${by} detected!`;

export const dadFailed = (ifname: string, addr: string, by: string, what: string): string =>
  `${what} for ${addr}, which ${ifname} is still testing: duplicate address detection fails. ` +
  `The kernel logs "${ifname}: IPv6 duplicate address ${addr} used by ${by} detected!" and marks the address ` +
  `dadfailed: it will never be used.`;

export const naIgnored = (t: string): string =>
  `Neighbour advertisement for ${t}: this guest has no neighbour entry for it, so nothing changes ` +
  `(ndisc_recv_na does not create entries from an unsolicited advertisement).`;

export const naLearned = (t: string, mac: string): string =>
  `Neighbour advertisement: ${t} is at ${mac}; the neighbour table learns it.`;

export const echo6Request = (dst: string): string => `ICMPv6 echo request to ${dst}, this guest's address: it answers.`;

export const echo6Reply = (src: string, to: string, mac: string): string =>
  `ICMPv6 echo reply ${src} > ${to}, to ${mac} (from the neighbour table).`;

export const ipv6NotHandled = (dst: string): string =>
  `IPv6 to ${dst}: not an address or message this guest's stack takes; dropped.`;

export const nsNotOurs = (t: string, state: string | undefined): string =>
  state
    ? `Neighbour solicitation for ${t}, which is ${state} here: a node does not answer for such an address.`
    : `Neighbour solicitation for ${t}: not this guest's address; dropped.`;

export const nsOurs = (t: string, dad: boolean): string =>
  dad
    ? `Neighbour solicitation from :: for ${t}, this guest's valid address: someone else is testing it (DAD); defend it.`
    : `Neighbour solicitation for ${t}, this guest's address: answer it.`;

export const naSent = (t: string, mac: string, to: string): string =>
  `Neighbour advertisement to ${to}: "${t} is at ${mac}".`;

export const ipv6Enabled = (ifname: string): string =>
  `sysctl net.ipv6.conf.${ifname}.disable_ipv6=0: IPv6 comes up on the device (addrconf_notify).`;

export const createAddrFailed = (rc: string): string =>
  `CREATE_ADDR answered ${rc}: "The network adapter failed to generate a unique ID"; dev_id stays 0.`;
