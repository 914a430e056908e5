// The stack declarations (src/engine/devices/*/layers.ts): every step of every bundled
// scenario and lesson scenario lands in a declared slot; only configuration records may
// need a stack's catch-all; and the kernel's own order holds where we know it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/app/run/build-run';
import { placeStep, type StackDecl } from '../../src/engine/devices/stack/layers';
import { stepAt, stepCount } from '../../src/engine/sim/trace-access';
import { isDeclared, stackOf, STACKS } from '../../src/views/stage/stacks';

const ROOT = join(import.meta.dirname, '../..');
function scenarioFiles(): string[] {
  const out: string[] = [];
  for (const lab of readdirSync(join(ROOT, 'src/scenarios')))
    for (const f of readdirSync(join(ROOT, 'src/scenarios', lab))) out.push(join('src/scenarios', lab, f));
  for (const l of readdirSync(join(ROOT, 'lessons'))) {
    const p = join('lessons', l, 'scenario.json');
    if (existsSync(join(ROOT, p))) out.push(p);
  }
  return out;
}

const ids = (s: StackDecl) => s.slots.map((d) => d.id);
const slotFor = (type: string, facts: Parameters<typeof placeStep>[1]) => {
  const st = stackOf(type);
  const p = placeStep(st, facts);
  return { id: st.slots[p.slot].id, caught: p.caught };
};

describe('stack declarations', () => {
  it('each stack ends with its wire slot, has unique slot ids and a catch-all it declares', () => {
    for (const s of STACKS) {
      expect(ids(s).at(-1)).toBe('wire');
      expect(new Set(ids(s)).size).toBe(s.slots.length);
      expect(ids(s)).toContain(s.catchAll.slot);
      expect(s.catchAll.why.length).toBeGreaterThan(10);
    }
  });

  it('macvlan: a received frame climbs NIC filter → taps → hash lookup → broadcast queue → device → macvtap', () => {
    // Order in drivers/net/macvlan.c and net/core/dev.c, bottom to top.
    const order = ['wire', 'nic', 'taps', 'lookup', 'bcast', 'dev', 'macvtap'];
    const at = ids(stackOf('macvlan'));
    expect(order.map((id) => at.indexOf(id))).toEqual([...order.map((id) => at.indexOf(id))].sort((a, b) => b - a));
    expect(
      slotFor('macvlan', {
        layer: 'L2',
        kind: 'decide',
        source: 'macvlan_handle_frame → macvlan_hash_lookup(port, eth->h_dest)',
      }).id,
    ).toBe('lookup');
    expect(
      slotFor('macvlan', {
        layer: 'L2',
        kind: 'decide',
        source: '__netif_receive_skb_core (ptype_all taps before rx_handler)',
      }).id,
    ).toBe('taps');
    expect(
      slotFor('macvlan', { layer: 'L2', kind: 'decide', source: 'tap_handle_frame → tap_get_queue, ptr_ring_produce' })
        .id,
    ).toBe('macvtap');
    expect(slotFor('macvlan', { layer: 'L2', kind: 'decide', source: 'macvlan_broadcast_enqueue' }).id).toBe('bcast');
    expect(slotFor('macvlan', { layer: 'L2', kind: 'transmit', source: 'macvlan_broadcast_one → netif_rx' }).id).toBe(
      'dev',
    );
  });

  it('virtio: the ring is crossed in the order of virtio_ring.c and vringh.c', () => {
    const order = ['driver', 'desc', 'avail', 'cache', 'doorbell', 'vringh', 'dma', 'used', 'irq'];
    const at = ids(stackOf('virtio-backplane'));
    expect(order.map((id) => at.indexOf(id))).toEqual(order.map((_, i) => i));
    const src = (source: string) => slotFor('virtio-backplane', { layer: 'memory', kind: 'decide', source }).id;
    expect(src('virtqueue_add_split (drivers/virtio/virtio_ring.c)')).toBe('desc');
    expect(src('virtqueue_add_split (drivers/virtio/virtio_ring.c) virtio_wmb')).toBe('avail');
    expect(src('__vringh_complete')).toBe('used');
    expect(
      slotFor('virtio-backplane', {
        layer: 'bus',
        kind: 'transmit',
        source: 'board driver vq notify callback -> doorbell (the board message register)',
      }).id,
    ).toBe('doorbell');
  });

  it('qeth OSA: the primary/secondary router fallback is its own slot, a registered address is a table hit', () => {
    const src = 'OSA shared-port inbound routing (IBM: OSA-Express port sharing; primary/secondary router)';
    expect(
      slotFor('qeth-osa', { layer: 'L3', kind: 'decide', source: src, detail: { demux: { branch: 'secondary' } } }).id,
    ).toBe('router');
    expect(
      slotFor('qeth-osa', { layer: 'L3', kind: 'decide', source: src, detail: { demux: { branch: 'registered' } } }).id,
    ).toBe('table');
  });

  const files = scenarioFiles();
  it(`finds the bundled scenarios (${files.length})`, () => expect(files.length).toBeGreaterThan(60));

  it.each(files)('%s: every step lands in a declared slot; frame steps never in a catch-all', (f) => {
    const r = simulate(JSON.parse(readFileSync(join(ROOT, f), 'utf8')));
    if (!r.ok) throw new Error(r.title);
    const t = r.trace;
    const types = new Map(t.topology.nodes.map((n) => [n.id, n.type]));
    const links = new Set(t.topology.links.map((l) => l.id));
    const wrong: string[] = [];
    for (let i = 0; i < stepCount(t); i++) {
      const s = stepAt(t, i)!;
      const type = types.get(s.node);
      if (type === undefined) {
        // Steps on a link (faults, impairment drops) are drawn on the link itself.
        if (!links.has(s.node)) wrong.push(`${i}: node ${s.node} is neither a node nor a link`);
        continue;
      }
      if (!isDeclared(type)) wrong.push(`${i}: type ${type} has no stack`);
      const p = placeStep(stackOf(type), s);
      const slot = stackOf(type).slots[p.slot];
      if (slot.id === 'wire') wrong.push(`${i}: ${type} step placed on the wire slot (${s.source})`);
      const config = s.source === 'device state' || (s.kind === 'command' && s.source === 'scenario traffic');
      if (p.caught && (s.packet || !config)) wrong.push(`${i}: ${type} ${s.layer} ${s.kind} '${s.source}' caught`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
