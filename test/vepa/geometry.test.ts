// VEPA view geometry: roles from device types and links, host box around the inside.
import { describe, expect, it } from 'vitest';
import { vepaLayout, COL, columnsFor } from '../../src/views/vepa/geometry/layout';
import type { Topology } from '../../src/engine/sim/types';
import { readFileSync } from 'node:fs';
import { run } from '../helpers/run';
import { stepHighlights } from '../../src/views/vepa/geometry/highlights';
import { tokensAt } from '../../src/views/vepa/geometry/tokens';

const link = (id: string, a: string, b: string) => {
  const [an, ap] = a.split(':');
  const [bn, bp] = b.split(':');
  return { id, a: { node: an, port: ap }, b: { node: bn, port: bp }, bandwidthBps: 1e9, latencyNs: 1000 };
};
const topo: Topology = {
  nodes: [
    { id: 'gA', type: 'host', label: 'gA', ports: ['eth0'] },
    { id: 'gB', type: 'host', label: 'gB', ports: ['eth0'] },
    { id: 'h1', type: 'macvlan', label: 'h1', ports: ['eth0', 'mvA', 'mvB'] },
    { id: 'sw', type: 'bridge', label: 'sw', ports: ['p1', 'p2'] },
    { id: 'ext', type: 'host', label: 'ext', ports: ['eth0'] },
  ],
  links: [
    link('la', 'gA:eth0', 'h1:mvA'),
    link('lb', 'gB:eth0', 'h1:mvB'),
    link('uplink', 'h1:eth0', 'sw:p1'),
    link('lx', 'sw:p2', 'ext:eth0'),
  ],
};

describe('vepaLayout', () => {
  const l = vepaLayout(topo);
  it('gives guests, macvlan host, switch and outside host their columns', () => {
    expect(l.nodes.get('gA')).toMatchObject({ role: 'guest', x: COL.guest });
    expect(l.nodes.get('h1')).toMatchObject({ role: 'macvlan', x: COL.macvlan });
    // No EVB station here: the switch and the outside host move in by the station's column.
    expect(l.nodes.get('sw')).toMatchObject({ role: 'switch', x: columnsFor(false).switch });
    expect(l.nodes.get('ext')).toMatchObject({ role: 'external', x: columnsFor(false).external });
    expect(columnsFor(false).switch).toBe(COL.switch - (COL.station - COL.macvlan));
  });
  it('marks the host-to-switch link as the uplink and guest links as inside the host', () => {
    expect(l.links.find((k) => k.id === 'uplink')!.role).toBe('uplink');
    expect(l.links.find((k) => k.id === 'la')!.role).toBe('inside');
    expect(l.links.find((k) => k.id === 'lx')!.role).toBe('access');
  });
  it('puts the macvlan host between its guests and the host box around them', () => {
    const [a, b, h] = ['gA', 'gB', 'h1'].map((id) => l.nodes.get(id)!);
    expect(h.y).toBe((a.y + b.y) / 2);
    for (const n of [a, b, h]) {
      expect(n.y).toBeGreaterThan(l.hostBox.y);
      expect(n.y).toBeLessThan(l.hostBox.y + l.hostBox.h);
      expect(n.x).toBeLessThan(l.hostBox.x + l.hostBox.w);
    }
    expect(l.nodes.get('sw')!.x).toBeGreaterThan(l.hostBox.x + l.hostBox.w);
  });
});

const trace = (id: string) => run(JSON.parse(readFileSync(`src/scenarios/vepa/${id}.json`, 'utf8')));

describe('what the picture marks at a step', () => {
  it('the hairpin, the no-hairpin drop, the policy verdict and the sender-copy filter', () => {
    const on = trace('vepa-hairpin-on');
    const reflect = on.steps.find((s) => s.node === 'sw' && s.detail?.reflected === true)!;
    expect(stepHighlights(on, reflect.index)).toMatchObject({ hairpinAt: 'sw', port: 'p1' });
    const fan = on.steps.find((s) => s.decision.startsWith('Fan-out'))!;
    expect(stepHighlights(on, fan.index).senderCopyAt).toBe('h1');
    const off = trace('vepa-hairpin-off');
    const drop = off.steps.find((s) => s.node === 'sw' && s.kind === 'drop')!;
    expect(stepHighlights(off, drop.index).noHairpinAt).toBe('sw');
    const acl = trace('vepa-acl-deny');
    const deny = acl.steps.find((s) => s.node === 'sw' && s.kind === 'drop')!;
    expect(stepHighlights(acl, deny.index).aclAt).toEqual({ node: 'sw', verdict: 'deny', text: 'deny (no-ping-A-B)' });
  });
  it('a frame on the wire sits between the two ends, at the share of the crossing virtual time has covered', () => {
    const on = trace('vepa-hairpin-on');
    const l = vepaLayout(on.topology);
    const up = on.steps.find((s) => s.link?.id === 'uplink')!;
    const [tok] = tokensAt(on, l, up.index).filter((t) => t.state === 'wire');
    const h1 = l.nodes.get('h1')!;
    const sw = l.nodes.get('sw')!;
    expect(tok.x).toBeCloseTo(h1.x + (sw.x - h1.x) * 0.15, 6);
    expect(tok.broadcast).toBe(true);
    const deliver = on.steps.find((s) => s.node === 'gB' && s.kind === 'deliver')!;
    expect(tokensAt(on, l, deliver.index).find((t) => t.step === deliver.index)?.state).toBe('delivered');
  });
});
