// Golden tests for guests' routes through a LAN router (#15 item 6, last bullet). Expected
// values come from the sources, not from the engine:
//   drivers/s390/net/qeth_l3_main.c qeth_l3_xmit (skb_pull(skb, ETH_HLEN): the qeth header
//     takes the Ethernet header's place), qeth_l3_fill_header (id, cast flags, length =
//     frame_len = skb->len, next_hop.addr.s6_addr32[3] = qeth_next_hop_v4_rcu);
//   drivers/s390/net/qeth_core.h struct qeth_hdr_layer3 (32 bytes: id@0 flags@1 length@8
//     ext_flags@11 next_hop@16, in6_addr with IPv4 in the last 4 bytes), QETH_HEADER_TYPE_LAYER3
//     = 0x01, QETH_CAST_UNICAST = 0x06; qeth_core_main.c qeth_xmit (memset(hdr, 0));
//   qeth_core.h qeth_next_hop_v4_rcu: rt_nexthop(rt, daddr), the gateway or the destination;
//   IBM "Isolating data connections": no internal delivery between isolated connections;
//   net/ipv4/ip_forward.c ip_forward (ttl <= 1 → ICMP_TIME_EXCEEDED/ICMP_EXC_TTL; ip_decrease_ttl);
//   net/ipv4/icmp.c icmp_send (TOS | IPTOS_PREC_INTERNETCONTROL 0xc0 for errors, quote up to
//     576 - 20 - 8 bytes); net/ipv4/route.c ip_rt_send_redirect (ICMP_REDIRECT, ICMP_REDIR_HOST,
//     gateway = rt_nexthop) and __ip_do_redirect; net/ipv4/devinet.c ipv4_devconf defaults
//     (accept_redirects 1, send_redirects 1, shared_media 1);
//   net/ipv4/fib_trie.c fib_table_insert ("Invalid prefix for given prefix length", -EEXIST
//     with NLM_F_EXCL); fib_semantics.c fib_check_nh_v4_gw ("Nexthop has invalid gateway").
import { describe, expect, it } from 'vitest';
import { run, scenarioFile, stepsOf } from './qeth-helpers';
import { loadScenario } from '../../src/engine/scenario/load';
import { deviceTypes } from '../../src/engine/devices/registry';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/engine/devices/dissectors';
import type { Step, Trace } from '../../src/engine/sim/types';

const ROUTER_MAC = '02:00:00:00:99:fe';
const CARD = '02:00:00:0a:00:01';

/** Two isolated layer-3 guests on one card, a forwarding host on the LAN, and `traffic`. */
function lab(traffic: unknown[], router: Record<string, unknown> = {}) {
  return {
    name: 'isolation via router',
    seed: 1,
    nodes: [
      {
        id: 'router',
        type: 'host',
        config: { mac: ROUTER_MAC, ip: '10.0.0.254', prefix: 24, ipForward: true, ...router },
      },
      { id: 'osa', type: 'qeth-osa', config: { mac: CARD, devnos: ['0x0a00', '0x0a03'] } },
      {
        id: 'g1',
        type: 'qeth-guest',
        config: { devno: '0x0a00', addresses: ['10.0.0.1/24'], isolation: 'drop' },
      },
      {
        id: 'g2',
        type: 'qeth-guest',
        config: { devno: '0x0a03', addresses: ['10.0.0.2/24'], isolation: 'drop' },
      },
    ],
    links: [
      { id: 'lan', a: 'router:eth0', b: 'osa:wire' },
      { id: 'osa-g1', a: 'osa:0x0a00', b: 'g1:osa' },
      { id: 'osa-g2', a: 'osa:0x0a03', b: 'g2:osa' },
    ],
    traffic,
  };
}

const routes = [
  { at: '100us', node: 'g1', command: 'route-add', args: { dst: '10.0.0.2/32', via: '10.0.0.254' } },
  { at: '100us', node: 'g2', command: 'route-add', args: { dst: '10.0.0.1/32', via: '10.0.0.254' } },
];
const ping = (at: string, args: Record<string, unknown> = {}) => ({
  at,
  node: 'g1',
  command: 'ping',
  args: { dst: '10.0.0.2', ...args },
});

const bytesOf = (t: Trace, s: Step): Uint8Array => t.frames[s.frame!];
/** RFC 1071 over an IPv4 header, computed here: 0 when the header's checksum is right. */
function headerSum(ip: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < (ip[0] & 15) * 4; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
const ipOf = (b: Uint8Array, o: number): string => Array.from(b.subarray(o, o + 4)).join('.');
const issues = (json: unknown): string[] => {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('the qeth header a layer-3 guest hands the card', () => {
  const t = run(lab([ping('50us'), ...routes, ping('200us')]));
  const injects = t.steps.filter((s) => s.node === 'g1' && s.kind === 'inject' && s.frame !== undefined);
  const direct = injects.find((s) => s.time === 50_000)!;
  const routed = injects.find((s) => s.time === 200_000)!;

  it('is the 32-byte struct qeth_hdr_layer3 in place of the Ethernet header, then the IP packet', () => {
    const b = bytesOf(t, routed);
    // The lab's envelope: EtherType 0x88b5, then the element.
    expect((b[12] << 8) | b[13]).toBe(0x88b5);
    const h = b.subarray(14, 46);
    expect(h[0]).toBe(0x01); // QETH_HEADER_TYPE_LAYER3
    expect(h[1]).toBe(0x06); // QETH_CAST_UNICAST, no QETH_HDR_IPV6, no PASSTHRU
    // length = skb->len after the pull: IPv4 20 + ICMP 8 + 56 bytes of ping data.
    expect((h[8] << 8) | h[9]).toBe(84);
    expect(h[11]).toBe(0); // ext_flags: nothing offloaded
    // memset(hdr, 0): everything but id, flags, length and next_hop is zero.
    expect([...h.subarray(2, 8), ...h.subarray(10, 28)].every((x) => x === 0)).toBe(true);
    // The IP packet follows the header unchanged: version 4, from 10.0.0.1 to 10.0.0.2.
    expect(b[46] >> 4).toBe(4);
    expect([ipOf(b, 46 + 12), ipOf(b, 46 + 16)]).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it("next_hop holds the route's gateway, not the destination (rt_nexthop)", () => {
    expect(ipOf(bytesOf(t, routed), 14 + 28)).toBe('10.0.0.254');
    expect((routed.detail as { qethHdr: { nextHop: string } }).qethHdr.nextHop).toBe('10.0.0.254');
  });

  it('without a gateway next_hop is the destination itself', () => {
    expect(ipOf(bytesOf(t, direct), 14 + 28)).toBe('10.0.0.2');
  });

  it('the inspector decodes the header field by field, then IPv4', () => {
    const d = decodeFrame(bytesOf(t, routed));
    expect(d.error).toBeUndefined();
    expect(findField(d, 'qeth.next_hop')?.value).toBe('10.0.0.254');
    expect(findField(d, 'ipv4.dst')?.value).toBe('10.0.0.2');
  });
});

describe('isolation drop crossed through a LAN router', () => {
  const t = run(scenarioFile('qeth-isolation-via-router.json'));

  it('without a route the card discards the guest-to-guest packet (IBM: Isolating data connections)', () => {
    const drops = stepsOf(t, 0).filter((s) => s.kind === 'drop');
    expect(drops.map((s) => s.node)).toEqual(['osa']);
    expect(stepsOf(t, 0).some((s) => s.node === 'router' || s.node === 'g2')).toBe(false);
  });

  it('with routes via 10.0.0.254 the request and the reply each go card → router → card', () => {
    const path = stepsOf(t, 3)
      .filter((s) => s.kind === 'transmit' || s.kind === 'inject' || s.kind === 'deliver')
      .filter((s) => s.frame !== undefined && (s.kind !== 'deliver' || s.node.startsWith('g')))
      .map((s) => `${s.node}:${s.kind}`);
    // Request: g1 → card (to LAN) → router → card (to G2's queue) → g2; reply: the same back.
    const ip = path.filter((p) => !p.startsWith('osa:inject') && !p.startsWith('router:inject'));
    expect(ip).toEqual([
      'g1:inject',
      'osa:transmit',
      'router:transmit',
      'osa:transmit',
      'g2:deliver',
      'g2:inject',
      'osa:transmit',
      'router:transmit',
      'osa:transmit',
      'g1:deliver',
    ]);
  });

  it('the router sends it back to the card MAC, TTL one less, header checksum right', () => {
    const fwd = stepsOf(t, 3).filter((s) => s.node === 'router' && s.kind === 'transmit');
    expect(fwd).toHaveLength(2);
    for (const s of fwd) {
      const b = bytesOf(t, s);
      const mac = (o: number) => Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
      expect([mac(0), mac(6)]).toEqual([CARD, ROUTER_MAC]);
      const ip = b.subarray(14);
      expect(ip[8]).toBe(63); // 64 (ip_default_ttl) - 1
      expect(headerSum(ip)).toBe(0);
    }
  });

  it('the card does not touch the TTL: G2 gets 63', () => {
    const got = stepsOf(t, 3).find((s) => s.node === 'osa' && s.port === '0x0a03' && s.kind === 'transmit')!;
    expect(bytesOf(t, got)[14 + 8]).toBe(63);
  });
});

describe('the router at TTL 1 (ip_forward: too_many_hops)', () => {
  const t = run(lab([...routes, ping('200us', { ttl: 1 })]));

  it('drops the packet and sends ICMP time exceeded to the sender, quoting the packet', () => {
    expect(stepsOf(t, 2).some((s) => s.node === 'router' && s.kind === 'drop')).toBe(true);
    expect(stepsOf(t, 2).some((s) => s.node === 'g2')).toBe(false);
    const icmp = t.steps.find(
      (s) => s.node === 'router' && s.kind === 'inject' && s.frame !== undefined && bytesOf(t, s)[14 + 9] === 1,
    )!;
    const ip = bytesOf(t, icmp).subarray(14);
    expect(ip[1]).toBe(0xc0); // RT_TOS(0) | IPTOS_PREC_INTERNETCONTROL
    expect([ipOf(ip, 12), ipOf(ip, 16)]).toEqual(['10.0.0.254', '10.0.0.1']);
    expect(headerSum(ip)).toBe(0);
    const m = ip.subarray(20, (ip[2] << 8) | ip[3]);
    expect([m[0], m[1]]).toEqual([11, 0]); // ICMP_TIME_EXCEEDED, ICMP_EXC_TTL
    // The whole 84-byte packet is quoted (less than icmp_send's 548-byte room), with its TTL of 1.
    expect(m.length).toBe(8 + 84);
    expect(m[8 + 8]).toBe(1);
    expect([ipOf(m, 8 + 12), ipOf(m, 8 + 16)]).toEqual(['10.0.0.1', '10.0.0.2']);
    // The ICMP checksum over the whole message, computed here.
    let sum = 0;
    for (let i = 0; i < m.length; i += 2) sum += (m[i] << 8) | (m[i + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
  });

  it('the time exceeded reaches G1 through the card (10.0.0.1 is registered)', () => {
    const at = t.steps.find((s) => s.node === 'g1' && s.kind === 'deliver' && s.time > 200_000 && s.layer === 'L3');
    expect(at).toBeDefined();
  });
});

describe("Linux's default send_redirects=1 on the router", () => {
  const t = run(lab([...routes, ping('200us'), ping('2ms')]));

  it('the router redirects G1 to 10.0.0.2 (ICMP_REDIRECT, ICMP_REDIR_HOST) while forwarding', () => {
    const red = t.steps.find(
      (s) =>
        s.node === 'router' &&
        s.kind === 'inject' &&
        s.frame !== undefined &&
        bytesOf(t, s)[14 + 9] === 1 &&
        bytesOf(t, s)[34] === 5 &&
        ipOf(bytesOf(t, s), 30) === '10.0.0.1',
    )!;
    const m = bytesOf(t, red).subarray(34);
    expect([m[0], m[1]]).toEqual([5, 1]);
    expect(ipOf(m, 4)).toBe('10.0.0.2'); // the gateway field: rt_nexthop = the destination
    // The quoted header is the forwarded one: TTL already 63 (ip_decrease_ttl runs first).
    expect(m[8 + 8]).toBe(63);
  });

  it('G1 accepts it (shared_media=1): the next ping has next_hop 10.0.0.2 and meets the isolation again', () => {
    const second = t.steps.find((s) => s.node === 'g1' && s.kind === 'inject' && s.time === 2_000_000)!;
    expect(ipOf(bytesOf(t, second), 14 + 28)).toBe('10.0.0.2');
    expect(
      stepsOf(t, 3)
        .filter((s) => s.kind === 'drop')
        .map((s) => s.node),
    ).toEqual(['osa']);
  });

  it('G2 was redirected for its reply too', () => {
    const g2 = t.steps.find((s) => s.node === 'g2' && s.detail && 'redirect' in s.detail);
    expect(g2?.detail?.redirect).toEqual({ daddr: '10.0.0.1', oldGw: '10.0.0.254', newGw: '10.0.0.1' });
  });
});

describe('route-add at run time (inet_rtm_newroute → fib_table_insert)', () => {
  const returned = (t: Trace, time: number, node = 'g1') =>
    (
      t.steps.find((s) => s.node === node && s.time === time && s.detail && 'returns' in s.detail)!.detail as {
        returns: { errno: unknown };
      }
    ).returns.errno;

  it('a second route for the same prefix is -EEXIST (NLM_F_EXCL), the connected /24 included', () => {
    const t = run(
      lab([
        ...routes,
        { at: '150us', node: 'g1', command: 'route-add', args: { dst: '10.0.0.2/32', via: '10.0.0.254' } },
        { at: '160us', node: 'g1', command: 'route-add', args: { dst: '10.0.0.0/24', via: '10.0.0.254' } },
      ]),
    );
    expect(returned(t, 100_000)).toBe(0);
    expect(returned(t, 150_000)).toBe(-17); // EEXIST, include/uapi/asm-generic/errno-base.h
    expect(returned(t, 160_000)).toBe(-17);
  });

  it('a gateway no connected route reaches is refused: "Nexthop has invalid gateway"', () => {
    const t = run(
      lab([{ at: '100us', node: 'g1', command: 'route-add', args: { dst: '10.9.0.0/16', via: '192.0.2.1' } }]),
    );
    expect(returned(t, 100_000)).toBe(-101); // ENETUNREACH, include/uapi/asm-generic/errno.h
    expect(t.steps.find((s) => s.time === 100_000 && s.node === 'g1' && s.kind === 'state')!.decision).toContain(
      'Nexthop has invalid gateway',
    );
  });

  it('the longest prefix wins, and a destination no route covers is "Network is unreachable"', () => {
    const t = run(
      lab([
        { at: '100us', node: 'g1', command: 'route-add', args: { dst: 'default', via: '10.0.0.254' } },
        ping('150us', { dst: '192.0.2.9' }),
        ping('200us'),
      ]),
    );
    const sent = (time: number) => t.steps.find((s) => s.node === 'g1' && s.kind === 'inject' && s.time === time)!;
    expect(ipOf(bytesOf(t, sent(150_000)), 14 + 28)).toBe('10.0.0.254'); // default route
    expect(ipOf(bytesOf(t, sent(200_000)), 14 + 28)).toBe('10.0.0.2'); // the connected /24 is longer
    const bare = run(lab([ping('150us', { dst: '192.0.2.9' })]));
    expect(bare.steps.some((s) => s.node === 'g1' && s.kind === 'inject' && s.time === 150_000)).toBe(false);
    expect(bare.steps.find((s) => s.node === 'g1' && s.time === 150_000 && s.kind === 'decide')!.decision).toContain(
      'Network is unreachable',
    );
  });
});

describe('route-add validation names the JSON path', () => {
  const bad = (args: Record<string, unknown>) => issues(lab([{ at: '100us', node: 'g1', command: 'route-add', args }]));

  it('host bits below the prefix length: "Invalid prefix for given prefix length"', () => {
    const got = bad({ dst: '10.0.0.2/24', via: '10.0.0.254' });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^\$\.traffic\[0\]\.args\.dst: .*Invalid prefix for given prefix length.*10\.0\.0\.0\/24/);
  });

  it('a prefix that is no IPv4 prefix', () => {
    expect(bad({ dst: '10.0.0.300/32', via: '10.0.0.254' })[0]).toMatch(/^\$\.traffic\[0\]\.args\.dst: /);
    expect(bad({ dst: '10.0.0.0/33', via: '10.0.0.254' })[0]).toMatch(/^\$\.traffic\[0\]\.args\.dst: /);
    expect(bad({ dst: 'fd00::/64', via: '10.0.0.254' })[0]).toMatch(/^\$\.traffic\[0\]\.args\.dst: /);
  });

  it('a gateway that is not an IPv4 unicast address', () => {
    for (const via of ['224.0.0.1', '255.255.255.255', '0.0.0.0', 'fe80::1', 'router'])
      expect(bad({ dst: '10.0.0.2/32', via })[0], via).toMatch(/^\$\.traffic\[0\]\.args\.via: /);
  });

  it('missing or unknown arguments', () => {
    expect(bad({ dst: '10.0.0.2/32' }).some((m) => m.startsWith('$.traffic[0].args.via'))).toBe(true);
    expect(bad({ dst: '10.0.0.2/32', via: '10.0.0.254', dev: 'eth0' }).length).toBeGreaterThan(0);
  });

  it('a router without an IPv4 address', () => {
    const l = lab([]);
    (l.nodes[0].config as Record<string, unknown>).ip = undefined;
    delete (l.nodes[0].config as Record<string, unknown>).ip;
    expect(issues(l).some((m) => m.startsWith('$.nodes[0].config.ipForward'))).toBe(true);
  });
});

describe('the inspector reads what the card reads', () => {
  it('every field a qeth scenario step names in `reads` decodes from its frame (qeth.next_hop included)', () => {
    const dir = join(import.meta.dirname, '../../src/scenarios/qeth');
    const missing: string[] = [];
    let nextHopReads = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const t = run(scenarioFile(f));
      for (const s of t.steps) {
        if (!s.reads || s.frame === undefined) continue;
        const d = decodeFrame(t.frames[s.frame]);
        for (const r of s.reads) {
          if (r === 'qeth.next_hop') nextHopReads++;
          if (!findField(d, r)) missing.push(`${f} ${s.time} ${s.node} ${r}`);
        }
      }
    }
    expect(missing.slice(0, 10)).toEqual([]);
    expect(nextHopReads).toBeGreaterThan(0);
  });
});

describe('the router and its own directed broadcast', () => {
  it('10.0.0.255 is a broadcast route of its /24 (local table): not forwarded', () => {
    const t = run(lab([ping('200us', { dst: '10.0.0.255' })]));
    expect(t.steps.some((s) => s.node === 'router' && s.kind === 'transmit' && s.source.includes('ip_forward'))).toBe(
      false,
    );
  });
});
