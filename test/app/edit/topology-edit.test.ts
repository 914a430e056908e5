// Topology edits (issue 14 item 2): each returns a scenario the loader takes, and the run
// of the grown scenario follows the mechanism: a guest on a new bridge-mode macvlan gets
// its sibling's broadcast inside the host (macvlan_broadcast on the transmit path,
// macvlan.c), a guest on a new VEPA macvlan gets it only after the switch reflects it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  addDevice,
  addLink,
  addPort,
  freshId,
  idProblem,
  removeLink,
  removeNode,
  topologyOf,
} from '../../../src/app/edit/topology-edit';
import { arrange, moveInOrder } from '../../../src/app/edit/topology-arrange';
import { simulate } from '../../../src/app/run/build-run';
import { loadScenario } from '../../../src/engine/scenario/load';
import { deviceTypes } from '../../../src/engine/devices/registry';
import { columnOrder } from '../../../src/views/stage/layout';

const read = (f: string): Record<string, unknown> => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
const macvlanBridge = read('src/scenarios/macvlan/five-modes-bridge.json');
const vepaOn = read('src/scenarios/vepa/vepa-hairpin-on.json');
const qeth = read('src/scenarios/qeth/router-fallback.json');
const learning = read('src/scenarios/bridge/learning.json');

function run(json: unknown) {
  const r = simulate(json);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.trace;
}
/**
 * The nodes whose stack got a copy of traffic item `k`'s first frame: delivered, or
 * refused there by the stack (an ARP request for another address, arp_process).
 */
const reachedOf = (json: unknown, k: number) =>
  run(json)
    .fates.filter((f) => f.traffic === k && f.cause === undefined)
    .flatMap((f) => [...f.delivered, ...f.dropped].map((d) => d.node));

describe('topology edits', () => {
  it('reads every node’s ports as its device type does, and which are free', () => {
    const t = topologyOf(macvlanBridge);
    expect(t.nodes.find((n) => n.id === 'H')?.ports).toEqual(['eth0', 'mvA', 'mvB', 'mvC']);
    expect(t.nodes.every((n) => n.free.length === 0)).toBe(true);
    const grown = addPort(macvlanBridge, 'H');
    expect(grown.port).toBe('mv1');
    expect(topologyOf(grown.json).nodes.find((n) => n.id === 'H')?.free).toEqual(['mv1']);
  });

  it('a guest on a new bridge-mode macvlan gets guest A’s broadcast inside the host', () => {
    const { json, link } = addDevice(macvlanBridge, { type: 'host', id: 'gD', attach: { newPortOn: 'H' } });
    expect(link).toBe('gD:eth0');
    expect(loadScenario(json, deviceTypes).ok).toBe(true);
    const gD = (json.nodes as { id: string; config: { mac: string; ip: string } }[]).find((n) => n.id === 'gD')!;
    const mv1 = (json.nodes as { id: string; config: { macvlans: { name: string; mac: string; mode: string }[] } }[])
      .find((n) => n.id === 'H')!
      .config.macvlans.at(-1)!;
    // The guest's interface is the macvlan: one MAC; the mode follows its siblings.
    expect(mv1).toMatchObject({ name: 'mv1', mode: 'bridge' });
    expect(gD.config.mac).toBe(mv1.mac);
    expect(['02:00:00:00:00:0a', '02:00:00:00:00:0b', '02:00:00:00:00:0c', '02:00:00:00:00:10']).not.toContain(mv1.mac);
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.99']).not.toContain(gD.config.ip);
    expect(reachedOf(macvlanBridge, 0)).not.toContain('gD');
    expect(reachedOf(json, 0)).toContain('gD');
  });

  it('a guest on a new VEPA macvlan gets the broadcast back from the switch (hairpin on)', () => {
    const { json } = addDevice(vepaOn, { type: 'host', id: 'gC', attach: { newPortOn: 'h1' } });
    const trace = run(json);
    const first = trace.fates.find((f) => f.traffic === 0 && f.cause === undefined)!;
    const toC = [...first.delivered, ...first.dropped].find((d) => d.node === 'gC');
    expect(toC).toBeDefined();
    // It went out to the switch first: a step at sw comes before the delivery to gC.
    const swStep = trace.steps.findIndex((s) => s.node === 'sw');
    expect(swStep).toBeGreaterThanOrEqual(0);
    expect(swStep).toBeLessThan(toC!.step);
  });

  it('a copy of a qeth guest takes a new device number of the card and no router role', () => {
    const { json, link } = addDevice(qeth, { type: 'qeth-guest', id: 'g5', attach: { newPortOn: 'osa' } });
    expect(link).toBe('g5:osa');
    const g5 = (json.nodes as { id: string; config: Record<string, unknown> }[]).find((n) => n.id === 'g5')!;
    expect(g5.config.devno).toBe('0x0a0c');
    expect(g5.config.route4).toBeUndefined();
    expect(loadScenario(json, deviceTypes).ok).toBe(true);
  });

  it('removes a node with its links, its traffic, the faults on its links and the expectations that name it', () => {
    const r = removeNode(macvlanBridge, 'gA');
    expect([r.links, r.traffic, r.faults]).toEqual([1, 1, 0]);
    expect(loadScenario(r.json, deviceTypes).ok).toBe(true);
    const q = removeNode(qeth, 'lan');
    // Traffic numbers shift when traffic goes, so expectations by number go with it.
    expect(q.traffic).toBeGreaterThan(0);
    expect((q.json.expect as unknown[]).length).toBe((qeth.expect as unknown[]).length - q.expectations);
    expect(loadScenario(q.json, deviceTypes).ok).toBe(true);
  });

  it('links only free ports of two different devices, and unlinks with the faults on the link', () => {
    expect(() => addLink(macvlanBridge, 'gA:eth0', 'sw:p1')).toThrow('gA:eth0 is not a free port of gA');
    expect(() => addLink(macvlanBridge, 'nope:eth0', 'sw:p1')).toThrow('there is no node "nope"');
    const un = removeLink(macvlanBridge, 'uplink');
    const linked = addLink(un.json, 'H:eth0', 'sw:p1', 'up2');
    expect(loadScenario(linked, deviceTypes).ok).toBe(true);
    expect(() => addLink(un.json, 'H:eth0', 'H:eth0')).toThrow('a link joins two different devices');
  });

  it('ids: the loader’s rule, unique among nodes and links', () => {
    expect(idProblem(macvlanBridge, 'gA')).toMatch(/already has a node or link "gA"/);
    expect(idProblem(macvlanBridge, 'uplink')).toMatch(/already/);
    expect(idProblem(macvlanBridge, '9x')).toMatch(/start with a letter/);
    expect(idProblem(macvlanBridge, '<img>')).toMatch(/is not an id/);
    expect(idProblem(macvlanBridge, 'gD')).toBeUndefined();
    expect(freshId(macvlanBridge, 'l')).toBe('l1');
  });

  it('arranging writes position.x in the new order, and the stage draws its columns in that order', () => {
    // The guests are grouped under H: they stay just before it, in the order given.
    const order = ['ext', 'sw', 'gC', 'gB', 'gA', 'H'];
    const json = arrange(macvlanBridge, order);
    const loaded = loadScenario(json, deviceTypes);
    expect(loaded.ok).toBe(true);
    expect(columnOrder(run(json).topology)).toEqual(order);
    expect(moveInOrder(order, 'gA', -1)).toEqual(['ext', 'sw', 'gC', 'gA', 'gB', 'H']);
    expect(moveInOrder(order, 'ext', -1)).toEqual(order);
    // A scenario already placed keeps its y.
    const placed = arrange(learning, ['br0', 'h1', 'h2', 'h3']);
    const br0 = (placed.nodes as { id: string; position: { x: number; y: number } }[]).find((n) => n.id === 'br0')!;
    expect(br0.position).toEqual({ x: 0.05, y: 0.45 });
    expect(columnOrder(run(placed).topology)).toEqual(['br0', 'h1', 'h2', 'h3']);
  });

  it('refuses what it cannot do, with the reason', () => {
    expect(() => addPort(macvlanBridge, 'gA')).toThrow('a port cannot be added to gA (host)');
    expect(() => addDevice(macvlanBridge, { type: 'sriov-nic', id: 'n1' })).toThrow(
      'has no "sriov-nic" device to copy',
    );
  });
});
