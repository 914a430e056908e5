// Configuration of a plain end host: one interface with a MAC, an IPv4 and/or IPv6
// address and optionally a VLAN it tags its frames with (a Linux VLAN sub-interface).
import { readCpuCost, type CpuCost } from '../stack/cpu-cost';
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import type { IpAddress, Mac } from '../../frame/address';
import { SK_WMEM_MAX } from './neigh';

export interface HostConfig {
  readonly mac: Mac;
  readonly ip?: IpAddress;
  readonly ip6?: IpAddress;
  /** Tag every frame with this C-VLAN and accept only frames tagged with it. */
  readonly vlan?: number;
  /** Accept frames to any MAC (tcpdump -p off): they are still not for the stack. */
  readonly promiscuous: boolean;
  /** ARP (or ND) retries before a ping reports the destination unreachable (Linux: 3). */
  readonly arpRetries: number;
  /** Time between ARP retries (Linux retrans_time: 1 s). */
  readonly arpRetransNs: number;
  /** Bytes (skb truesize) an unresolved neighbour entry may queue (unres_qlen_bytes, default SK_WMEM_MAX). */
  readonly unresQlenBytes: number;
  /** CPU cost per frame the host's stack handles (stack/cpu-cost.ts); absent: not counted. */
  readonly cpu?: CpuCost;
  /** net.ipv4.ip_forward=1: the host routes IPv4 between destinations on its link (forward.ts). */
  readonly ipForward: boolean;
  /** The prefix length of `ip` (its connected route), which forwarding and redirects need. */
  readonly prefix: number;
  /** net.ipv4.conf.{all,eth0}.send_redirects (Linux default 1): ICMP redirects when forwarding back out of eth0. */
  readonly sendRedirects: boolean;
}

export function readHostConfig(r: Reader, issues: IssueList): HostConfig | undefined {
  if (!r.object('host settings like {"mac": "02:00:00:00:00:01", "ip": "10.0.0.1"}')) return undefined;
  r.onlyKeys([
    'mac',
    'ip',
    'ip6',
    'vlan',
    'promiscuous',
    'arpRetries',
    'arpRetrans',
    'unresQlenBytes',
    'cpu',
    'ipForward',
    'prefix',
    'sendRedirects',
  ]);
  const before = issues.items.length;
  const mac = r.at('mac').mac();
  if (mac && (mac[0] & 1) === 1)
    issues.add(
      r.at('mac').path,
      'a host MAC must be unicast (the lowest bit of the first byte is the multicast bit)',
      'use a locally administered unicast MAC like 02:00:00:00:00:01',
    );
  const ip = r.has('ip') ? r.at('ip').ip({ version: 4 }) : undefined;
  const ip6 = r.has('ip6') ? r.at('ip6').ip({ version: 6 }) : undefined;
  const vlan = r.has('vlan') ? r.at('vlan').number({ integer: true, min: 1, max: 4094 }) : undefined;
  const promiscuous = r.at('promiscuous').boolean({ default: false }) ?? false;
  const arpRetries = r.at('arpRetries').number({ default: 3, integer: true, min: 1, max: 10 }) ?? 3;
  const arpRetransNs = r.at('arpRetrans').duration({ default: 1e9 }) ?? 1e9;
  const unresQlenBytes =
    r.at('unresQlenBytes').number({ default: SK_WMEM_MAX, integer: true, min: 0, max: 1 << 30 }) ?? SK_WMEM_MAX;
  const cpu = readCpuCost(r);
  const ipForward = r.at('ipForward').boolean({ default: false }) ?? false;
  if (ipForward && !r.has('ip'))
    issues.add(r.at('ipForward').path, 'a router needs an IPv4 address ("ip") to forward IPv4 and to send ICMP');
  const prefix = r.at('prefix').number({ default: 24, integer: true, min: 0, max: 32 }) ?? 24;
  const sendRedirects = r.at('sendRedirects').boolean({ default: true }) ?? true;
  if (issues.items.length > before || !mac) return undefined;
  return {
    mac,
    ip,
    ip6,
    vlan,
    promiscuous,
    arpRetries,
    arpRetransNs,
    unresQlenBytes,
    ...(cpu && { cpu }),
    ipForward,
    prefix,
    sendRedirects,
  };
}

export function readPingArgs(r: Reader, issues: IssueList): void {
  r.onlyKeys(['dst', 'count', 'interval', 'id', 'size']);
  r.at('dst').ip();
  r.at('count').number({ default: 1, integer: true, min: 1, max: 10000 });
  r.at('interval').duration({ default: 1e6 });
  r.at('id').number({ default: 1, integer: true, min: 0, max: 0xffff });
  r.at('size').number({ default: 56, integer: true, min: 0, max: 9000 });
  void issues;
}

export function readUdpArgs(r: Reader, issues: IssueList): void {
  r.onlyKeys(['dst', 'dstMac', 'srcPort', 'dstPort', 'payload']);
  // Without dstMac the datagram goes through the neighbour table (resolved, queued or failed there).
  r.at('dst').ip();
  if (r.has('dstMac')) r.at('dstMac').mac();
  r.at('srcPort').number({ default: 40000, integer: true, min: 0, max: 0xffff });
  r.at('dstPort').number({ integer: true, min: 0, max: 0xffff });
  r.at('payload').string({ default: '' });
  void issues;
}

export function readArpArgs(r: Reader, issues: IssueList): void {
  r.onlyKeys(['ip', 'gratuitous']);
  if (!r.has('gratuitous')) r.at('ip').ip({ version: 4 });
  r.at('gratuitous').boolean({ default: false });
  void issues;
}
