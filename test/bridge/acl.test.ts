// The switch policy in isolation: what a frame's facts are, which rules match, the order
// rules are checked in (ingress port's, then egress port's; first allow/deny wins; count
// and mirror go on), and config validation with paths.
import { describe, expect, it } from 'vitest';
import {
  frameFacts,
  matches,
  evaluatePolicy,
  parsePrefix,
  EMPTY_POLICY,
  type PortPolicy,
  type AclRule,
} from '../../src/engine/devices/bridge/acl';
import { icmpEcho, arpRequest, udpFrame } from '../../src/engine/frame/packets';
import { mac, parseIp } from '../../src/engine/frame/address';
import { loadScenario } from '../../src/engine/scenario/load';
import { deviceTypes } from '../../src/engine/devices/registry';

const ip = (s: string) => {
  const r = parseIp(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const A = mac('02:00:00:00:00:0a');
const B = mac('02:00:00:00:00:0b');
const ping = icmpEcho({
  type: 'request',
  id: 1,
  seq: 1,
  srcMac: A,
  dstMac: B,
  srcIp: ip('10.0.0.1'),
  dstIp: ip('10.0.0.2'),
});
const arp = arpRequest({ srcMac: A, srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2') });

describe('frame facts and matching', () => {
  it('reads MACs, VLAN, IP addresses and protocol from the bytes', () => {
    const f = frameFacts(ping, 10);
    expect(f).toMatchObject({
      srcMac: '02:00:00:00:00:0a',
      dstMac: '02:00:00:00:00:0b',
      vlan: 10,
      ipVersion: 4,
      proto: 1,
    });
    expect([...f.srcIp!]).toEqual([10, 0, 0, 1]);
  });
  it('matches prefixes and reports the fields it read', () => {
    const f = frameFacts(ping, 0);
    expect(matches({ srcIp: '10.0.0.0/24', proto: 'icmp' }, f)).toEqual({
      ok: true,
      reads: ['eth.type', 'ipv4.protocol', 'ipv4.src'],
    });
    expect(matches({ dstIp: '10.0.1.0/24' }, f).ok).toBe(false);
    expect(matches({ srcMac: '02:00:00:00:00:0a', vlan: 0 }, f).ok).toBe(true);
  });
  it('never matches an IP rule against ARP', () => {
    const f = frameFacts(arp, 0);
    expect(matches({ srcIp: '10.0.0.1' }, f).ok).toBe(false);
    expect(matches({ proto: 'icmp' }, f).ok).toBe(false);
    expect(matches({ proto: 'arp' }, f).ok).toBe(true);
  });
  it('matches UDP ports', () => {
    const u = udpFrame({
      srcMac: A,
      dstMac: B,
      srcIp: ip('10.0.0.1'),
      dstIp: ip('10.0.0.2'),
      srcPort: 40000,
      dstPort: 5001,
      payload: new Uint8Array(4),
    });
    expect(matches({ proto: 'udp', dstPort: 5001 }, frameFacts(u, 0)).ok).toBe(true);
    expect(matches({ dstPort: 53 }, frameFacts(u, 0)).ok).toBe(false);
  });
  it('parses IPv4 and IPv6 prefixes and refuses bad ones', () => {
    expect(parsePrefix('10.0.0.0/8')).toEqual({ bytes: Uint8Array.from([10, 0, 0, 0]), len: 8 });
    expect(parsePrefix('fd00::/64')?.len).toBe(64);
    expect(parsePrefix('10.0.0.300')).toBeUndefined();
    expect(parsePrefix('10.0.0.0/33')).toBeUndefined();
  });
});

describe('evaluation order', () => {
  const rule = (id: string, action: AclRule['action'], more: Partial<AclRule> = {}): AclRule => ({
    id,
    dir: 'both',
    scope: 'all',
    match: {},
    action,
    ...more,
  });
  const pol = (p: Record<string, PortPolicy>) => (port: string) => p[port] ?? EMPTY_POLICY;
  const f = frameFacts(ping, 0);
  it('ingress port rules come before egress port rules; the first allow/deny wins', () => {
    const v = evaluatePolicy(
      pol({
        p1: { defaultAction: 'allow', rules: [rule('in-allow', 'allow', { dir: 'in' })] },
        p2: { defaultAction: 'allow', rules: [rule('out-deny', 'deny', { dir: 'out' })] },
      }),
      'p1',
      'p2',
      f,
    );
    expect(v).toMatchObject({ verdict: 'allow', decidedBy: { port: 'p1', rule: { id: 'in-allow' } } });
  });
  it('count and mirror act and checking goes on', () => {
    const v = evaluatePolicy(
      pol({
        p1: {
          defaultAction: 'allow',
          rules: [rule('c', 'count'), rule('m', 'mirror', { mirrorTo: 'p9' }), rule('d', 'deny')],
        },
      }),
      'p1',
      'p2',
      f,
    );
    expect(v.verdict).toBe('deny');
    expect(v.counted.map((h) => h.rule.id)).toEqual(['c']);
    expect(v.mirrored.map((h) => h.rule.id)).toEqual(['m']);
  });
  it('reflected-only rules skip frames between two different ports', () => {
    const p = pol({ p1: { defaultAction: 'allow', rules: [rule('r', 'deny', { scope: 'reflected' })] } });
    expect(evaluatePolicy(p, 'p1', 'p2', f).verdict).toBe('allow');
    expect(evaluatePolicy(p, 'p1', 'p1', f).verdict).toBe('deny');
  });
  it('a deny default on either port applies when no rule decides', () => {
    const v = evaluatePolicy(pol({ p2: { defaultAction: 'deny', rules: [] } }), 'p1', 'p2', f);
    expect(v).toMatchObject({ verdict: 'deny', defaultOf: 'p2' });
  });
});

describe('config validation', () => {
  const bridge = (ports: unknown[]) => ({ name: 'x', nodes: [{ id: 'sw', type: 'bridge', config: { ports } }] });
  const issues = (ports: unknown[]) => {
    const r = loadScenario(bridge(ports), deviceTypes);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  it('accepts flags, policies and S-channel settings', () => {
    expect(
      issues([
        {
          name: 'p1',
          hairpin: true,
          isolated: true,
          policy: {
            default: 'deny',
            rules: [{ id: 'a', match: { srcIp: '10.0.0.0/24', proto: 'icmp' }, action: 'allow' }],
          },
        },
        { name: 'p2', schannel: { chnCap: 2, pool: [10, 12], channels: { '1': { hairpin: true } } } },
      ]),
    ).toEqual([]);
  });
  it('reports bad rules and S-channel settings with their paths', () => {
    const got = issues([
      {
        name: 'p1',
        hairpin: 'yes',
        policy: {
          rules: [{ action: 'drop' }, { action: 'mirror' }, { action: 'deny', match: { srcIp: '10.0.0.0/40' } }],
        },
      },
      { name: 'p2', hairpin: true, schannel: { pool: [20, 10], channels: { '999': {} } } },
    ]);
    expect(got.some((g) => g.startsWith('$.nodes[0].config.ports[0].hairpin'))).toBe(true);
    expect(got.some((g) => g.startsWith('$.nodes[0].config.ports[0].policy.rules[0].action'))).toBe(true);
    expect(got.some((g) => g.startsWith('$.nodes[0].config.ports[0].policy.rules[1].mirrorTo'))).toBe(true);
    expect(got.some((g) => g.startsWith('$.nodes[0].config.ports[0].policy.rules[2].match.srcIp'))).toBe(true);
    expect(got.some((g) => g.startsWith('$.nodes[0].config.ports[1].schannel.pool'))).toBe(true);
    expect(got.some((g) => g.includes('"999" is not an SCID'))).toBe(true);
  });
  it('refuses port flags on an S-channel port: its channels have their own', () => {
    expect(issues([{ name: 'p2', hairpin: true, schannel: { pool: [10, 20] } }])).toEqual([
      '$.nodes[0].config.ports[0]: an S-channel port switches nothing itself: set flags per channel',
    ]);
  });
});
