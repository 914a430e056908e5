// Scripted ring operations (ring-script.ts) and what the agent's device does with a TX chain
// too short for the header (bad-chain.ts). Expected behaviour of each policy from its source:
//   broken: QEMU hw/net/virtio-net.c virtio_net_flush_tx: iov_to_buf(...) < guest_hdr_len ->
//           virtio_error (vdev->broken), virtqueue_detach_element (no used entry);
//           virtqueue_pop returns NULL while broken.
//   leak:   Linux drivers/vhost/net.c handle_tx: `if (in) vq_err("Unexpected descriptor format
//           for TX")`, and nothing after the header -> vq_err("Unexpected header len for TX");
//           the head was consumed by vhost_get_vq_desc and is never added to the used ring.
// The legacy header the host driver uses is 10 bytes (no MRG_RXBUF, no VERSION_1).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/engine/scenario/load';
import { ops, run, scenario, types, xmit } from './helpers';
import type { Trace } from '../../src/engine/sim/types';

const add = (at: string, args: Record<string, unknown>): unknown => ({ at, node: 'bp', command: 'vq-add', args });
const cmd = (at: string, command: string, args: Record<string, unknown>): unknown => ({
  at,
  node: 'bp',
  command,
  args,
});
const delivered = (t: Trace): number => t.fates.filter((f) => f.delivered.length === 1).length;
const last = (t: Trace, key: string, state: ReturnType<typeof run>['state']): unknown =>
  Object.fromEntries(state.at(t.steps.length - 1))[key];

describe('a TX chain shorter than the 10-byte header', () => {
  const traffic = [add('20us', { queue: 'tx', out: [4], kick: true }), xmit('hoststack', '60us')];

  it('complete-zero: given back with used.len 0 and counted; no DMA, no receive buffer; the ring goes on', () => {
    const { trace, state } = run(scenario({ badTxChain: 'complete-zero' }, traffic));
    const bad = ops(trace, 'bad-chain');
    expect(bad.map((s) => s.detail)).toEqual([
      expect.objectContaining({ head: 0, readable: 4, writable: 0, why: 'virtio-net header incorrect' }),
    ]);
    expect(trace.counters.bp.tx_bad_chains).toBe(1);
    const usedWrites = ops(trace, 'write').filter(
      (s) => s.detail?.field === 'used.ring[0]' && s.detail.queue === 'host.tx',
    );
    expect(usedWrites[0].detail!.value).toEqual({ id: 0, len: 0 });
    // No receive buffer was taken on the agent's side for it: the real frame gets agent.rx's first.
    // The host reclaimed head 0 before the frame came, and detach_buf_split pushes it back on
    // the free list (free_head = head), so the frame's chain starts at 0 again.
    const dma = ops(trace, 'dma');
    expect(dma).toHaveLength(1);
    expect(dma[0].detail).toMatchObject({ dir: 'host-to-agent', txHead: 0, rxHead: 0 });
    expect(delivered(trace)).toBe(1);
    expect(last(trace, 'bp/vq/host.tx/num_free', state)).toBe(8);
  });

  it('broken (QEMU): no used entry, and the device serves nothing afterwards', () => {
    const { trace } = run(scenario({ badTxChain: 'broken', eventIdx: true }, traffic));
    expect(ops(trace, 'bad-chain')[0].detail).toMatchObject({ policy: 'broken', why: 'virtio-net header incorrect' });
    expect(ops(trace, 'write').filter((s) => s.detail?.field === 'used.idx' && s.detail.queue === 'host.tx')).toEqual(
      [],
    );
    expect(ops(trace, 'dma')).toEqual([]);
    expect(delivered(trace)).toBe(0);
  });

  it('leak (vhost-net): the head is never returned, so the driver has one descriptor fewer for good', () => {
    const { trace, state } = run(
      scenario({ badTxChain: 'leak' }, [add('20us', { queue: 'tx', out: [4], kick: true })]),
    );
    expect(ops(trace, 'bad-chain')[0].detail!.why).toBe('Unexpected header len for TX: 4 expected 10');
    expect(last(trace, 'bp/dev/host.tx/last_avail_idx', state)).toBe(1);
    expect(last(trace, 'bp/vq/host.tx/num_free', state)).toBe(7);
  });

  it('exactly the header: QEMU sends it (an empty frame); vhost refuses it (nothing after the header)', () => {
    const t = [add('20us', { queue: 'tx', out: [10], kick: true })];
    expect(ops(run(scenario({ badTxChain: 'broken' }, t)).trace, 'bad-chain')).toEqual([]);
    expect(ops(run(scenario({ badTxChain: 'leak' }, t)).trace, 'bad-chain')[0].detail!.why).toBe(
      'Unexpected header len for TX: 10 expected 10',
    );
  });

  it('a writable piece in a TX chain: vhost calls it a bad format; QEMU does not look', () => {
    const t = [add('20us', { queue: 'tx', out: [10, 100], in: [64], kick: true })];
    expect(ops(run(scenario({ badTxChain: 'leak' }, t)).trace, 'bad-chain')[0].detail!.why).toBe(
      'Unexpected descriptor format for TX: out 2, in 1',
    );
    expect(ops(run(scenario({ badTxChain: 'broken' }, t)).trace, 'bad-chain')).toEqual([]);
  });
});

describe('scripted interleavings (agentEngine "script")', () => {
  const cfg = { agentEngine: 'script' };

  it('two chains added, one kick; the device takes both, completes them one at a time; the host reclaims', () => {
    const { trace, state } = run(
      scenario(cfg, [
        add('20us', { queue: 'tx', out: [10, 100] }),
        add('21us', { queue: 'tx', out: [10, 200], kick: true }),
        cmd('40us', 'vq-take', { queue: 'tx' }),
        cmd('41us', 'vq-take', { queue: 'tx' }),
        cmd('50us', 'vq-complete', { queue: 'tx' }),
        cmd('70us', 'vq-complete', { queue: 'tx', len: 7 }),
      ]),
    );
    // Two pieces each (header + data), so heads 0 and 2; the kick is one doorbell for both.
    expect(ops(trace, 'vq-take').map((s) => s.detail!.head)).toEqual([0, 2]);
    expect(ops(trace, 'doorbell').filter((s) => s.detail?.queue === 1)).toHaveLength(1);
    expect(ops(trace, 'script-wait').length).toBeGreaterThan(0);
    const used = ops(trace, 'write').filter(
      (s) => s.detail?.queue === 'host.tx' && /^used\.ring/.test(s.detail.field as string),
    );
    expect(used.map((s) => s.detail!.value)).toEqual([
      { id: 0, len: 0 },
      { id: 2, len: 7 },
    ]);
    // No EVENT_IDX, avail.flags 0: each completion interrupts, and the host gets its 4 descriptors back.
    expect(ops(trace, 'intx').filter((s) => s.detail?.queue === 'host.tx')).toHaveLength(2);
    expect(last(trace, 'bp/vq/host.tx/num_free', state)).toBe(8);
    expect(ops(trace, 'dma')).toEqual([]);
  });

  it('a chain added without a kick is still there for a device that looks: vq-take finds it', () => {
    const { trace } = run(
      scenario(cfg, [add('20us', { queue: 'tx', out: [10, 60] }), cmd('30us', 'vq-take', { queue: 'tx' })]),
    );
    expect(ops(trace, 'doorbell').filter((s) => s.detail?.queue === 1)).toEqual([]);
    expect(ops(trace, 'vq-take')).toHaveLength(1);
  });

  it('vq-get-buf reclaims only what the device has completed, and vq-complete with nothing taken says so', () => {
    const { trace } = run(
      scenario(cfg, [
        add('20us', { queue: 'tx', out: [10, 60] }),
        cmd('25us', 'vq-complete', { queue: 'tx' }),
        cmd('30us', 'vq-get-buf', { queue: 'tx' }),
      ]),
    );
    expect(ops(trace, 'vq-complete-none')).toHaveLength(1);
    const reads = ops(trace, 'read').filter((s) => s.detail?.queue === 'host.tx' && s.detail.field === 'used.idx');
    expect(reads.at(-1)!.detail).toMatchObject({ value: 0, lastUsedIdx: 0 });
  });

  it('an RX chain completed by hand claims the writable length by default', () => {
    const { trace } = run(
      scenario(cfg, [cmd('40us', 'vq-take', { queue: 'rx' }), cmd('45us', 'vq-complete', { queue: 'rx' })]),
    );
    // The host posted 8 receive buffers of 1526 bytes at bring-up (try_fill_recv).
    const w = ops(trace, 'write').find((s) => s.detail?.queue === 'host.rx' && s.detail.field === 'used.ring[0]')!;
    expect(w.detail!.value).toEqual({ id: 0, len: 1526 });
  });
});

describe('ring commands are checked at load', () => {
  const issues = (cfg: Record<string, unknown>, traffic: unknown[]): string[] => {
    const r = loadScenario(scenario(cfg, traffic), types);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('vq-take and vq-complete need the scripted engine', () => {
    expect(issues({}, [cmd('1us', 'vq-take', { queue: 'tx' })])).toEqual([
      "$.traffic[0].args: vq-take moves the agent's device by hand",
    ]);
  });
  it('a chain needs a piece, fits the ring and a buffer slot; the queue is tx or rx', () => {
    expect(issues({}, [add('1us', { queue: 'tx' })])).toEqual(['$.traffic[0].args: a chain needs at least one piece']);
    expect(issues({ queueSize: 2 }, [add('1us', { queue: 'tx', out: [1, 1, 1] })])).toEqual([
      '$.traffic[0].args: 3 pieces do not fit a ring of 2 descriptors',
    ]);
    expect(issues({}, [add('1us', { queue: 'tx', out: [2000, 100] })])).toEqual([
      '$.traffic[0].args: 2100 bytes in one chain',
    ]);
    expect(issues({}, [add('1us', { queue: 'ctrl', out: [10] })])[0]).toMatch(
      /^\$\.traffic\[0\]\.args\.queue: "ctrl" is not one of/,
    );
  });
});
