// Golden values from the kernel, not from the engine: vepa-hairpin-off.json run with its
// two macvlans in VEPA mode (as written) and again in bridge mode.
//  - drivers/net/macvlan.c macvlan_queue_xmit: a BRIDGE-mode macvlan looks the destination
//    MAC up among its port's macvlans (macvlan_hash_lookup); a BRIDGE-mode destination gets
//    the frame by dev_forward_skb, inside the host. A VEPA-mode macvlan always hands the
//    frame to the lower device (dev_queue_xmit on vlan->lowerdev).
//  - Broadcasts from a BRIDGE-mode macvlan also reach the other BRIDGE-mode macvlans
//    (macvlan_broadcast with MACVLAN_MODE_BRIDGE) besides going out the lower device.
//  - net/bridge/br_forward.c should_deliver: without BR_HAIRPIN_MODE a frame never leaves
//    by the port it came in on, so the switch drops the unicast to gB (learned on p1) and
//    floods broadcasts to p2 only.
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../../src/app/run/build-run';
import { applySetting } from '../../../src/app/settings/settings-model';
import { diffRuns, fateWords, type FrameDiff } from '../../../src/app/compare/run-diff';
import { readScenario } from '../settings/bundled-scenarios';
import { trafficNames } from '../../../src/app/compare/traffic-names';

function run(json: unknown) {
  const r = buildRun(json);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r;
}

const vepa = readScenario('src/scenarios/vepa/vepa-hairpin-off.json');
const macvlans = ['nodes', 2, 'config', 'macvlans'];
const bridge = applySetting(applySetting(vepa, [...macvlans, 0, 'mode'], 'bridge'), [...macvlans, 1, 'mode'], 'bridge');
const diff = diffRuns(run(vepa), run(bridge));
const delivered = (f: FrameDiff, side: 'before' | 'after') => f[side]?.delivered.map((d) => d.node) ?? [];
/** Every node the frame ended at, delivered or dropped (ext's arp_process ignores a request not for it). */
const reached = (f: FrameDiff, side: 'before' | 'after') => [
  ...delivered(f, side),
  ...(f[side]?.dropped.map((d) => d.node) ?? []),
];

describe('run diff: macvlan VEPA → bridge mode (vepa-hairpin-off.json)', () => {
  it('names the hand-made unicast: dropped at the switch before, delivered inside the host after', () => {
    const f = diff.frames.find((x) => x.traffic === 2);
    expect(f?.change).toBe('changed');
    expect(f!.from).toBe('gA:eth0');
    expect(f!.before!.delivered).toEqual([]);
    expect(f!.before!.dropped.map((d) => d.node)).toEqual(['sw']);
    expect(f!.before!.through).toContain('sw');
    expect(delivered(f!, 'after')).toEqual(['gB']);
    expect(f!.after!.dropped).toEqual([]);
    expect(f!.after!.through).not.toContain('sw');
    expect(fateWords(f!.after!)).toMatch(/^delivered to gB/);
  });

  it("gA's ARP request reaches gB only in bridge mode; the outside host hears it in both", () => {
    const arp = diff.frames.find((x) => x.traffic === 1 && x.from === 'gA:eth0' && /ARP/i.test(x.summary));
    expect(arp?.change).toBe('changed');
    expect(delivered(arp!, 'before')).not.toContain('gB');
    expect(reached(arp!, 'before')).toEqual(['ext']);
    expect(delivered(arp!, 'after')).toEqual(['gB']);
    expect(reached(arp!, 'after')).toEqual(expect.arrayContaining(['gB', 'ext']));
  });

  it('the echo request exists only after the change (gA never resolved gB before)', () => {
    const only = diff.frames.filter((x) => x.change === 'after' && x.from === 'gA:eth0');
    expect(only.some((x) => /ICMP|echo/i.test(x.summary) && delivered(x, 'after').includes('gB'))).toBe(true);
  });

  it("lists the switch's counters and gA's ping result among the differences", () => {
    expect(diff.counters.some((c) => c.node === 'sw')).toBe(true);
    const ping = diff.state.find((s) => s.key === 'gA/ping/1/1');
    expect(ping?.before).toMatchObject({ result: 'unreachable' });
    expect(ping?.after).toMatchObject({ result: 'reply' });
  });

  it('a run compared with itself has no differences', () => {
    const r = run(vepa);
    const d = diffRuns(r, run(vepa));
    expect(d.frames).toEqual([]);
    expect(d.counters).toEqual([]);
    expect(d.state).toEqual([]);
    expect(d.sameFrames).toBe(r.trace.fates.length);
  });
});

describe('traffic names', () => {
  it("unrolls `repeat` as the loader does, so a fate's traffic index names its file item", () => {
    const name = trafficNames({
      traffic: [{ label: 'three pings', repeat: 3, every: '1ms' }, { node: 'gA' }, { label: 'last' }],
    });
    expect([0, 1, 2, 3, 4].map(name)).toEqual([
      '“three pings” (1 of 3)',
      '“three pings” (2 of 3)',
      '“three pings” (3 of 3)',
      'traffic item 2',
      '“last”',
    ]);
  });
});

describe('run diff: hairpin on at the switch port (vepa-hairpin-off.json)', () => {
  // br_forward.c should_deliver: with BR_HAIRPIN_MODE on p1 the bridge may send the frame
  // back out p1; macvlan.c macvlan_handle_frame then finds gB's macvlan by destination MAC
  // (macvlan_hash_lookup) and delivers it there: out to the switch and back, not inside.
  const hairpin = applySetting(vepa, ['nodes', 3, 'config', 'ports', 0, 'hairpin'], true);
  const d = diffRuns(run(vepa), run(hairpin));

  it('the hand-made unicast now reaches gB by way of the switch', () => {
    const f = d.frames.find((x) => x.traffic === 2);
    expect(f?.change).toBe('changed');
    expect(f!.before!.dropped.map((x) => x.node)).toEqual(['sw']);
    expect(delivered(f!, 'after')).toEqual(['gB']);
    const through = f!.after!.through;
    expect(through.indexOf('sw')).toBeGreaterThan(through.indexOf('h1'));
    expect(through.indexOf('gB')).toBeGreaterThan(through.indexOf('sw'));
  });
});
