// Fact sheet scenario 4 (with corrections W1 and W2): host RX ring pre-posted with 8
// buffers, then two deliveries from the agent (60 and 1514 bytes), LIFO reclaim.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';

// The host takes its interrupt late (40 us) so both packets are used before it looks,
// as in the scenario where one get_buf pass reclaims both.
const { trace, state } = run(
  scenario({ costs: { irqLatencyNs: 40000 } }, [xmit('agentstack', '30us', 60), xmit('agentstack', '30us', 1514)]),
);
const byQueue = (op: string, queue: string) => ops(trace, op).filter((s) => s.detail?.queue === queue);
const after = (i: number): Record<string, unknown> => Object.fromEntries(state.at(i));

describe('scenario 4: host RX', () => {
  it('step 1: 8 inbufs {0x0040_0000 + 0x800 i, 1526, WRITE, next i+1 (desc[7].next = 0)}; avail.idx 1..8; one kick with value 0', () => {
    const descs = byQueue('write', 'host.rx').filter((s) => String(s.detail?.field).startsWith('desc['));
    expect(descs.slice(0, 8).map((s) => s.detail!.value)).toEqual(
      Array.from({ length: 8 }, (_, i) => ({
        addr: 0x0040_0000 + 0x800 * i,
        len: 1526,
        flags: 2,
        next: i < 7 ? i + 1 : 0,
      })),
    );
    const idx = byQueue('write', 'host.rx')
      .filter((s) => s.detail?.field === 'avail.idx')
      .slice(0, 8);
    expect(idx.map((s) => s.detail!.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const kp = byQueue('kick-prepare', 'host.rx')[0];
    expect(kp.detail).toMatchObject({ old: 0, new: 8, needs: true });
    expect(after(kp.index)['bp/vq/host.rx/num_free']).toBe(0);
    expect(after(kp.index)['bp/vq/host.rx/free_head']).toBe(0);
    // The kick: the notify word of queue 0 (receiveq), then the board's doorbell (board.ts).
    const word = ops(trace, 'bar-write').find((s) => s.detail?.field === 'notify[0]')!;
    expect(word.detail).toMatchObject({ queue: 0, value: 1 });
    expect(ops(trace, 'doorbell').find((s) => s.index > word.index)!.detail!.queue).toBe(0);
    // byte-exact ring image: desc[7].next = 00 00 at 0x0010_207E
    const line = after(kp.index)['bp/mem/host/0x00102040'] as string;
    expect(line.slice(0x3e * 2, 0x40 * 2)).toBe('0000');
    expect(line.slice(0x3c * 2, 0x3e * 2)).toBe('0200');
  });
  it('step 2: the 60-byte frame: window reads avail.idx 8, head 0; 10-byte header at 0x0040_0000, frame at 0x0040_000A; used {0, 70}; interrupt', () => {
    const gh = byQueue('get-head', 'host.rx')[0];
    expect(gh.detail).toMatchObject({ availIdx: 8, head: 0 });
    const dma = ops(trace, 'dma')[0];
    expect(dma.detail).toMatchObject({ dir: 'agent-to-host', hdrLen: 10, frameLen: 60, dst: 0x0040_0000 });
    const used = byQueue('write', 'host.rx').filter(
      (s) => s.detail?.side === 'agent' && String(s.detail?.field).startsWith('used.ring'),
    );
    expect(used.map((s) => s.detail!.value)).toEqual([
      { id: 0, len: 70 },
      { id: 1, len: 1524 },
    ]);
    expect(ops(trace, 'intx').length).toBeGreaterThanOrEqual(1);
    // the agent completes its own TX chain locally with len 0
    expect(byQueue('write', 'agent.tx').find((s) => s.detail?.field === 'used.ring[0]')!.detail!.value).toEqual({
      id: 0,
      len: 0,
    });
  });
  it('step 4: get_buf {0, 70} then {1, 1524}; last_used_idx 2; LIFO reclaim gives free_head 1, so the refill re-posts head 1 then 0', () => {
    const gb = byQueue('get-buf', 'host.rx');
    expect(gb.slice(0, 2).map((s) => [s.detail!.id, s.detail!.len])).toEqual([
      [0, 70],
      [1, 1524],
    ]);
    expect(after(gb[1].index)['bp/vq/host.rx/last_used_idx']).toBe(2);
    expect(after(gb[1].index)['bp/vq/host.rx/free_head']).toBe(1);
    expect(gb[1].decision).toContain('desc_extra[1].next = 0');
    const refill = byQueue('write', 'host.rx').filter(
      (s) => s.index > gb[1].index && String(s.detail?.field).startsWith('avail.ring'),
    );
    expect(refill.map((s) => s.detail!.value)).toEqual([1, 0]);
    const rx = ops(trace, 'receive').filter((s) => s.detail?.buf === 0x0040_0000 || s.detail?.buf === 0x0040_0800);
    expect(rx.map((s) => s.detail!.len)).toEqual([70, 1524]);
  });
  it('both frames reach the host stack intact', () => {
    expect(trace.fates.map((f) => f.summary)).toEqual(['delivered to hoststack:eth0', 'delivered to hoststack:eth0']);
    expect(ops(trace, 'up').every((s) => s.detail!.intact === true)).toBe(true);
  });
});

describe('MRG_RXBUF: mergeable receive buffers (spec 5.1.6.4)', () => {
  const { trace } = run(
    scenario({ mrgRxbuf: true, hostRxBufLen: 512 }, [
      xmit('agentstack', '30us', 1514),
      xmit('agentstack', '200us', 200),
    ]),
  );
  it('a 1514-byte frame spans ceil((12 + 1514) / 512) = 3 buffers, num_buffers = 3 in the 12-byte header', () => {
    const dma = ops(trace, 'dma').find((s) => s.detail?.dir === 'agent-to-host')!;
    expect(dma.detail).toMatchObject({ hdrLen: 12, numBuffers: 3, frameLen: 1514 });
    const used = ops(trace, 'write').filter(
      (s) =>
        s.detail?.queue === 'host.rx' && s.detail?.side === 'agent' && String(s.detail?.field).startsWith('used.ring'),
    );
    expect(used.slice(0, 3).map((s) => (s.detail!.value as { len: number }).len)).toEqual([512, 512, 502]);
    expect(ops(trace, 'merge')[0].detail).toMatchObject({ k: 3, len: 1514 });
  });
  it('the three used entries are published with one used.idx store (__vringh_complete with num_used 3)', () => {
    const dma = ops(trace, 'dma').find((s) => s.detail?.dir === 'agent-to-host')!;
    const next = ops(trace, 'dma').find((s) => s.index > dma.index && s.detail?.dir === 'agent-to-host');
    const idxWrites = ops(trace, 'write').filter(
      (s) =>
        s.index > dma.index &&
        (!next || s.index < next.index) &&
        s.detail?.queue === 'host.rx' &&
        s.detail?.side === 'agent' &&
        s.detail?.field === 'used.idx',
    );
    expect(idxWrites.map((s) => s.detail!.value)).toEqual([3]);
    // Every entry is written before that store.
    const entries = ops(trace, 'write').filter(
      (s) => s.index > dma.index && s.detail?.queue === 'host.rx' && String(s.detail?.field).startsWith('used.ring'),
    );
    expect(entries.slice(0, 3).every((s) => s.index < idxWrites[0].index)).toBe(true);
  });
  it('both frames arrive intact; the small one uses one buffer', () => {
    expect(trace.fates.every((f) => f.delivered.length === 1)).toBe(true);
    expect(ops(trace, 'up').every((s) => s.detail!.intact === true)).toBe(true);
    expect(ops(trace, 'dma').filter((s) => s.detail?.dir === 'agent-to-host')[1].detail!.numBuffers).toBe(1);
  });
});
