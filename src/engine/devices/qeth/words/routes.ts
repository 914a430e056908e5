// Step sentences for guest-routes.ts, qdio-element.ts and the routing in guest-ipv4.ts (see ../words.ts).

// guest-routes.ts: validation
export const routePrefixBad = (s: string): string =>
  `"${s}" is not an IPv4 prefix: write an address and a length up to 32, like "10.0.2.0/24", or "default"`;

export const routePrefixHostBits = (s: string, net: string, len: number): string =>
  `"${s}" has host bits set below /${len}: the kernel answers "Error: Invalid prefix for given prefix ` +
  `length." (fib_table_insert); write ${net}/${len}`;

export const routeGatewayNotIpv4 = (s: string): string => `"${s}" is not an IPv4 address for the gateway`;

export const routeGatewayNotUnicast = (s: string): string =>
  `${s} cannot be a gateway: a next hop must be a unicast address on a link (fib_check_nh_v4_gw wants RTN_UNICAST)`;

// guest-routes.ts / guest.ts: the command
export const routeAdded = (dst: string, via: string, ifname: string): string =>
  `ip route add ${dst} via ${via} dev ${ifname}: the route is in the main table; packets to ${dst} now ` +
  `go to ${via} first, unless a longer prefix matches.`;

export const routeAddFailed = (dst: string, via: string, message: string, errno: string): string =>
  `ip route add ${dst} via ${via}: ${message} (${errno}); the table is unchanged.`;

// guest-ipv4.ts
export const noRouteToDestination = (what: string, dst: string, ifname: string): string =>
  `${what}: no route matches ${dst} (no address of ${ifname} covers it and no route was added): ` +
  `connect: Network is unreachable; nothing is sent.`;

export const tcpdumpShowsViaGateway = (
  what: string,
  ifname: string,
  dst: string,
  via: string,
  route: string,
  redirected: boolean,
): string =>
  (redirected
    ? `${what}. An ICMP redirect left a next-hop exception for ${dst}: the next hop is ${via} now, not the ` +
      `gateway of the route ${route}.`
    : `${what}. The route ${route} via ${via} matches ${dst}, so the next hop is the gateway ${via}, not the ` +
      `destination.`) +
  ` tcpdump on ${ifname} shows the frame to 46:41:4b:45:4c:4c (every IPv4 neighbour of a ` +
  `layer-3 qeth device is a NOARP entry with that fake address); the driver replaces that header with ` +
  `the qeth header and writes ${via} into its next_hop field (qeth_l3_fill_header).`;

export const layerTwoViaGateway = (what: string, via: string, mac: string): string =>
  `${what}, through the gateway ${via}: to its MAC ${mac} (neighbour entry of the next hop).`;

// guest-redirect.ts
export const redirectTooShort = (from: string): string =>
  `ICMP redirect from ${from} too short to quote an IP header: icmp_redirect drops it.`;

export const redirectIgnoredCode = (code: number, tcpdump: string): string =>
  `ICMP redirect with code ${code}: __ip_do_redirect acts only on codes 0-3; nothing changes.${tcpdump}`;

export const redirectNotFromGateway = (from: string, daddr: string, gw: string | undefined, tcpdump: string): string =>
  `ICMP redirect from ${from} about ${daddr}: the route to ${daddr} ${gw ? `goes via ${gw}` : 'has no gateway'}, ` +
  `not via ${from} (rt_gw4 != old_gw), so it is ignored.${tcpdump}`;

export const redirectRejected = (from: string, daddr: string, gw: string, tcpdump: string): string =>
  `ICMP redirect from ${from}: ${gw} cannot be the new gateway for ${daddr} (the old one, a local, ` +
  `multicast, broadcast or zero address); reject_redirect.${tcpdump}`;

export const redirectNeighNotValid = (gw: string, daddr: string, tcpdump: string): string =>
  `ICMP redirect to use ${gw} for ${daddr}: the neighbour ${gw} is not valid yet, so __ip_do_redirect only ` +
  `starts resolving it (neigh_event_send) and learns nothing from this redirect.${tcpdump}`;

export const redirectAccepted = (from: string, daddr: string, gw: string, tcpdump: string): string =>
  `ICMP redirect from ${from}, the gateway of the route to ${daddr}: use ${gw}. With the defaults ` +
  `accept_redirects=1 and shared_media=1 the stack only checks that ${gw} is a unicast address, and ` +
  `update_or_create_fnhe records a next-hop exception: from now on packets to ${daddr} go to ${gw}.${tcpdump}`;
