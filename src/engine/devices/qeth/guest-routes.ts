// A qeth guest's IPv4 routing table, as much of Linux's FIB (net/ipv4/fib_trie.c,
// fib_semantics.c) as the lab needs: the connected (prefix) routes the kernel adds for
// each of the guest's addresses (fib_add_ifaddr), no gateway, and the routes a student
// adds with `ip route add <prefix> via <gw>` (the `route-add` command). A lookup is a
// longest-prefix match (fib_table_lookup); the route's gateway is the next hop
// (rt_nexthop: rt_gw4 when the route has one, else the destination itself), and that is
// what qeth_l3_fill_header writes into the qeth header (qeth_next_hop_v4_rcu).
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { parseIp } from '../../frame/address';
import type { AddrSpec } from './guest-config';
import * as say from './words';

export interface Route4 {
  readonly prefix: string;
  readonly len: number;
  /** The gateway (`via`); undefined for a connected route. */
  readonly via?: string;
  /** The gateway comes from a next-hop exception an ICMP redirect left (guest-redirect.ts). */
  readonly redirected?: boolean;
}

export const v4num = (ip: string): number => ip.split('.').reduce((acc, x) => ((acc << 8) | Number(x)) >>> 0, 0);
const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
const inPrefix = (ip: string, prefix: string, len: number): boolean =>
  ((v4num(ip) ^ v4num(prefix)) & maskOf(len)) === 0;

/** `ip route add` with NLM_F_EXCL: what the kernel answers, 0 or a negative errno name. */
export type RouteAddResult = { ok: true } | { ok: false; errno: '-EEXIST' | '-ENETUNREACH'; message: string };

export class GuestRoutes {
  private readonly added: Route4[] = [];
  /** Next-hop exceptions (struct fib_nh_exception) by destination: the gateway a redirect named. */
  private readonly exceptions = new Map<string, string>();

  learnException(daddr: string, gw: string): void {
    this.exceptions.set(daddr, gw);
  }

  /** The route for `dst` with its next hop as rt_nexthop sees it: an exception's gateway wins. */
  nextHop(dst: string, addrs: Iterable<AddrSpec>): Route4 | undefined {
    const r = this.lookup(dst, addrs);
    const gw = this.exceptions.get(dst);
    return r && gw ? { ...r, via: gw, redirected: true } : r;
  }

  /** The connected routes of the IPv4 addresses the guest has now, then the added ones. */
  table(addrs: Iterable<AddrSpec>): Route4[] {
    const connected: Route4[] = [];
    for (const a of addrs) {
      if (a.version !== 4) continue;
      const prefix = numToIp(v4num(a.ip) & maskOf(a.prefix));
      if (!connected.some((r) => r.prefix === prefix && r.len === a.prefix)) connected.push({ prefix, len: a.prefix });
    }
    return [...connected, ...this.added];
  }

  /**
   * fib_table_insert with NLM_F_EXCL; the gateway must be reachable on a link now
   * (fib_check_nh_v4_gw: a lookup of the gateway that fails, or finds another
   * gateway route, gives "Nexthop has invalid gateway").
   */
  add(r: Route4, addrs: Iterable<AddrSpec>): RouteAddResult {
    const list = [...addrs];
    // Same prefix, length, tos and metric as a route already there (connected ones included).
    if (this.table(list).some((x) => x.prefix === r.prefix && x.len === r.len))
      return { ok: false, errno: '-EEXIST', message: 'RTNETLINK answers: File exists' };
    const gwRoute = r.via ? this.lookup(r.via, list) : undefined;
    if (r.via && (!gwRoute || gwRoute.via))
      return { ok: false, errno: '-ENETUNREACH', message: 'Error: Nexthop has invalid gateway.' };
    this.added.push(r);
    return { ok: true };
  }

  /** fib_table_lookup: the longest matching prefix; undefined is "Network is unreachable". */
  lookup(dst: string, addrs: Iterable<AddrSpec>): Route4 | undefined {
    let best: Route4 | undefined;
    for (const r of this.table(addrs)) if (inPrefix(dst, r.prefix, r.len) && (!best || r.len > best.len)) best = r;
    return best;
  }
}

const numToIp = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');

/** Parses `dst` ("10.0.0.2/32", "10.1.0.0/16" or "default"), recording a problem at its path. */
function readPrefix(r: Reader): { prefix: string; len: number } | undefined {
  const s = r.string({ hint: 'an IPv4 prefix like "10.0.2.0/24", "10.0.0.2/32" or "default"' });
  if (s === undefined) return undefined;
  if (s === 'default') return { prefix: '0.0.0.0', len: 0 };
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s);
  const ip = m ? parseIp(m[1]) : undefined;
  if (!m || !ip?.ok || ip.value.version !== 4 || Number(m[2]) > 32) {
    r.issues.add(r.path, say.routePrefixBad(s));
    return undefined;
  }
  const len = Number(m[2]);
  const n = v4num(m[1]);
  // fib_table_insert / fib_valid_key_len: host bits set below the prefix length are refused.
  if ((n & ~maskOf(len)) >>> 0 !== 0) {
    r.issues.add(r.path, say.routePrefixHostBits(s, numToIp(n & maskOf(len)), len));
    return undefined;
  }
  return { prefix: m[1], len };
}

/** A gateway must be an IPv4 unicast address (fib_check_nh_v4_gw: the lookup must give RTN_UNICAST). */
function readGateway(r: Reader): string | undefined {
  const s = r.string({ hint: 'the router\'s IPv4 address, like "10.0.0.254"' });
  if (s === undefined) return undefined;
  const ip = parseIp(s);
  if (!ip.ok || ip.value.version !== 4) {
    r.issues.add(r.path, say.routeGatewayNotIpv4(s));
    return undefined;
  }
  const first = ip.value.bytes[0];
  if (s === '0.0.0.0' || s === '255.255.255.255' || (first >= 224 && first <= 239) || first === 127) {
    r.issues.add(r.path, say.routeGatewayNotUnicast(s));
    return undefined;
  }
  return s;
}

/** Validator of `route-add` {dst, via}: `ip route add <dst> via <via>`. */
export function readRouteAdd(a: Reader, issues: IssueList): void {
  a.onlyKeys(['dst', 'via']);
  readPrefix(a.at('dst'));
  readGateway(a.at('via'));
  void issues;
}

/** The arguments as the command gets them (validated at load). */
export function routeOf(args: Record<string, unknown>): Route4 {
  const d = String(args.dst);
  const [prefix, len] = d === 'default' ? ['0.0.0.0', '0'] : d.split('/');
  return { prefix, len: Number(len), via: String(args.via) };
}
