// The host's neighbour table, rule by rule, each expected value from the kernel source:
//   net/ipv4/arp.c arp_process, net/core/neighbour.c __neigh_update / __neigh_event_send /
//   neigh_timer_handler / neigh_invalidate / neigh_add, net/ipv6/ndisc.c ndisc_recv_ns.
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { SK_WMEM_MAX, skbTruesize } from '../../src/engine/devices/host/neigh';
import { loadScenario } from '../../src/engine/scenario/load';
import type { Trace } from '../../src/engine/sim/types';
import { finalState, MAC, run, star } from '../helpers/run';

const OTHER = '02:00:00:00:00:22';
/** A raw ARP frame sent out of h2's eth0 (h2's own stack is not involved). */
const arpFrom = (at: string, op: 'request' | 'reply', src: string, spa: string, tpa: string, dst?: string) => ({
  at,
  node: 'h2',
  port: 'eth0',
  frame: { eth: { src, ...(dst && { dst }) }, arp: { op, spa, tpa } },
});
const neighAdd = (at: string, ip = '10.0.0.2', lladdr = MAC(2)) => ({
  at,
  node: 'h1',
  command: 'neigh-add',
  args: { ip, lladdr },
});
const net = (traffic: unknown[], hostExtra: Record<string, unknown> = {}): Trace => {
  const s = star(3, { traffic }) as { nodes: { type: string; config: Record<string, unknown> }[] };
  for (const n of s.nodes) if (n.type === 'host') Object.assign(n.config, hostExtra);
  return run(s);
};
const h1Entry = (t: Trace) => [finalState(t).get('h1/neigh/10.0.0.2'), finalState(t).get('h1/lladdr/10.0.0.2')];

describe('arp_process: what creates and what changes an entry', () => {
  it('an unsolicited ARP reply creates no entry (arp_accept = 0)', () => {
    const t = net([arpFrom('10us', 'reply', MAC(2), '10.0.0.2', '10.0.0.1', MAC(1))]);
    expect(h1Entry(t)).toEqual([undefined, undefined]);
    expect(t.steps.some((s) => s.node === 'h1' && s.source === 'arp_process (arp_accept = 0)')).toBe(true);
  });

  it('an ARP request for our address creates the sender’s entry as STALE (neigh_event_ns)', () => {
    const t = net([arpFrom('10us', 'request', MAC(2), '10.0.0.2', '10.0.0.1')]);
    expect(h1Entry(t)).toEqual(['STALE', MAC(2)]);
  });

  it('a request not for us refreshes an entry we have: a new MAC after locktime (1 s) replaces the old', () => {
    const t = net([
      arpFrom('10us', 'request', MAC(2), '10.0.0.2', '10.0.0.1'),
      arpFrom('1500ms', 'request', OTHER, '10.0.0.2', '10.0.0.3'),
    ]);
    expect(h1Entry(t)).toEqual(['STALE', OTHER]);
  });

  it('a request not for us creates nothing when we have no entry', () => {
    const t = net([arpFrom('10us', 'request', MAC(2), '10.0.0.2', '10.0.0.3')]);
    expect(h1Entry(t)).toEqual([undefined, undefined]);
  });

  it('within locktime a different MAC is ignored: the first answer wins', () => {
    const t = net([
      arpFrom('10us', 'request', MAC(2), '10.0.0.2', '10.0.0.1'),
      arpFrom('500ms', 'request', OTHER, '10.0.0.2', '10.0.0.3'),
    ]);
    expect(h1Entry(t)).toEqual(['STALE', MAC(2)]);
  });

  it('…except from a gratuitous ARP (sip == tip: arp_is_garp overrides)', () => {
    const t = net([
      arpFrom('10us', 'request', MAC(2), '10.0.0.2', '10.0.0.1'),
      arpFrom('500ms', 'request', OTHER, '10.0.0.2', '10.0.0.2'),
    ]);
    expect(h1Entry(t)).toEqual(['STALE', OTHER]);
  });

  it('a solicited unicast reply makes the entry REACHABLE; the asker’s entry at the answerer is STALE, then DELAY', () => {
    const t = net([{ at: '10us', node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }]);
    expect(h1Entry(t)).toEqual(['REACHABLE', MAC(2)]);
    // neigh_event_ns made it STALE; the echo reply used it: __neigh_event_send STALE -> DELAY.
    expect(finalState(t).get('h2/neigh/10.0.0.1')).toBe('DELAY');
  });
});

describe('ip neigh add … nud permanent', () => {
  it('no ARP message changes a PERMANENT entry: gratuitous ARP and a request to us alike', () => {
    const t = net([
      neighAdd('1us'),
      arpFrom('10us', 'request', OTHER, '10.0.0.2', '10.0.0.2'),
      arpFrom('20us', 'request', OTHER, '10.0.0.2', '10.0.0.1'),
    ]);
    expect(h1Entry(t)).toEqual(['PERMANENT', MAC(2)]);
    // The request is still answered, straight to its sender hardware address (arp_send, no lookup).
    const reply = t.steps.filter((s) => s.node === 'h1' && s.source === 'arp_send (ARPOP_REPLY)');
    expect(reply.map((s) => s.decision)).toEqual([`ARP reply: 10.0.0.1 is at ${MAC(1)}, sent to ${OTHER}.`]);
  });

  it('adding an entry that exists returns -EEXIST (NLM_F_EXCL) and changes nothing', () => {
    const t = net([neighAdd('1us'), neighAdd('2us', '10.0.0.2', OTHER)]);
    const answers = t.steps.filter((s) => s.source.startsWith('neigh_add')).map((s) => s.detail?.returns);
    expect(answers).toEqual([
      { errno: 0, to: 'ip neigh add' },
      { errno: -17, to: 'ip neigh add' },
    ]);
    expect(h1Entry(t)).toEqual(['PERMANENT', MAC(2)]);
  });

  it('reports bad arguments with their JSON path', () => {
    const s = star(2, {
      traffic: [
        {
          at: 0,
          node: 'h1',
          command: 'neigh-add',
          args: { ip: '10.0.0.2', lladdr: '03:00:00:00:00:02', nud: 'stale' },
        },
        { at: 0, node: 'h1', command: 'neigh-add', args: { ip: 'fd00::2', lladdr: MAC(2) } },
      ],
    });
    const r = loadScenario(s, deviceTypes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([
      '$.traffic[0].args.lladdr',
      '$.traffic[0].args.nud',
      '$.traffic[1].args.ip',
    ]);
  });
});

describe('resolution: queue, retries, failure (__neigh_event_send, neigh_timer_handler, neigh_invalidate)', () => {
  it('the default queue bound is SK_WMEM_MAX = SKB_TRUESIZE(256) * 256 = 212992 bytes', () => {
    expect(SK_WMEM_MAX).toBe(212992);
  });

  it('beyond unres_qlen_bytes the oldest queued packet is freed; on failure the rest are', () => {
    // Room for one 98-byte echo request only.
    const one = skbTruesize(98);
    const t = net([{ at: '10us', node: 'h1', command: 'ping', args: { dst: '10.0.0.9', count: 3, interval: '1us' } }], {
      unresQlenBytes: one,
    });
    const drops = t.steps.filter((s) => s.node === 'h1' && s.kind === 'drop');
    expect(drops.map((s) => s.source)).toEqual([
      '__neigh_event_send (SKB_DROP_REASON_NEIGH_QUEUEFULL)',
      '__neigh_event_send (SKB_DROP_REASON_NEIGH_QUEUEFULL)',
      'neigh_invalidate (arp_error_report: SKB_DROP_REASON_NEIGH_FAILED)',
    ]);
    const st = finalState(t);
    expect(st.get('h1/neigh/10.0.0.9')).toBe('FAILED');
    // Only the packet still queued at failure gets the error report (dst_link_failure).
    expect([st.get('h1/ping/1/1'), st.get('h1/ping/1/2'), st.get('h1/ping/1/3')]).toEqual([
      undefined,
      undefined,
      { dst: '10.0.0.9', result: 'unreachable' },
    ]);
  });

  it('arpRetries and arpRetrans set mcast_solicit and retrans_time', () => {
    const t = net([{ at: '10us', node: 'h1', command: 'ping', args: { dst: '10.0.0.9' } }], {
      arpRetries: 2,
      arpRetrans: '250ms',
    });
    const probes = t.steps.filter((s) => s.node === 'h1' && s.source === 'arp_solicit').map((s) => s.time);
    expect(probes).toEqual([10_000, 250_010_000]);
    const failed = t.steps.find((s) => s.source === 'neigh_timer_handler (NUD_FAILED)')!;
    expect(failed.time).toBe(500_010_000);
  });

  it('udp without dstMac resolves through the table first', () => {
    const t = net([{ at: '10us', node: 'h1', command: 'udp', args: { dst: '10.0.0.2', dstPort: 9 } }]);
    const order = t.steps.filter((s) => s.node === 'h1' && s.kind === 'inject').map((s) => s.source);
    expect(order).toEqual(['arp_solicit', 'udp_sendmsg']);
    expect(t.steps.some((s) => s.node === 'h2' && s.source === 'udp_rcv' && s.kind === 'deliver')).toBe(true);
  });
});

describe('IPv6 (ndisc_recv_ns, ndisc_recv_na)', () => {
  const v6 = (traffic: unknown[]): Trace => {
    const s = star(2, { traffic }) as { nodes: { id: string; type: string; config: Record<string, unknown> }[] };
    for (const n of s.nodes) if (n.type === 'host') n.config.ip6 = `fd00::${n.id.slice(1)}`;
    return run(s);
  };
  /** A raw neighbour advertisement from h2's port to h1, for `target`. */
  const na = (at: string, target: string, lla: string, flags: { solicited: boolean; override: boolean }) => ({
    at,
    node: 'h2',
    port: 'eth0',
    frame: {
      eth: { src: MAC(2), dst: MAC(1) },
      ipv6: { src: 'fd00::2', dst: 'fd00::1', icmpv6: { type: 'neighbor-advertisement', target, lla, ...flags } },
    },
  });
  const ping6 = (dst: string) => ({ at: '10us', node: 'h1', command: 'ping', args: { dst } });
  const entry = (t: Trace, ip: string) => [finalState(t).get(`h1/neigh/${ip}`), finalState(t).get(`h1/lladdr/${ip}`)];

  it('ping6: the solicited NA makes the entry REACHABLE; the solicitor’s entry at the target is STALE, then DELAY', () => {
    const t = v6([ping6('fd00::2')]);
    expect(entry(t, 'fd00::2')).toEqual(['REACHABLE', MAC(2)]);
    expect(finalState(t).get('h2/neigh/fd00::1')).toBe('DELAY');
    expect(finalState(t).get('h1/ping/1/1')).toMatchObject({ result: 'reply' });
  });

  it('an NA for an address the host has no entry for creates none (a host does not forward)', () => {
    const t = v6([na('10us', 'fd00::2', MAC(2), { solicited: false, override: true })]);
    expect(entry(t, 'fd00::2')).toEqual([undefined, undefined]);
  });

  it('without the Override flag a different MAC only suspects a REACHABLE entry (WEAK_OVERRIDE: STALE, old MAC)', () => {
    const t = v6([ping6('fd00::2'), na('1ms', 'fd00::2', OTHER, { solicited: false, override: false })]);
    expect(entry(t, 'fd00::2')).toEqual(['STALE', MAC(2)]);
  });

  it('with the Override flag the new MAC replaces the old (unsolicited: STALE)', () => {
    const t = v6([ping6('fd00::2'), na('1ms', 'fd00::2', OTHER, { solicited: false, override: true })]);
    expect(entry(t, 'fd00::2')).toEqual(['STALE', OTHER]);
  });

  it('an NA for a FAILED entry is ignored', () => {
    const t = v6([ping6('fd00::9'), na('4s', 'fd00::9', OTHER, { solicited: true, override: true })]);
    expect(entry(t, 'fd00::9')).toEqual(['FAILED', undefined]);
  });
});
