// Fact sheet §3.5 (cost), §3.6 (multichannel / CDCP), §3.7 (policy in the reflected path)
// and the bridge port flags of the corrections' item 8 (learning, flood, bcast_flood,
// isolated — isolated→isolated blocked even through hairpin).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { run, finalState, star, MAC } from '../helpers/run';
import { costRow } from '../../src/views/vepa/cost/compare-rows';
import type { Trace } from '../../src/engine/sim/types';

const scenario = (id: string): any => JSON.parse(readFileSync(`src/scenarios/vepa/${id}.json`, 'utf8'));
const bits = (t: Trace, link: string, dir: string) => t.counters[`link:${link}`]?.[`bits ${dir}`] ?? 0;

describe('§3.5 cost: every guest-to-guest frame crosses the uplink twice', () => {
  const hair = run(scenario('vepa-stream-hairpin'));
  const bridge = run(scenario('vepa-stream-bridge'));
  const none = run(scenario('vepa-stream-nohairpin'));
  const offered = bits(hair, 'vA', 'gA:eth0');
  const garp = 672; // gB's gratuitous ARP: a 60-byte frame, 84 bytes on the wire
  it('hairpin: the stream goes up and comes back down the uplink', () => {
    expect(bits(hair, 'uplink', 'h1:eth0')).toBe(offered + garp);
    expect(bits(hair, 'uplink', 'sw:p1')).toBe(offered + garp);
    expect(costRow('h', hair).ratio).toBeCloseTo((2 * offered + 2 * garp) / (offered + garp), 9);
  });
  it('bridge mode: the stream never touches the uplink', () => {
    expect(bits(bridge, 'uplink', 'h1:eth0')).toBe(garp);
    expect(bits(bridge, 'uplink', 'sw:p1')).toBe(0);
  });
  it('no hairpin: up once, then dropped at the switch; nothing delivered', () => {
    expect(bits(none, 'uplink', 'h1:eth0')).toBe(offered + garp);
    expect(bits(none, 'uplink', 'sw:p1')).toBe(0);
    expect(costRow('n', none).delivered).toBe(0);
    // br_forward frees each one silently (should_deliver, no hairpin): no counter moves (issue 15).
    expect(none.counters.sw['p1 dropped']).toBeUndefined();
    expect(none.counters.sw.rx_dropped).toBeUndefined();
    expect(none.fates.filter((f) => f.dropped.some((d) => d.node === 'sw')).length).toBe(20);
  });
  it('latency: VEPA adds two uplink serialisations and two propagation delays per frame', () => {
    const h = costRow('h', hair).meanLatencyNs!;
    const b = costRow('b', bridge).meanLatencyNs!;
    // 1000-byte frames: 1024 wire bytes = 8192 ns at 1 Gbit/s; 5 µs propagation each way.
    expect(h - b).toBeGreaterThanOrEqual(2 * (8192 + 5000));
  });
});

describe('§3.6 multichannel: S-channels by CDCP, one virtual port each', () => {
  const t = run(scenario('vepa-schannels'));
  const st = finalState(t);
  it('CDCP keeps SCID 1 = SVID 1 and assigns SCID 2 the lowest pool SVID', () => {
    expect(st.get('st/schannel/2')).toEqual({ port: 'ch2', svid: 10 });
    expect(st.get('sw/schannel/p1')).toMatchObject({
      channels: [
        { scid: 1, svid: 1, port: 'p1.s1' },
        { scid: 2, svid: 10, port: 'p1.s10' },
      ],
    });
    expect(st.get('sw/port/p1.s10')).toMatchObject({ channel: { phys: 'p1', svid: 10, scid: 2 } });
  });
  it('data frames on the uplink carry an 802.1ad S-tag (TPID 0x88a8) with the channel SVID', () => {
    const up = t.steps.filter((s) => s.link?.id === 'uplink' && s.frame !== undefined);
    const data = up.filter((s) => !s.decision.startsWith('CDCP'));
    expect(data.length).toBeGreaterThan(0);
    for (const s of data) {
      const f = t.frames[s.frame!];
      expect((f[12] << 8) | f[13]).toBe(0x88a8);
      expect([1, 10]).toContain(((f[14] << 8) | f[15]) & 0xfff);
    }
  });
  it('between two channels no hairpin is needed; within a channel it is', () => {
    const cross = t.steps.find((s) => s.node === 'sw' && s.decision.includes('known on p1.s10'))!;
    expect(cross.detail).toMatchObject({ reflected: false, in: 'p1.s1', out: 'p1.s10' });
    const same = t.steps.find((s) => s.node === 'sw' && s.decision.includes(':0b is known on p1.s1'))!;
    expect(same.detail).toMatchObject({ reflected: true, in: 'p1.s1', out: 'p1.s1' });
    expect(st.get('gA/ping/1/1')).toMatchObject({ result: 'reply' });
    expect(st.get('gA/ping/2/1')).toMatchObject({ result: 'reply' });
  });
  it('without hairpin on SCID 1, the same-channel ping fails but the cross-channel one works', () => {
    const s = scenario('vepa-schannels');
    delete s.nodes.find((n: any) => n.id === 'sw').config.ports[0].schannel.channels;
    const t2 = run(s);
    const pings = Object.entries(Object.fromEntries(finalState(t2))).filter(([k]) => k.startsWith('gA/ping/'));
    expect(pings.map(([, v]) => (v as { result: string }).result).sort()).toEqual(['reply', 'unreachable']);
  });
});

describe('§3.7 policy in the reflected path', () => {
  it('an ACL on the switch port blocks the ping; ARP (no IP header) still passes', () => {
    const t = run(scenario('vepa-acl-deny'));
    const st = finalState(t);
    expect(st.get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'sent' });
    // The solicited, unicast ARP reply makes the entry REACHABLE (net/ipv4/arp.c arp_process: ARPOP_REPLY + PACKET_HOST).
    expect(st.get('gA/neigh/10.0.0.2')).toBe('REACHABLE');
    expect(st.get('gA/lladdr/10.0.0.2')).toBe('02:00:00:00:00:0b');
    const drop = t.steps.find((s) => s.node === 'sw' && s.kind === 'drop')!;
    expect(drop.detail).toMatchObject({ acl: { verdict: 'deny', by: 'no-ping-A-B' } });
    expect(st.get('sw/acl/p1')).toMatchObject({ rules: [{ id: 'count-all' }, { id: 'no-ping-A-B', hits: 1 }] });
  });
  it("a reflected frame meets the port's rules twice: once coming in, once going out", () => {
    const s = scenario('vepa-hairpin-on');
    s.nodes.find((n: any) => n.id === 'sw').config.ports[0] = {
      name: 'p1',
      hairpin: true,
      policy: { rules: [{ id: 'c', dir: 'both', action: 'count' }] },
    };
    s.traffic = [
      {
        at: '1us',
        node: 'gA',
        port: 'eth0',
        frame: { eth: { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:0b', type: '0x88b5' }, payload: { hex: '00' } },
      },
    ];
    // The switch has not learned gB yet: the frame floods to p1 (reflected) and p2.
    const t = run(s);
    const hits = (finalState(t).get('sw/acl/p1') as { rules: { hits: number }[] }).rules[0].hits;
    expect(hits).toBe(3); // p1 in for both copies (2) + p1 out for the reflected copy (1)
  });
  it('mirror sends a SPAN copy and the frame still goes on; default deny drops what no rule allows', () => {
    const s = star(
      3,
      { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: { eth: { src: MAC(1), dst: MAC(2) }, payload: 'hi' } }] },
      {},
    );
    s.nodes[0] = {
      id: 'br0',
      type: 'bridge',
      config: {
        ports: [
          { name: 'p1', policy: { rules: [{ id: 'spy', dir: 'in', action: 'mirror', mirrorTo: 'p3' }] } },
          'p2',
          'p3',
        ],
      },
    };
    (s.traffic[0] as any).frame = { eth: { src: MAC(1), dst: MAC(2), type: '0x88b5' }, payload: { hex: '00' } };
    const t = run(s);
    const sw = t.steps.filter((x) => x.node === 'br0' && x.kind === 'transmit');
    expect(sw.some((x) => x.port === 'p3' && x.decision.startsWith('Mirror'))).toBe(true);
    const d = star(2, {
      traffic: [
        {
          at: 0,
          node: 'h1',
          port: 'eth0',
          frame: { eth: { src: MAC(1), dst: MAC(2), type: '0x88b5' }, payload: { hex: '00' } },
        },
      ],
    });
    d.nodes[0] = {
      id: 'br0',
      type: 'bridge',
      config: {
        ports: [
          {
            name: 'p1',
            policy: { default: 'deny', rules: [{ id: 'only-h3', match: { srcMac: MAC(3) }, action: 'allow' }] },
          },
          'p2',
        ],
      },
    };
    const t2 = run(d);
    expect(t2.fates[0].dropped[0].reason).toContain('default is deny');
  });
});

describe('corrections item 8: port flags', () => {
  const frame = (src: number, dst: string) => ({ eth: { src: MAC(src), dst, type: '0x88b5' }, payload: { hex: '00' } });
  const withPorts = (ports: unknown[], traffic: unknown[]) => {
    const s = star(3, { traffic });
    s.nodes[0] = { id: 'br0', type: 'bridge', config: { ports } };
    return run(s);
  };
  const outPorts = (t: Trace, traffic: number) => {
    const origin = t.fates.find((f) => f.traffic === traffic)!.origin;
    return t.steps
      .filter((s) => s.node === 'br0' && s.kind === 'transmit' && s.packet?.origin === origin)
      .map((s) => s.port)
      .sort();
  };
  it('learning off: the source is not learned', () => {
    const t = withPorts(
      [{ name: 'p1', learning: false }, 'p2', 'p3'],
      [{ at: 0, node: 'h1', port: 'eth0', frame: frame(1, MAC(2)) }],
    );
    expect(finalState(t).get(`br0/fdb/${MAC(1)}@0`)).toBeUndefined();
  });
  it('flood off: no unknown-unicast floods to that port, but broadcasts still go', () => {
    const t = withPorts(
      ['p1', 'p2', { name: 'p3', flood: false }],
      [
        { at: 0, node: 'h1', port: 'eth0', frame: frame(1, MAC(9)) },
        { at: '1ms', node: 'h1', port: 'eth0', frame: frame(1, 'ff:ff:ff:ff:ff:ff') },
      ],
    );
    expect(outPorts(t, 0)).toEqual(['p2']);
    expect(outPorts(t, 1)).toEqual(['p2', 'p3']);
  });
  it('bcastFlood off: broadcasts skip that port', () => {
    const t = withPorts(
      ['p1', 'p2', { name: 'p3', bcastFlood: false }],
      [{ at: 0, node: 'h1', port: 'eth0', frame: frame(1, 'ff:ff:ff:ff:ff:ff') }],
    );
    expect(outPorts(t, 0)).toEqual(['p2']);
  });
  it('isolated to isolated is blocked, even back out the same port through hairpin', () => {
    const t = withPorts(
      [{ name: 'p1', isolated: true, hairpin: true }, { name: 'p2', isolated: true }, 'p3'],
      [{ at: 0, node: 'h1', port: 'eth0', frame: frame(1, 'ff:ff:ff:ff:ff:ff') }],
    );
    expect(outPorts(t, 0)).toEqual(['p3']);
  });
});
