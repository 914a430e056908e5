// The settings model on real scenarios: what it lists, what it refuses and why, and that
// an edit never touches the scenario it was given.
import { describe, expect, it } from 'vitest';
import {
  applySetting,
  judgeGroup,
  listSettings,
  trySetting,
  type Setting,
} from '../../../src/app/settings/settings-model';
import { readTyped } from '../../../src/app/settings/typed-input';
import { readScenario } from './bundled-scenarios';

const find = (json: unknown, pathText: string): Setting => {
  const s = listSettings(json)
    .flatMap((g) => g.settings)
    .find((x) => x.pathText === pathText);
  if (!s) throw new Error(`no setting at ${pathText}`);
  return s;
};

describe('settings model', () => {
  const fiveModes = readScenario('src/scenarios/macvlan/five-modes-bridge.json');

  it('lists each macvlan mode with all five kernel modes, passthru refused beside other macvlans', () => {
    const mode = find(fiveModes, '$.nodes[3].config.macvlans[0].mode');
    expect(mode.item).toMatch(/^macvlan /);
    expect(mode.value).toBe('bridge');
    expect(mode.choices!.map((c) => c.value)).toEqual(['private', 'vepa', 'bridge', 'passthru', 'source']);
    // macvlan_common_newlink: -EINVAL for passthru when the port already has macvlans.
    const passthru = mode.choices!.find((c) => c.value === 'passthru')!;
    expect(passthru.refused).toMatch(/only macvlan/);
    expect(mode.choices!.filter((c) => c.refused).map((c) => c.value)).toEqual(['passthru']);
  });

  it('shows the default where the file leaves a field out, and the bridge port flags on a "p2" short form', () => {
    const bc = find(fiveModes, '$.nodes[3].config.macvlans[0].bcqueuelen');
    expect(bc).toMatchObject({ written: false, value: 1000, min: 0, max: 0xffffffff }); // MACVLAN_DEFAULT_BC_QUEUE_LEN
    const json = readScenario('src/scenarios/vepa/vepa-bridge-mode.json');
    const hairpin = find(json, '$.nodes[3].config.ports[1].hairpin');
    expect(hairpin).toMatchObject({ value: false, item: 'port p2' }); // new_nbp: hairpin off
    const next = applySetting(json, hairpin.path, true) as { nodes: { config: { ports: unknown[] } }[] };
    expect(next.nodes[3].config.ports[1]).toEqual({ name: 'p2', hairpin: true });
  });

  it('never changes its input, and shares what it did not touch', () => {
    const json = readScenario('src/scenarios/vepa/vepa-bridge-mode.json') as { nodes: unknown[]; links: unknown };
    const before = JSON.stringify(json);
    const next = applySetting(json, ['nodes', 2, 'config', 'macvlans', 0, 'mode'], 'vepa') as typeof json;
    expect(JSON.stringify(json)).toBe(before);
    expect(next).not.toBe(json);
    expect(next.links).toBe(json.links);
    expect(next.nodes[0]).toBe(json.nodes[0]);
    expect((next.nodes[2] as { config: { macvlans: { mode: string }[] } }).config.macvlans[0].mode).toBe('vepa');
  });

  it('hides settings of objects the file does not have (no macvtap fields on a plain macvlan)', () => {
    const all = listSettings(fiveModes).flatMap((g) => g.settings);
    expect(all.some((s) => s.pathText.includes('macvtap'))).toBe(false);
    const tap = listSettings(readScenario('src/scenarios/macvlan/macvtap-small-ring.json')).flatMap((g) => g.settings);
    expect(tap.some((s) => s.pathText.endsWith('.macvtap.txqueuelen'))).toBe(true);
  });

  it('offers qeth router roles and isolation, the virtio ring size as powers of two, and link delay and loss', () => {
    const qeth = listSettings(readScenario('src/scenarios/qeth/router-fallback.json')).flatMap((g) => g.settings);
    expect(qeth.find((s) => s.pathText.endsWith('.isolation'))?.choices?.map((c) => c.value)).toEqual([
      'none',
      'drop',
      'forward',
    ]);
    expect(qeth.find((s) => s.pathText.endsWith('.route4'))?.choices?.map((c) => c.value)).toContain(
      'secondary_router',
    );
    const virtio = listSettings(readScenario('src/scenarios/virtio/virtio-lost-wakeup.json'));
    const ring = virtio.flatMap((g) => g.settings).find((s) => s.pathText.endsWith('.queueSize'));
    expect(ring?.choices?.every((c) => Number.isInteger(Math.log2(c.value as number)))).toBe(true);
    const links = virtio.find((g) => g.id === 'links');
    expect(links?.settings.map((s) => s.label)).toEqual(expect.arrayContaining(['delay', 'loss']));
  });

  it('judges a group lazily to the same verdicts', () => {
    const eager = listSettings(fiveModes);
    const lazy = listSettings(fiveModes, { judge: false });
    expect(lazy.flatMap((g) => g.settings).some((s) => s.choices?.some((c) => c.refused))).toBe(false);
    expect(lazy.map((g) => judgeGroup(fiveModes, g))).toEqual(eager);
  });

  it('reports a typed value the loader refuses at its path, with the reason', () => {
    const mac = find(fiveModes, '$.nodes[3].config.macvlans[0].mac');
    const r = trySetting(fiveModes, mac, '01:00:5e:00:00:01');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: mac.pathText, message: expect.stringMatching(/multicast/) });
    expect(trySetting(fiveModes, mac, '02:00:00:00:00:77').ok).toBe(true);
  });
});

describe('typed input', () => {
  it('reads and refuses MAC, IPv4, prefix, integer and duration fields', () => {
    expect(readTyped({ kind: 'mac' }, '02:00:00:00:00:0g')).toMatchObject({ ok: false });
    expect(readTyped({ kind: 'mac' }, ' 02:00:00:00:00:0a ')).toEqual({ ok: true, value: '02:00:00:00:00:0a' });
    expect(readTyped({ kind: 'ipv4' }, '10.0.0.300')).toMatchObject({ ok: false });
    expect(readTyped({ kind: 'ipv4' }, 'fd00::1')).toMatchObject({ ok: false, message: /IPv6/ });
    expect(readTyped({ kind: 'cidr' }, '10.0.0.5/33')).toMatchObject({ ok: false, message: /0 … 32/ });
    expect(readTyped({ kind: 'cidr' }, '10.0.0.5/24')).toEqual({ ok: true, value: '10.0.0.5/24' });
    expect(readTyped({ kind: 'integer', min: 1, max: 4094 }, '4095')).toMatchObject({ ok: false });
    expect(readTyped({ kind: 'integer', min: 1, max: 4094 }, '1.5')).toMatchObject({ ok: false });
    expect(readTyped({ kind: 'duration', min: 0, max: 1e9 }, '1.5ms')).toEqual({ ok: true, value: '1.5ms' });
    expect(readTyped({ kind: 'duration', min: 0, max: 1e9 }, '2500')).toEqual({ ok: true, value: 2500 });
    expect(readTyped({ kind: 'duration', min: 0, max: 1e9 }, '2s')).toMatchObject({ ok: false });
    expect(readTyped({ kind: 'number', min: 0, max: 1 }, '0.25')).toEqual({ ok: true, value: 0.25 });
  });
});
