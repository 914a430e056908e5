// Names a VDP scenario gives are checked when it loads, with their JSON path, not when the
// run reaches them (a guest the station does not have used to throw mid-run).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';

const base = () => JSON.parse(readFileSync('src/scenarios/vdp/associate.json', 'utf8'));
const issues = (json: unknown) => {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('VDP names checked at load', () => {
  it('the bundled scenario loads', () => expect(issues(base())).toEqual([]));

  it('refuses a guest the station does not have, in every guest command', () => {
    const s = base();
    s.traffic = [
      { at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm9' } },
      { at: '2ms', node: 'hostA', command: 'vdptool', args: { guest: 'constructor', mode: 3 } },
      { at: '3ms', node: 'hostA', command: 'port-request', args: { guest: '__proto__', request: 2 } },
    ];
    s.expect = [];
    const got = issues(s);
    expect(got).toHaveLength(3);
    expect(got[0]).toMatch(/^\$\.traffic\[0\]\.args\.guest: "vm9" is not one of "vm1"/);
    expect(got[1]).toMatch(/^\$\.traffic\[1\]\.args\.guest: "constructor" is not one of/);
    expect(got[2]).toMatch(/^\$\.traffic\[2\]\.args\.guest: "__proto__" is not one of/);
  });

  it('refuses a VSI type the switch does not know, by name or by type ID', () => {
    const s = base();
    s.traffic = [
      { at: '1ms', node: 'sw', command: 'set-answer', args: { type: 'db', answer: 'keep' } },
      { at: '2ms', node: 'sw', command: 'set-answer', args: { typeId: 7, answer: 'keep' } },
      { at: '3ms', node: 'sw', command: 'set-answer', args: { answer: 'keep' } },
      { at: '4ms', node: 'sw', command: 'set-answer', args: { type: 'web', answer: 'keep' } },
    ];
    s.expect = [];
    const got = issues(s);
    expect(got).toEqual([
      expect.stringMatching(/^\$\.traffic\[0\]\.args\.type: "db" is not one of "web"/),
      '$.traffic[1].args.typeId: no VSI type 7',
      '$.traffic[2].args: names no VSI type',
    ]);
  });

  it('refuses duplicate switch ports, a network port named like one, and duplicate guests', () => {
    const s = base();
    const sw = s.nodes.find((n: { id: string }) => n.id === 'sw');
    sw.config.ports.push({ ...sw.config.ports[0] });
    const host = s.nodes.find((n: { id: string }) => n.id === 'hostA');
    host.config.guests.push({ ...host.config.guests[0] });
    const got = issues(s);
    expect(got.some((m) => /^\$\.nodes\[\d\]\.config\.ports\[1\]\.name: port "p1" is named twice/.test(m))).toBe(true);
    expect(got.some((m) => /^\$\.nodes\[\d\]\.config\.guests: guest "vm1" is named twice/.test(m))).toBe(true);
    const t = base();
    t.nodes.find((n: { id: string }) => n.id === 'sw').config.network = 'p1';
    expect(
      issues(t).some((m) => m.includes('config.network: the network port "p1" has the name of a station port')),
    ).toBe(true);
  });
});
