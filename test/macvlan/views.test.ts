// The macvlan lab's view modules (pure TS, no DOM): receivers, five modes, hash grid,
// fan-out, queue series and the demux comparison, checked on real traces.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deviceTypes } from '../../src/engine/devices/registry';
import { runScenario } from '../../src/engine/sim/simulator';
import { StateIndex } from '../../src/engine/sim/state-index';
import { load } from '../helpers/run';
import { fiveModes } from '../../src/views/macvlan/five-modes';
import { cellXY, hashCells, lookupAt } from '../../src/views/macvlan/hash-view';
import { fanoutAt } from '../../src/views/macvlan/fanout-view';
import { queueChart, queueSeries, valueAt } from '../../src/views/macvlan/queue-series';
import { demuxFrames } from '../../src/views/macvlan/demux-compare';

const scen = (id: string): unknown => JSON.parse(readFileSync(`src/scenarios/macvlan/${id}.json`, 'utf8'));
const runId = (id: string) => runScenario(load(scen(id)), deviceTypes);

describe('five modes, one frame (switch port p1 has hairpin on)', () => {
  const rows = fiveModes(scen('five-modes-vepa'));
  const by = (m: string, i: number) => rows.find((r) => r.mode === m)!.frames[i].r!;

  it("guest A's broadcast, as the fact sheet's matrix (§2.6, §2.7) says for each mode", () => {
    // PRIVATE: out, and the reflection comes back to A only ("forward to original port")
    expect(by('private', 0)).toMatchObject({ devices: ['mvA'], lowerStack: false, wire: 1 });
    // VEPA (S3): out, reflected copies to B and C, never A; eth0's stack gets it
    expect(by('vepa', 0)).toMatchObject({ devices: ['mvB', 'mvC'], lowerStack: true, wire: 1 });
    // BRIDGE: local copies to B and C on transmit; the reflection is flooded to VEPA only: nobody
    expect(by('bridge', 0)).toMatchObject({ devices: ['mvB', 'mvC'], lowerStack: true, wire: 1 });
    // PASSTHRU: the single macvlan gets its own broadcast back
    expect(by('passthru', 0)).toMatchObject({ devices: ['mvA'], lowerStack: false, wire: 1 });
    // SOURCE: the sender is a SOURCE macvlan, so the reflection goes back to it only
    expect(by('source', 0)).toMatchObject({ devices: ['mvA'], lowerStack: false, wire: 1 });
  });

  it('the external broadcast: all macvlans in private/vepa/bridge, the single one in passthru, and SOURCE only through the source lists', () => {
    expect(by('private', 1).devices).toEqual(['mvA', 'mvB', 'mvC']);
    expect(by('vepa', 1).devices).toEqual(['mvA', 'mvB', 'mvC']);
    expect(by('bridge', 1).devices).toEqual(['mvA', 'mvB', 'mvC']);
    expect(by('passthru', 1).devices).toEqual(['mvA']);
    expect(by('source', 1).devices).toEqual(['mvA', 'mvB', 'mvC']);
    expect(by('source', 1).excluded.every((e) => e.why.includes('not in the mask'))).toBe(true);
    for (const m of ['private', 'vepa', 'bridge', 'passthru', 'source']) expect(by(m, 1).lowerStack).toBe(true);
  });

  it('tells why: under VEPA the sender is excluded by the sender-copy rule; under BRIDGE the reflection excludes BRIDGE peers by the mask', () => {
    expect(by('vepa', 0).excluded).toEqual([{ name: 'mvA', why: expect.stringContaining('vlan->dev == src') }]);
    expect(
      by('bridge', 0)
        .excluded.map((e) => e.why)
        .join(' '),
    ).toContain('not in the mask VEPA');
  });
});

describe('hash view', () => {
  const t = runId('hash-2009');
  const si = new StateIndex(t);
  it('cells: 16 per row; the 2009 chain of bucket 10 holds mvB then mvA', () => {
    expect(cellXY(17)).toEqual({ x: 24, y: 24 });
    const cells = hashCells(si.under(t.steps.length - 1, 'H/'));
    expect(cells).toHaveLength(256);
    expect(cells[10].chain).toEqual(['mvB', 'mvA']);
  });
  it('the lookup for the echo to mvA compares mvB first, then mvA', () => {
    const i = t.steps.findIndex((s) => (s.detail as { lookup?: string })?.lookup === 'dst');
    const l = lookupAt(t, i, 'H')!;
    expect(l.bucket).toBe(10);
    expect(l.chain.map((c) => [c.name, c.match])).toEqual([
      ['mvB', false],
      ['mvA', true],
    ]);
  });
});

describe('fan-out view', () => {
  it('greys out the sender and modes outside the mask, marks copies as they happen', () => {
    const t = runScenario(load(JSON.parse(JSON.stringify(scen('bridge-local')))), deviceTypes);
    const i = t.steps.findIndex((s) => (s.detail as { fanout?: unknown })?.fanout);
    const f = fanoutAt(t, i, 'H')!;
    expect(f).toMatchObject({ mask: 'BRIDGE', local: true, src: 'mvA' });
    expect(f.rows.find((r) => r.name === 'mvA')).toMatchObject({ eligible: false, done: false });
    expect(f.rows.find((r) => r.name === 'mvB')).toMatchObject({ eligible: true, done: false });
    expect(fanoutAt(t, i + 1, 'H')!.rows.find((r) => r.name === 'mvB')!.done).toBe(true);
  });
});

describe('queue series', () => {
  const t = runId('macvtap-fill');
  const s = queueSeries(t, 'H');
  it('one series for mvA queue 0, capacity 500, peaks at 500, 166 drops', () => {
    expect(s.map((x) => x.key)).toEqual(['tap/mvA/0']);
    expect(s[0].capacity).toBe(500);
    expect(Math.max(...s[0].points.map((p) => p[1]))).toBe(500);
    expect(s[0].drops).toHaveLength(166);
    expect(valueAt(s[0], t.endTime)).toBe(0);
  });
  it('chart geometry: a closed area path, capacity line inside the plot', () => {
    const c = queueChart(s[0], t.endTime);
    expect(c.d.startsWith('M')).toBe(true);
    expect(c.capY).toBeGreaterThanOrEqual(10);
    expect(c.dropXs).toHaveLength(166);
  });
});

describe('where the demux lives', () => {
  const bcast = (id: string) => demuxFrames(runId(id))[0];
  it('software: the host CPU decides and copies the broadcast to all three macvlans', () => {
    expect(bcast('demux-software')).toMatchObject({
      where: 'host CPU',
      softwareCopies: 3,
      receivers: ['mvA', 'mvB', 'mvC'],
    });
  });
  it('L2 fwd offload: unicast decided by the NIC, broadcast still 3 software copies', () => {
    const f = demuxFrames(runId('demux-l2fwd'));
    expect(f[0]).toMatchObject({ where: 'host CPU', softwareCopies: 3 });
    const echo = f.find((x) => x.summary.includes('ICMP echo request'))!;
    expect(echo).toMatchObject({ where: 'NIC', softwareCopies: 0, receivers: ['mvB'] });
  });
  it('SR-IOV legacy: the NIC replicates the broadcast, zero software copies', () => {
    expect(bcast('demux-sriov-legacy')).toMatchObject({
      where: 'NIC',
      softwareCopies: 0,
      receivers: ['vf0', 'vf1', 'vf2'],
    });
  });
  it('SR-IOV switchdev: the broadcast is flooded in software through representors (3 copies); the second ping is in hardware', () => {
    const f = demuxFrames(runId('demux-sriov-switchdev'));
    expect(f[0]).toMatchObject({ where: 'host CPU', softwareCopies: 3 });
    const echoes = f.filter((x) => x.summary.includes('ICMP echo request'));
    expect(echoes.map((e) => e.where)).toEqual(['host CPU', 'NIC']);
  });
});

describe('eswitch view', () => {
  it('switchdev: functions with representors, rules appear once a flow is offloaded, last decision says who decided', async () => {
    const { eswitchAt } = await import('../../src/views/macvlan/eswitch-view');
    const t = runId('demux-sriov-switchdev');
    const si = new StateIndex(t);
    const end = t.steps.length - 1;
    const v = eswitchAt(t, end, 'nic', si.under(end, 'nic/'));
    expect(v.mode).toBe('switchdev');
    expect(v.functions.map((f) => [f.name, f.representor])).toEqual([
      ['sf0', 'rep_sf0'],
      ['vf0', 'rep_vf0'],
      ['vf1', 'rep_vf1'],
    ]);
    expect(v.rules.length).toBeGreaterThan(0);
    const first = t.steps.findIndex((s) => s.node === 'nic' && (s.detail as { demux?: string })?.demux);
    expect(eswitchAt(t, first, 'nic', si.under(first, 'nic/')).last).toMatchObject({
      where: 'host CPU',
      softwareCopies: 3,
    });
  });
});
