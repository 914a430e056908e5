// Per-port policy of the adjacent switch: ACL rules matched on MAC, VLAN, IP and L4 port,
// with actions allow / deny / count / mirror. This is what VEPA buys: the switch sees
// guest-to-guest traffic and can police it (fact sheet §3.5 "Benefit", §3.7).
//
// Where it runs: once per egress copy, with both the ingress and the egress port known,
// like an nftables bridge-family `forward` chain (`iifname`/`oifname`, NF_BR_FORWARD in
// __br_forward) or a switch's port ACL. A rule on port P with dir "in" applies to frames
// that came in on P, "out" to frames leaving by P, "both" to either; so a reflected frame
// (in and out on the same port) meets the port's rules twice (§3.7). scope "reflected"
// limits a rule to hairpinned frames (ingress port = egress port).
// Evaluation: the ingress port's rules, then the egress port's, first allow/deny wins;
// count and mirror act and evaluation goes on; no verdict → the port's default action.
// IP and L4 matches never match ARP (ARP has no IP header): an ICMP deny leaves ARP working.
import { parseEthernet, ETH_P } from '../../frame/ethernet';
import { formatMac } from '../../frame/address';
import { u16 } from '../../frame/bytes';
import * as say from './words';

export type AclAction = 'allow' | 'deny' | 'count' | 'mirror';
export type AclDir = 'in' | 'out' | 'both';

export interface AclMatch {
  readonly srcMac?: string;
  readonly dstMac?: string;
  /** VLAN id of the frame as the bridge classified it. */
  readonly vlan?: number;
  /** "10.0.0.5" or "10.0.0.0/24" (IPv4 or IPv6). */
  readonly srcIp?: string;
  readonly dstIp?: string;
  /** "icmp", "tcp", "udp", "icmpv6", "arp", "ipv4", "ipv6" or an IP protocol number. */
  readonly proto?: string | number;
  readonly srcPort?: number;
  readonly dstPort?: number;
}

export interface AclRule {
  readonly id: string;
  readonly dir: AclDir;
  readonly scope: 'reflected' | 'all';
  readonly match: AclMatch;
  readonly action: AclAction;
  /** For mirror: the bridge port that receives a copy (a SPAN port). */
  readonly mirrorTo?: string;
}

export interface PortPolicy {
  readonly rules: readonly AclRule[];
  /** What happens when no allow/deny rule matched (a VSI-style "deny unless associated"). */
  readonly defaultAction: 'allow' | 'deny';
}

export const EMPTY_POLICY: PortPolicy = { rules: [], defaultAction: 'allow' };

/** The fields a rule can match, read once from the frame bytes. */
export interface FrameFacts {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly vlan: number;
  /** The frame carries an 802.1Q C-tag (so `vlan[0].vid` exists in its bytes). */
  readonly cTagged: boolean;
  readonly ethertype: number;
  readonly ipVersion?: 4 | 6;
  readonly srcIp?: Uint8Array;
  readonly dstIp?: Uint8Array;
  readonly proto?: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
}

export function frameFacts(bytes: Uint8Array, vlan: number): FrameFacts {
  const eth = parseEthernet(bytes);
  const base = {
    srcMac: formatMac(eth.src),
    dstMac: formatMac(eth.dst),
    vlan,
    cTagged: eth.tags[0]?.tpid === ETH_P.VLAN,
    ethertype: eth.ethertype,
  };
  const o = eth.payloadOffset;
  if (eth.ethertype === ETH_P.IPV4 && bytes.length >= o + 20) {
    const ihl = (bytes[o] & 0xf) * 4;
    const proto = bytes[o + 9];
    const l4 = o + ihl;
    const ports =
      (proto === 6 || proto === 17) && bytes.length >= l4 + 4
        ? { srcPort: u16(bytes, l4), dstPort: u16(bytes, l4 + 2) }
        : {};
    return {
      ...base,
      ipVersion: 4,
      srcIp: bytes.slice(o + 12, o + 16),
      dstIp: bytes.slice(o + 16, o + 20),
      proto,
      ...ports,
    };
  }
  if (eth.ethertype === ETH_P.IPV6 && bytes.length >= o + 40) {
    const proto = bytes[o + 6];
    const l4 = o + 40;
    const ports =
      (proto === 6 || proto === 17) && bytes.length >= l4 + 4
        ? { srcPort: u16(bytes, l4), dstPort: u16(bytes, l4 + 2) }
        : {};
    return {
      ...base,
      ipVersion: 6,
      srcIp: bytes.slice(o + 8, o + 24),
      dstIp: bytes.slice(o + 24, o + 40),
      proto,
      ...ports,
    };
  }
  return base;
}

const PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 };

/** A prefix "a.b.c.d/n" or address, parsed; undefined when malformed. */
export function parsePrefix(text: string): { bytes: Uint8Array; len: number } | undefined {
  const [addr, lenText] = text.split('/');
  let bytes: Uint8Array | undefined;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(addr)) {
    const parts = addr.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    bytes = Uint8Array.from(parts);
  } else if (addr.includes(':')) {
    bytes = parseV6(addr);
  }
  if (!bytes) return undefined;
  const len = lenText === undefined ? bytes.length * 8 : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bytes.length * 8) return undefined;
  return { bytes, len };
}

function parseV6(s: string): Uint8Array | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (h: string) => (h === '' ? [] : h.split(':').map((w) => parseInt(w, 16)));
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  if (all.some((w) => !(w >= 0 && w <= 0xffff))) return undefined;
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

function inPrefix(ip: Uint8Array | undefined, text: string): boolean {
  const p = parsePrefix(text);
  if (!ip || !p || p.bytes.length !== ip.length) return false;
  for (let bit = 0; bit < p.len; bit++) {
    const m = 0x80 >> (bit % 8);
    if ((ip[bit >> 3] & m) !== (p.bytes[bit >> 3] & m)) return false;
  }
  return true;
}

/** Does the rule's match hold for these facts? Returns the field paths it read. */
export function matches(m: AclMatch, f: FrameFacts): { ok: boolean; reads: string[] } {
  const reads: string[] = [];
  const ip = f.ipVersion === 6 ? 'ipv6' : 'ipv4';
  let ok = true;
  const test = (cond: boolean, ...paths: string[]) => {
    reads.push(...paths);
    if (!cond) ok = false;
  };
  if (m.srcMac !== undefined) test(m.srcMac.toLowerCase() === f.srcMac, 'eth.src');
  if (m.dstMac !== undefined) test(m.dstMac.toLowerCase() === f.dstMac, 'eth.dst');
  // Only fields the frame has are reported as read; an absent header decides by eth.type.
  if (m.vlan !== undefined) test(m.vlan === f.vlan, f.cTagged ? 'vlan[0].vid' : 'eth.type');
  const l3 = f.ipVersion === 6 ? 'ipv6.nextHeader' : 'ipv4.protocol';
  if (m.proto !== undefined) {
    const p = m.proto;
    if (p === 'arp') test(f.ethertype === ETH_P.ARP, 'eth.type');
    else if (p === 'ipv4') test(f.ipVersion === 4, 'eth.type');
    else if (p === 'ipv6') test(f.ipVersion === 6, 'eth.type');
    else
      test(
        f.proto !== undefined && f.proto === (typeof p === 'number' ? p : PROTO[p]),
        'eth.type',
        ...(f.ipVersion ? [l3] : []),
      );
  }
  const ipRead = (field: 'src' | 'dst') => (f.ipVersion ? `${ip}.${field}` : 'eth.type');
  if (m.srcIp !== undefined) test(inPrefix(f.srcIp, m.srcIp), ipRead('src'));
  if (m.dstIp !== undefined) test(inPrefix(f.dstIp, m.dstIp), ipRead('dst'));
  const l4 = f.proto === 6 ? 'tcp' : 'udp';
  const portRead = (field: 'srcPort' | 'dstPort') =>
    f[field] !== undefined ? `${l4}.${field}` : f.ipVersion ? l3 : 'eth.type';
  if (m.srcPort !== undefined) test(f.srcPort === m.srcPort, portRead('srcPort'));
  if (m.dstPort !== undefined) test(f.dstPort === m.dstPort, portRead('dstPort'));
  return { ok, reads: [...new Set(reads)] };
}

export interface AclHit {
  readonly port: string;
  readonly rule: AclRule;
}

export interface AclVerdict {
  readonly verdict: 'allow' | 'deny';
  /** The allow/deny rule that decided, or undefined when a default applied. */
  readonly decidedBy?: AclHit;
  /** Which port's default applied, when no rule decided. */
  readonly defaultOf?: string;
  readonly counted: readonly AclHit[];
  readonly mirrored: readonly AclHit[];
  readonly reads: readonly string[];
}

/**
 * Run the ingress port's rules (dir in/both) then the egress port's (dir out/both).
 * A deny default on either port denies when no rule decided (ingress checked first).
 */
/** No rules and default allow: most ports, and nothing to evaluate. */
/** A policy with no rules that allows everything: nothing to evaluate. */
export const isOpen = (p: PortPolicy): boolean => p.rules.length === 0 && p.defaultAction === 'allow';
export const OPEN_VERDICT: AclVerdict = Object.freeze({ verdict: 'allow', counted: [], mirrored: [], reads: [] });

export function evaluatePolicy(
  policyOf: (port: string) => PortPolicy,
  inPort: string,
  outPort: string,
  facts: FrameFacts | (() => FrameFacts),
): AclVerdict {
  // Facts are parsed only when a rule needs them: most ports have no rules, and this
  // runs for every copy the switch sends.
  const inPolicy = policyOf(inPort);
  const outPolicy = policyOf(outPort);
  if (isOpen(inPolicy) && isOpen(outPolicy)) return OPEN_VERDICT;
  let f: FrameFacts | undefined = typeof facts === 'function' ? undefined : facts;
  const get = (): FrameFacts => (f ??= (facts as () => FrameFacts)());
  const reflected = inPort === outPort;
  const counted: AclHit[] = [];
  const mirrored: AclHit[] = [];
  const reads = new Set<string>();
  const passes: [string, AclDir][] = [
    [inPort, 'in'],
    [outPort, 'out'],
  ];
  for (const [port, dir] of passes) {
    for (const rule of policyOf(port).rules) {
      if (rule.dir !== 'both' && rule.dir !== dir) continue;
      if (rule.scope === 'reflected' && !reflected) continue;
      const m = matches(rule.match, get());
      m.reads.forEach((r) => reads.add(r));
      if (!m.ok) continue;
      const hit = { port, rule };
      if (rule.action === 'count') counted.push(hit);
      else if (rule.action === 'mirror') mirrored.push(hit);
      else return { verdict: rule.action, decidedBy: hit, counted, mirrored, reads: [...reads] };
    }
  }
  for (const port of [inPort, outPort]) {
    if (policyOf(port).defaultAction === 'deny')
      return { verdict: 'deny', defaultOf: port, counted, mirrored, reads: [...reads] };
  }
  return { verdict: 'allow', counted, mirrored, reads: [...reads] };
}

/** A rule in the words a student reads in the trace. */
export function describeRule(port: string, r: AclRule): string {
  const m = r.match;
  const parts = [
    m.srcMac && `src MAC ${m.srcMac}`,
    m.dstMac && `dst MAC ${m.dstMac}`,
    m.vlan !== undefined && `VLAN ${m.vlan}`,
    m.proto !== undefined && `${m.proto}`,
    m.srcIp && `from ${m.srcIp}`,
    m.dstIp && `to ${m.dstIp}`,
    m.srcPort !== undefined && `src port ${m.srcPort}`,
    m.dstPort !== undefined && `dst port ${m.dstPort}`,
  ].filter(Boolean);
  const where = say.describeRuleWords(r, port);
  return say.describeRuleWords2(parts, r, where);
}
