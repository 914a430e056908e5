// Multicast and the broadcast queue in v6.4+ (bc_filter / mc_filter, bc_cutoff) and in
// v5.x-6.3 (one port filter, everything queued): corrections W3, W4 and W9.
import { describe, expect, it } from 'vitest';
import { finalState, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, hostTopo, type MvSpec } from './topo';
import { counter, originOf, seen, stepsOf } from './observe';

const GROUP = '01:00:5e:00:00:fb';
const frame = (dst: string) => (dst.replace(/:/g, '') + EXT_MAC.replace(/:/g, '') + '0800').padEnd(120, '0');
const BCAST = 'ff:ff:ff:ff:ff:ff';

function fromWire(mvs: MvSpec[], dst: string, hostConfig: Record<string, unknown> = {}) {
  const t = run(
    hostTopo(mvs, { hostConfig, traffic: [{ at: '10us', node: 'sw', port: 'eth0', frame: { hex: frame(dst) } }] }),
  );
  const o = originOf(t, 0);
  const st = stepsOf(t, o);
  const queued = st.some((s) => s.source === 'macvlan_broadcast_enqueue');
  const fan = st.find((s) => (s.detail as { fanout?: unknown })?.fanout);
  return { t, s: seen(t, o), queued, how: (fan?.detail as { how?: string } | undefined)?.how };
}

const one: MvSpec[] = [
  { name: 'mvA', mode: 'vepa', n: 1, extra: { mcast: [GROUP] } },
  { name: 'mvB', mode: 'vepa', n: 2 },
];
const two: MvSpec[] = [
  { name: 'mvA', mode: 'vepa', n: 1, extra: { mcast: [GROUP] } },
  { name: 'mvB', mode: 'vepa', n: 2, extra: { mcast: [GROUP] } },
];

describe('v6.4+: bc_filter and mc_filter (default)', () => {
  it('a group joined by one macvlan skips the queue and is delivered inline to it', () => {
    const r = fromWire(one, GROUP);
    expect(r.queued).toBe(false);
    expect(r.how).toBe('inline');
    expect(r.s.macvlans).toEqual(['mvA']);
  });

  it('a group joined by two macvlans (synced 2 > bc_cutoff 1) goes through the queue', () => {
    const r = fromWire(two, GROUP);
    expect(r.queued).toBe(true);
    expect(r.how).toBe('worker');
    expect(r.s.macvlans).toEqual(['mvA', 'mvB']);
  });

  it('bclim 2 raises the cutoff: the same two-member group is now inline', () => {
    const r = fromWire([{ ...two[0], extra: { ...two[0].extra, bclim: 2 } }, two[1]], GROUP);
    expect(r.queued).toBe(false);
    expect(r.s.macvlans).toEqual(['mvA', 'mvB']);
  });

  it('W3: at bcqueuelen 0 everywhere, a single-member group still reaches its macvlan inline; broadcast copies are dropped but eth0 gets the frame', () => {
    const z: MvSpec[] = one.map((m) => ({ ...m, extra: { ...m.extra, bcqueuelen: 0 } }));
    expect(fromWire(z, GROUP).s.macvlans).toEqual(['mvA']);
    const b = fromWire(z, BCAST);
    expect(b.s).toMatchObject({ macvlans: [], lowerStack: true });
    expect(counter(b.t, 'H', 'eth0 rx_dropped')).toBe(1);
  });

  it('bclim -1 empties bc_filter: even broadcast is delivered inline, nothing is queued', () => {
    const r = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1, extra: { bclim: -1, bcqueuelen: 0 } },
        { name: 'mvB', mode: 'vepa', n: 2, extra: { bcqueuelen: 0 } },
      ],
      BCAST,
    );
    expect(r.queued).toBe(false);
    expect(r.s.macvlans).toEqual(['mvA', 'mvB']);
    expect(finalState(r.t).get('H/port/bcqueue')).toMatchObject({ bcCutoff: -1 });
  });

  it('W9: bclim is port-wide and the last writer wins', () => {
    const t = run(
      hostTopo(
        [
          { name: 'mvA', mode: 'vepa', n: 1, extra: { bclim: 5 } },
          { name: 'mvB', mode: 'vepa', n: 2, extra: { bclim: 3 } },
        ],
        { traffic: [{ at: '1us', node: 'H', command: 'set-bclim', args: { name: 'mvA', limit: 0 } }] },
      ),
    );
    expect(finalState(t).get('H/port/bcqueue')).toMatchObject({ bcCutoff: 0 });
  });

  it('W4: a lower device without a unicast filter is promiscuous, so both filters are full: a single-member group is queued, and dropped at bcqueuelen 0', () => {
    const z: MvSpec[] = one.map((m) => ({ ...m, extra: { ...m.extra, bcqueuelen: 0 } }));
    const r = fromWire(z, GROUP, { lower: { name: 'eth0', mac: LOWER_MAC, filter: 'promiscuous' } });
    expect(r.s.macvlans).toEqual([]);
    expect(counter(r.t, 'H', 'eth0 rx_dropped')).toBe(1);
  });

  it('a macvlan with ALLMULTI makes the lower device ALLMULTI: every group goes through the queue', () => {
    const r = fromWire(
      [
        { name: 'mvA', mode: 'vepa', n: 1, extra: { allmulti: true } },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ],
      '01:00:5e:01:02:03',
    );
    expect(r.queued).toBe(true);
    expect(r.s.macvlans).toEqual(['mvA']);
  });
});

describe('v5.x-6.3: one port filter, everything in it queued', () => {
  it('a single-member group is queued', () => {
    const r = fromWire(one, GROUP, { mcastPath: 'queue-all' });
    expect(r.queued).toBe(true);
    expect(r.s.macvlans).toEqual(['mvA']);
  });
});
