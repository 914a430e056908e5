// §2.5: the 2.6.33 receive path (commit 618e1b7482f7, Arnd Bergmann), selectable with
// "era": "2.6.33": inline broadcast with no queue and no filter, masks without PASSTHRU,
// a PRIVATE sender's reflected frame delivered to nobody, BRIDGE-to-BRIDGE unicast
// straight into the destination (eth0's taps do not see it).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { MAC, run } from '../helpers/run';
import { EXT_MAC, hostTopo, type MvSpec } from './topo';
import { originOf, seen, stepsOf } from './observe';

const OLD = { era: '2.6.33', hash: '2009' };
const arp = (src: string) => ('ffffffffffff' + src.replace(/:/g, '') + '0806').padEnd(120, '0');
const all: MvSpec[] = [
  { name: 'mvP', mode: 'private', n: 1 },
  { name: 'mvV', mode: 'vepa', n: 2 },
  { name: 'mvB', mode: 'bridge', n: 3 },
  { name: 'mvW', mode: 'vepa', n: 4 },
];

function fromWire(src: string) {
  const t = run(
    hostTopo(all, { hostConfig: OLD, traffic: [{ at: '10us', node: 'sw', port: 'eth0', frame: { hex: arp(src) } }] }),
  );
  const o = originOf(t, 0);
  return { t, o, s: seen(t, o), st: stepsOf(t, o) };
}

describe('2.6.33 receive path', () => {
  it('external sender: mask PRIVATE|VEPA|BRIDGE (no PASSTHRU yet), flooded inline without a queue', () => {
    const { s, st } = fromWire(EXT_MAC);
    expect(s).toMatchObject({ macvlans: ['mvB', 'mvP', 'mvV', 'mvW'], lowerStack: true });
    const fan = st.find((x) => (x.detail as { fanout?: unknown })?.fanout)!;
    expect(fan.detail as { maskNames: string; how: string }).toMatchObject({
      maskNames: 'PRIVATE|VEPA|BRIDGE',
      how: 'old',
    });
    expect(st.some((x) => x.source === 'macvlan_broadcast_enqueue')).toBe(false);
  });

  it('PRIVATE sender: no macvlan delivery at all, not even back to the sender; the lower stack still gets it', () => {
    expect(fromWire(MAC(1)).s).toMatchObject({ macvlans: [], lowerStack: true });
  });

  it('VEPA sender: VEPA|BRIDGE except the sender', () => {
    expect(fromWire(MAC(2)).s.macvlans).toEqual(['mvB', 'mvW']);
  });

  it('BRIDGE sender: VEPA only', () => {
    expect(fromWire(MAC(3)).s.macvlans).toEqual(['mvV', 'mvW']);
  });

  it("BRIDGE to BRIDGE unicast goes straight into the destination: eth0's taps do not see it", () => {
    const ping = (MAC(4).replace(/:/g, '') + MAC(3).replace(/:/g, '') + '0800').padEnd(120, '0');
    const mvs: MvSpec[] = [
      { name: 'mvB', mode: 'bridge', n: 3 },
      { name: 'mvC', mode: 'bridge', n: 4 },
    ];
    const t = run(
      hostTopo(mvs, { hostConfig: OLD, traffic: [{ at: '1us', node: 'gB', port: 'eth0', frame: { hex: ping } }] }),
    );
    expect(seen(t, originOf(t, 0))).toMatchObject({ macvlans: ['mvC'], wire: 0, tcpdump: 0 });
  });

  it('modes and devices that came later are refused in config', () => {
    for (const extra of [{ mode: 'passthru' }, { mode: 'source' }, { mode: 'vepa', macvtap: true }]) {
      const r = loadScenario(
        hostTopo([{ name: 'mvA', mode: extra.mode, n: 1, extra }], { hostConfig: OLD }),
        deviceTypes,
      );
      expect(r.ok).toBe(false);
    }
  });
});

describe('then and now: the same three reflected broadcasts', () => {
  const file = (id: string) => JSON.parse(readFileSync(`src/scenarios/macvlan/${id}.json`, 'utf8')) as unknown;
  const who = (id: string) => {
    const t = run(file(id));
    return [0, 1, 2].map((i) => seen(t, originOf(t, i)).macvlans);
  };
  it('2.6.33: PRIVATE A reaches nobody; VEPA B reaches C; BRIDGE C reaches B (on reflection)', () => {
    expect(who('then-2009')).toEqual([[], ['mvC'], ['mvB']]);
  });
  it('today: PRIVATE A gets its own broadcast back; the rest is unchanged', () => {
    expect(who('then-now')).toEqual([['mvA'], ['mvC'], ['mvB']]);
  });
});
