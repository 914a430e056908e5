// Golden walks S1, S3 and S4 of the fact sheet (§4), checked against its "Expected" lines.
// S1 and S3 need the adjacent switch to reflect frames (hairpin). The host side of both is
// checked here by having the switch end send the reflected frame itself; the full chain
// through a hairpin bridge is checked when the bridge offers a hairpin port flag.
import { describe, expect, it } from 'vitest';
import { arpRequest, icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, run } from '../helpers/run';
import { hostTopo } from './topo';
import { originOf, seen, stepsOf } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const A = MAC(1),
  B = MAC(2);
const arpFromA = hex(arpRequest({ srcMac: mac(A), srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2') }));
const pingAtoB = hex(
  icmpEcho({
    type: 'request',
    id: 1,
    seq: 1,
    srcMac: mac(A),
    dstMac: mac(B),
    srcIp: ip('10.0.0.1'),
    dstIp: ip('10.0.0.2'),
  }),
);

describe('S1 VEPA unicast via hairpin switch (host side)', () => {
  const topo = hostTopo(
    [
      { name: 'mvA', mode: 'vepa', n: 1 },
      { name: 'mvB', mode: 'vepa', n: 2 },
    ],
    {
      traffic: [
        { at: '1us', node: 'gA', port: 'eth0', frame: { hex: pingAtoB } },
        // The switch reflects A→B back out p1 (hairpin): the same bytes come back on eth0.
        { at: '20us', node: 'sw', port: 'eth0', frame: { hex: pingAtoB } },
      ],
    },
  );
  const t = run(topo);

  it('step 1: mA transmits A→B to the wire only (VEPA: no local lookup)', () => {
    const s = seen(t, originOf(t, 0));
    expect(s.wire).toBe(1);
    expect(s.macvlans).toEqual([]);
    expect(stepsOf(t, originOf(t, 0)).some((x) => x.decision.includes('VEPA: no local lookup'))).toBe(true);
  });

  it('step 3: the reflected frame is delivered to mB only, eth0 stack does not see it, tcpdump on eth0 does (W11)', () => {
    const o = originOf(t, 1);
    const s = seen(t, o);
    expect(s.macvlans).toEqual(['mvB']);
    expect(s.lowerStack).toBe(false);
    expect(s.tcpdump).toBe(1);
    const last = stepsOf(t, o).find((x) => x.kind === 'transmit' && x.port === 'mvB')!;
    expect(last.source).toContain('RX_HANDLER_ANOTHER');
    expect(last.decision).toContain('PACKET_HOST');
  });
});

describe('S3 VEPA broadcast (ARP who-has) and the sender-copy filter (host side)', () => {
  const topo = hostTopo(
    [
      { name: 'mvA', mode: 'vepa', n: 1 },
      { name: 'mvB', mode: 'vepa', n: 2 },
      { name: 'mvC', mode: 'bridge', n: 3 },
    ],
    {
      traffic: [
        { at: '1us', node: 'gA', command: 'arp', args: { ip: '10.0.0.2' } },
        { at: '20us', node: 'sw', port: 'eth0', frame: { hex: arpFromA } },
      ],
    },
  );
  const t = run(topo);

  it('step 1: mA transmits the ARP broadcast to the wire only', () => {
    const s = seen(t, originOf(t, 0));
    expect(s).toMatchObject({ wire: 1, macvlans: [] });
  });

  it('steps 3-5: src = mA (VEPA) → queued, eth0 stack gets it, worker with mask VEPA|BRIDGE skips mA', () => {
    const o = originOf(t, 1);
    const st = stepsOf(t, o);
    const lookup = st.find((x) => (x.detail as { lookup?: string } | undefined)?.lookup === 'src')!;
    expect((lookup.detail as { found: string }).found).toBe('mvA');
    expect(st.some((x) => x.source === 'macvlan_broadcast_enqueue' && x.kind === 'decide')).toBe(true);
    const fan = st.find((x) => (x.detail as { fanout?: unknown } | undefined)?.fanout)!;
    expect((fan.detail as { maskNames: string }).maskNames).toBe('VEPA|BRIDGE');
    const s = seen(t, o);
    expect(s.macvlans).toEqual(['mvB', 'mvC']);
    expect(s.lowerStack).toBe(true);
    // the worker runs after the enqueue: copies are asynchronous
    const enq = st.find((x) => x.source === 'macvlan_broadcast_enqueue')!;
    const copy = st.find((x) => x.kind === 'transmit' && x.port === 'mvB')!;
    expect(copy.time).toBeGreaterThan(enq.time);
    expect(copy.decision).toContain('PACKET_BROADCAST');
  });

  it('mB answers the ARP, and its unicast reply to A goes to the wire (VEPA), as in S1', () => {
    const reply = t.fates.find((f) => f.node === 'gB' && (f as { cause?: number }).cause === originOf(t, 1));
    expect(reply).toBeDefined();
    expect(seen(t, reply!.origin).wire).toBe(1);
  });
});

describe('S4 BRIDGE-mode unicast stays inside the host', () => {
  const t = run(
    hostTopo(
      [
        { name: 'mvA', mode: 'bridge', n: 1 },
        { name: 'mvB', mode: 'bridge', n: 2 },
      ],
      { traffic: [{ at: '1us', node: 'gA', port: 'eth0', frame: { hex: pingAtoB } }] },
    ),
  );
  const o = originOf(t, 0);

  it('mB receives; nothing on the wire; packet sockets on eth0 see it', () => {
    const s = seen(t, o);
    expect(s.macvlans).toEqual(['mvB']);
    expect(s.wire).toBe(0);
    expect(s.tcpdump).toBe(1);
    expect(s.lowerStack).toBe(false);
  });

  it('goes through dev_forward_skb(eth0) and macvlan_handle_frame', () => {
    const st = stepsOf(t, o);
    const fwd = st.findIndex((x) => x.source.includes('dev_forward_skb(vlan->lowerdev)'));
    const rx = st.findIndex((x) => x.source.includes('macvlan_handle_frame → macvlan_hash_lookup(port, eth->h_dest)'));
    expect(fwd).toBeGreaterThanOrEqual(0);
    expect(rx).toBeGreaterThan(fwd);
    expect(t.fates.find((f) => f.origin === o)!.delivered.map((d) => d.node)).toEqual(['gB']);
  });
});

describe('S1 and S3 through a Linux bridge with hairpin on p1 (the whole walk)', () => {
  const withSwitch = (mvs: Parameters<typeof hostTopo>[0], traffic: unknown[]) => {
    const topo = hostTopo(mvs, {
      traffic,
      switchNode: { id: 'sw', type: 'bridge', config: { ports: [{ name: 'p1', hairpin: true }, 'p2'] } },
    }) as { nodes: unknown[]; links: { id: string; a: string; b: string }[] };
    topo.links[0] = { id: 'uplink', a: 'H:eth0', b: 'sw:p1' };
    topo.nodes.push({ id: 'ext', type: 'host', config: { mac: '02:00:00:00:00:99', ip: '10.0.0.99' } });
    topo.links.push({ id: 'lext', a: 'ext:eth0', b: 'sw:p2' });
    return run(topo);
  };
  const uplinkCrossings = (t: ReturnType<typeof run>, o: number) =>
    t.steps.filter((s) => s.kind === 'transmit' && s.packet?.origin === o && s.link?.id === 'uplink').length;

  it("S1: after S learned A and B on p1, A→B is delivered to mB only, crossing the wire twice; mA and eth0's stack get nothing", () => {
    const t = withSwitch(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      [
        { at: '1us', node: 'gA', command: 'arp', args: { gratuitous: true } },
        { at: '2us', node: 'gB', command: 'arp', args: { gratuitous: true } },
        { at: '50us', node: 'gA', port: 'eth0', frame: { hex: pingAtoB } },
      ],
    );
    const o = originOf(t, 2);
    const f = t.fates.find((x) => x.origin === o)!;
    expect(f.delivered.map((d) => d.node)).toEqual(['gB']);
    expect(f.dropped).toEqual([]);
    expect(uplinkCrossings(t, o)).toBe(2);
    expect(seen(t, o)).toMatchObject({ macvlans: ['mvB'], lowerStack: false });
  });

  it("S3: A's ARP broadcast reaches mB, mC and eth0's stack, not mA; mB's reply to A follows S1", () => {
    const t = withSwitch(
      [
        { name: 'mvA', mode: 'vepa', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
        { name: 'mvC', mode: 'bridge', n: 3 },
      ],
      [{ at: '10us', node: 'gA', port: 'eth0', frame: { hex: arpFromA } }],
    );
    const o = originOf(t, 0);
    expect(seen(t, o)).toMatchObject({ macvlans: ['mvB', 'mvC'], lowerStack: true });
    const reply = t.fates.find((x) => x.node === 'gB' && (x as { cause?: number }).cause === o)!;
    expect(reply.delivered.map((d) => d.node)).toEqual(['gA']);
    expect(uplinkCrossings(t, reply.origin)).toBe(2);
  });
});
