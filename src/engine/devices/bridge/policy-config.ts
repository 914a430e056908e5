// Reading ACL rules and port policies from scenario JSON (port config "policy" and the
// `acl-add` / `acl-default` commands). Every problem is reported with its path.
import type { Reader } from '../../scenario/read';
import { formatMac } from '../../frame/address';
import { parsePrefix, type AclRule, type PortPolicy, type AclMatch } from './acl';

const MATCH_KEYS = ['srcMac', 'dstMac', 'vlan', 'srcIp', 'dstIp', 'proto', 'srcPort', 'dstPort'];
const PROTOS = ['icmp', 'tcp', 'udp', 'icmpv6', 'arp', 'ipv4', 'ipv6'];

export function readRule(r: Reader, fallbackId: string): AclRule | undefined {
  if (!r.object('a rule like {"id": "no-ping", "match": {"proto": "icmp"}, "action": "deny"}')) return undefined;
  r.onlyKeys(['id', 'dir', 'scope', 'match', 'action', 'mirrorTo']);
  const id = r
    .at('id')
    .string({ default: fallbackId, pattern: /^[\w.-]{1,32}$/, hint: 'letters, digits, "_", "-", "."' });
  const dir = r.at('dir').string({ default: 'both', oneOf: ['in', 'out', 'both'] }) as AclRule['dir'] | undefined;
  const scope = r.at('scope').string({ default: 'all', oneOf: ['reflected', 'all'] }) as AclRule['scope'] | undefined;
  const action = r.at('action').string({ oneOf: ['allow', 'deny', 'count', 'mirror'] }) as
    AclRule['action'] | undefined;
  const mirrorTo = r.has('mirrorTo') ? r.at('mirrorTo').string() : undefined;
  if (action === 'mirror' && mirrorTo === undefined)
    r.issues.add(r.at('mirrorTo').path, 'is required for a mirror rule', 'the port that gets a copy, e.g. "p3"');
  const match = readMatch(r.at('match'));
  if (!id || !dir || !scope || !action || !match || (action === 'mirror' && !mirrorTo)) return undefined;
  return { id, dir, scope, action, match, ...(mirrorTo !== undefined && { mirrorTo }) };
}

function readMatch(r: Reader): AclMatch | undefined {
  if (r.value === undefined) return {};
  if (!r.object('a match like {"proto": "icmp", "srcIp": "10.0.0.1"}')) return undefined;
  r.onlyKeys(MATCH_KEYS);
  const before = r.issues.items.length;
  const m: Record<string, unknown> = {};
  for (const k of ['srcMac', 'dstMac'] as const) {
    if (!r.has(k)) continue;
    const mac = r.at(k).mac();
    if (mac) m[k] = formatMac(mac);
  }
  if (r.has('vlan')) m.vlan = r.at('vlan').number({ integer: true, min: 0, max: 4094 });
  for (const k of ['srcIp', 'dstIp'] as const) {
    if (!r.has(k)) continue;
    const s = r.at(k).string();
    if (s !== undefined && !parsePrefix(s))
      r.issues.add(r.at(k).path, `"${s}" is not an address or prefix`, 'like "10.0.0.1", "10.0.0.0/24" or "fd00::/64"');
    m[k] = s;
  }
  if (r.has('proto')) {
    const v = r.at('proto').value;
    m.proto =
      typeof v === 'number'
        ? r.at('proto').number({ integer: true, min: 0, max: 255 })
        : r.at('proto').string({ oneOf: PROTOS });
  }
  for (const k of ['srcPort', 'dstPort'] as const)
    if (r.has(k)) m[k] = r.at(k).number({ integer: true, min: 0, max: 65535 });
  return r.issues.items.length > before ? undefined : (m as AclMatch);
}

export function readPolicy(r: Reader): PortPolicy | undefined {
  if (!r.object('a policy like {"default": "allow", "rules": [...]}')) return undefined;
  r.onlyKeys(['default', 'rules']);
  const defaultAction = r.at('default').string({ default: 'allow', oneOf: ['allow', 'deny'] }) as
    PortPolicy['defaultAction'] | undefined;
  const rules: AclRule[] = [];
  const ids = new Set<string>();
  (r.at('rules').array(false) ?? []).forEach((x, i) => {
    const rule = readRule(x, `rule${i + 1}`);
    if (!rule) return;
    if (ids.has(rule.id)) x.issues.add(x.at('id').path, `rule id "${rule.id}" is used twice on this port`);
    ids.add(rule.id);
    rules.push(rule);
  });
  return defaultAction ? { defaultAction, rules } : undefined;
}
