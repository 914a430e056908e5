// Bridge configuration: its ports, each an access port (one untagged VLAN) or a trunk
// (tagged VLANs plus an optional native one), and the FDB ageing time. With no VLAN
// settings on any port the bridge is VLAN-unaware, like Linux with vlan_filtering 0.
import { readCpuCost, type CpuCost } from '../stack/cpu-cost';
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { DEFAULT_FLAGS, FLAG_NAMES, readFlags, type PortFlags } from './ports';
import type { PortPolicy } from './acl';
import { readPolicy } from './policy-config';
import { readSchannel, type SchannelConfig } from './schannel';

export interface BridgePortConfig {
  readonly name: string;
  readonly mode: 'access' | 'trunk';
  /** Access VLAN, or the trunk's native (untagged) VLAN when set. */
  readonly pvid?: number;
  /** Tagged VLANs a trunk carries. */
  readonly vlans: readonly number[];
  /** hairpin, learning, flood, mcastFlood, bcastFlood, isolated (ports.ts). */
  readonly flags: PortFlags;
  /** ACL rules and default action (acl.ts). */
  readonly policy?: PortPolicy;
  /** This physical port carries S-channels (schannel.ts); its virtual ports do the switching. */
  readonly schannel?: SchannelConfig;
}

export interface BridgeConfig {
  readonly ports: readonly BridgePortConfig[];
  readonly vlanFiltering: boolean;
  /** FDB entry lifetime; 0 disables learning (Linux: hold_time 0). Linux default 300 s. */
  readonly ageingNs: number;
  /** The bridge device itself receives its local copies (local.ts); off keeps the older, port-only model. */
  readonly local: boolean;
  /** The bridge device's own MAC (its is_local FDB entry); implies `local`. */
  readonly mac?: string;
  /** CPU cost per frame, when the bridge is Linux's in a host (stack/cpu-cost.ts); a switch's silicon has none. */
  readonly cpu?: CpuCost;
}

const PORT_KEYS = ['name', 'mode', 'pvid', 'vlans', ...FLAG_NAMES, 'policy', 'schannel'];

export function readBridgeConfig(r: Reader, issues: IssueList): BridgeConfig | undefined {
  if (!r.object('bridge settings like {"ports": ["p1", "p2"]}')) return undefined;
  r.onlyKeys(['ports', 'vlanFiltering', 'ageing', 'local', 'mac', 'cpu']);
  const before = issues.items.length;
  const ports: BridgePortConfig[] = [];
  let anyVlan = false;
  const list = r.at('ports').array() ?? [];
  if (list.length === 0 && r.has('ports')) issues.add(r.at('ports').path, 'a bridge needs at least one port');
  for (const p of list) {
    if (typeof p.value === 'string') {
      const name = p.string({
        pattern: /^[\w.-]{1,15}$/,
        hint: 'port names are 1-15 letters, digits, "_", "-" or "." (IFNAMSIZ)',
      });
      if (name) ports.push({ name, mode: 'access', vlans: [], flags: DEFAULT_FLAGS });
      continue;
    }
    if (!p.object('a port name or {"name": "p1", "mode": "access", "pvid": 10}')) continue;
    p.onlyKeys(PORT_KEYS);
    const name = p
      .at('name')
      .string({ pattern: /^[\w.-]{1,15}$/, hint: 'port names are 1-15 letters, digits, "_", "-" or "."' });
    const mode = (p.at('mode').string({ default: 'access', oneOf: ['access', 'trunk'] }) ?? 'access') as
      'access' | 'trunk';
    const pvid = p.has('pvid') ? p.at('pvid').number({ integer: true, min: 1, max: 4094 }) : undefined;
    const vlans = (p.at('vlans').array(false) ?? [])
      .map((v) => v.number({ integer: true, min: 1, max: 4094 }))
      .filter((v): v is number => v !== undefined);
    if (mode === 'access' && vlans.length > 0)
      issues.add(
        p.at('vlans').path,
        'an access port carries one untagged VLAN: use "pvid"',
        'set "mode": "trunk" to carry tagged VLANs',
      );
    if (mode === 'trunk' && vlans.length === 0 && pvid === undefined)
      issues.add(
        p.path,
        'a trunk port carries no VLAN',
        'list its tagged VLANs in "vlans" and/or a native one in "pvid"',
      );
    if (p.has('mode') || pvid !== undefined || vlans.length > 0) anyVlan = true;
    const flags = readFlags(p, DEFAULT_FLAGS);
    const policy = p.has('policy') ? readPolicy(p.at('policy')) : undefined;
    const schannel = p.has('schannel') ? readSchannel(p.at('schannel')) : undefined;
    if (schannel && FLAG_NAMES.some((f) => p.has(f)))
      issues.add(
        p.path,
        'an S-channel port switches nothing itself: set flags per channel',
        'use "schannel": {"channels": {"1": {"hairpin": true}}}',
      );
    if (name)
      ports.push({
        name,
        mode,
        pvid: mode === 'access' ? (pvid ?? 1) : pvid,
        vlans,
        flags,
        ...(policy && { policy }),
        ...(schannel && { schannel }),
      });
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (names.has(p.name)) issues.add(r.at('ports').at(i).path, `port "${p.name}" is listed twice`);
    names.add(p.name);
  });
  const vlanFiltering = r.at('vlanFiltering').boolean({ default: anyVlan }) ?? anyVlan;
  const ageingNs = r.at('ageing').duration({ default: 300e9 }) ?? 300e9;
  const mac = r
    .at('mac')
    .string({
      required: false,
      pattern: /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/,
      hint: 'a MAC like "02:00:00:00:00:fe"',
    })
    ?.toLowerCase();
  const local = (r.at('local').boolean({ default: mac !== undefined }) ?? false) || mac !== undefined;
  const cpu = readCpuCost(r);
  if (issues.items.length > before) return undefined;
  return { ports, vlanFiltering, ageingNs, local, ...(mac && { mac }), ...(cpu && { cpu }) };
}
