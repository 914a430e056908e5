// Fact sheet scenario 2 (with correction W1: legacy host, 10-byte header): host TX of a
// 1514-byte frame, two descriptors, crossed wires into the agent's RX ring.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';
import type { Step } from '../../src/engine/sim/types';

const { trace, state } = run(scenario({}, [xmit('hoststack', '20us')]));
const q = (s: Step): unknown => s.detail?.queue;
const byQueue = (op: string, queue: string): Step[] => ops(trace, op).filter((s) => q(s) === queue);
const after = (i: number): Record<string, unknown> => Object.fromEntries(state.at(i));

describe('scenario 2: host TX walk', () => {
  const writes = byQueue('write', 'host.tx');
  it('steps 1-2: desc[0] = {0x0020_0000, 10, NEXT, 1}, desc[1] = {0x0020_0040, 1514, 0, next 2}', () => {
    expect(writes[0].detail).toMatchObject({
      field: 'desc[0]',
      addr: 0x0010_0000,
      value: { addr: 0x0020_0000, len: 10, flags: 1, next: 1 },
    });
    expect(writes[1].detail).toMatchObject({
      field: 'desc[1]',
      addr: 0x0010_0010,
      value: { addr: 0x0020_0040, len: 1514, flags: 0, next: 2 },
    });
  });
  it('steps 3-4: num_free 8 -> 6, free_head 0 -> 2, avail.ring[0] = 0 at 0x0010_0084', () => {
    const ring = writes.find((s) => s.detail?.field === 'avail.ring[0]')!;
    expect(ring.detail).toMatchObject({ addr: 0x0010_0084, value: 0 });
    const st = after(ring.index);
    expect(st['bp/vq/host.tx/num_free']).toBe(6);
    expect(st['bp/vq/host.tx/free_head']).toBe(2);
  });
  it('step 5: cleans the descriptor and avail lines, then virtio_wmb, before avail.idx', () => {
    const idx = writes.find((s) => s.detail?.field === 'avail.idx')!;
    const before = trace.steps.slice(0, idx.index).filter((s) => s.node === 'bp' && q(s) === 'host.tx');
    const cleaned = before.filter((s) => s.detail?.op === 'clean').flatMap((s) => s.detail!.lines as number[]);
    expect(cleaned).toEqual(expect.arrayContaining([0x0010_0000, 0x0010_0080]));
    expect(before.at(-1)!.detail?.op).toBe('wmb');
    const xm = ops(trace, 'xmit')[0];
    expect(xm.detail!.payloadLines).toEqual(expect.arrayContaining([0x0020_0000, 0x0020_0040, 0x0020_0600]));
    expect((xm.detail!.payloadLines as number[]).length).toBe(1 + 24);
  });
  it('steps 6-8: avail.idx = 1 at 0x0010_0082 reaches DRAM; kick_prepare old 0 new 1 kicks; notify word of queue 1, then the board doorbell', () => {
    const idx = writes.find((s) => s.detail?.field === 'avail.idx')!;
    expect(idx.detail).toMatchObject({ addr: 0x0010_0082, value: 1 });
    const kp = byQueue('kick-prepare', 'host.tx')[0];
    expect(kp.detail).toMatchObject({ old: 0, new: 1, needs: true });
    expect(after(kp.index)['bp/ring/host.tx/avail.idx']).toBe(1);
    // The board cannot see BAR writes (the source thread): the notify word in BAR0 (board.ts
    // layout: BAR0 + 0x40 + 2 * queue) is plain memory; the doorbell is the board's message register.
    const word = ops(trace, 'bar-write').find((s) => s.index > kp.index)!;
    expect(word.detail).toMatchObject({ queue: 1, value: 1, addr: 0xf000_0042 });
    const db = ops(trace, 'doorbell').find((s) => s.index > kp.index)!;
    expect(db.index).toBeGreaterThan(word.index);
    expect(db.detail).toMatchObject({ queue: 1, addr: 0xf010_0000 });
  });
  it('steps 9-11: the agent reads avail.idx = 1 through the window, pending 1, head 0; its own RX head 0', () => {
    const gh = byQueue('get-head', 'host.tx')[0];
    expect(gh.detail).toMatchObject({ availIdx: 1, head: 0, pending: 1, slot: 0 });
    const reads = byQueue('read-desc', 'host.tx');
    expect(reads.map((s) => [s.detail!.addr, s.detail!.len])).toEqual([
      [0x0020_0000, 10],
      [0x0020_0040, 1514],
    ]);
    expect(byQueue('get-head', 'agent.rx')[0].detail).toMatchObject({ head: 0, availIdx: 8 });
  });
  it('step 12: DMA of a 12-byte header (num_buffers = 1) to 0x0200_0000 and the frame to 0x0200_000C', () => {
    const dma = ops(trace, 'dma')[0];
    expect(dma.detail).toMatchObject({
      dir: 'host-to-agent',
      hdrLen: 12,
      frameLen: 1514,
      dst: 0x0200_0000,
      src: [0x0020_004a - 10],
    });
  });
  it('steps 13-15: host used.ring[0] = {0, 0}, used.idx = 1; agent RX used {0, 1526}; the board interrupt register bit 0 and INTx', () => {
    const hu = byQueue('write', 'host.tx').filter((s) => s.detail?.side === 'agent');
    const seq = hu.map((s) => [s.detail!.field, s.detail!.value]);
    const ringAt = seq.findIndex(([f]) => f === 'used.ring[0]');
    expect(seq[ringAt]).toEqual(['used.ring[0]', { id: 0, len: 0 }]);
    expect(seq[ringAt + 1]).toEqual(['used.idx', 1]);
    expect(hu[ringAt].detail!.addr).toBe(0x8010_1004);
    expect(hu[ringAt + 1].detail!.addr).toBe(0x8010_1002);
    expect(byQueue('write', 'agent.rx').find((s) => s.detail?.field === 'used.ring[0]')!.detail!.value).toEqual({
      id: 0,
      len: 1526,
    });
    const intx = ops(trace, 'intx')[0];
    expect(after(intx.index)['bp/board/irq']).toBe(1);
    expect(after(intx.index)['bp/board/intx']).toBe(true);
  });
  it('steps 16-17: the interrupt register reads 1; the host acknowledgement clears it and INTx; get_buf frees both descriptors: free_head 0, num_free 8, last_used_idx 1', () => {
    const isr = ops(trace, 'isr-read')[0];
    expect(isr.detail!.reason).toBe(1);
    expect(after(isr.index)['bp/board/irq']).toBe(1);
    const ack = ops(trace, 'irq-ack')[0];
    expect(ack.index).toBeGreaterThan(isr.index);
    expect(after(ack.index)['bp/board/irq']).toBe(0);
    expect(after(ack.index)['bp/board/intx']).toBe(false);
    const gb = byQueue('get-buf', 'host.tx')[0];
    expect(gb.detail).toMatchObject({ id: 0, len: 0 });
    expect(gb.decision).toContain('desc_extra[1].next = 2');
    const st = after(gb.index);
    expect(st['bp/vq/host.tx/free_head']).toBe(0);
    expect(st['bp/vq/host.tx/num_free']).toBe(8);
    expect(st['bp/vq/host.tx/last_used_idx']).toBe(1);
  });
  it('final: host TXQ avail.idx 1, used.idx 1; agent RXQ used.idx 1 (refilled: avail.idx 9); the frame arrives intact', () => {
    const end = after(trace.steps.length - 1);
    expect(end['bp/ring/host.tx/avail.idx']).toBe(1);
    expect(end['bp/ring/host.tx/used.idx']).toBe(1);
    expect(end['bp/ring/agent.rx/used.idx']).toBe(1);
    expect(end['bp/ring/agent.rx/avail.idx']).toBe(9);
    expect(trace.fates.map((f) => f.summary)).toEqual(['delivered to agentstack:eth0']);
    expect(ops(trace, 'up')[0].detail!.intact).toBe(true);
  });
});
