// Mergeable receive buffer sizes as Linux chooses them (drivers/net/virtio_net.c v5.15):
//   mergeable_min_buf_len = max(max(ceil((hdr + ETH_HLEN 14 + VLAN_HLEN 4 + max_mtu 65535) / ring), hdr) - hdr, 1518)
//   get_mergeable_buf_len = ALIGN(hdr + clamp(ewma, min_buf_len, PAGE_SIZE - hdr), L1_CACHE_BYTES)
//   DECLARE_EWMA(pkt_len, 0, 64): first sample as is, then (internal * 63 + val) >> 6.
// Every expected size below is worked out by hand from those lines.
import { describe, expect, it } from 'vitest';
import { MergeableSizing } from '../../src/engine/devices/virtio/mergeable-sizing';
import { loadScenario } from '../../src/engine/scenario/load';
import { ops, run, scenario, types, xmit } from './helpers';

describe('get_mergeable_buf_len', () => {
  it('an 8-entry ring: min_buf_len ceil(65565 / 8) - 12 = 8184, clamped to 4096 - 12: page-sized buffers', () => {
    const s = new MergeableSizing(12, 8, 64);
    expect(s.minBufLen).toBe(8184);
    expect(s.bufLen().len).toBe(4096);
  });
  it('a 256-entry ring: min_buf_len max(257 - 12, 1518) = 1518, so 12 + 1518 = 1530, aligned to 64: 1536', () => {
    const s = new MergeableSizing(12, 256, 64);
    expect(s.minBufLen).toBe(1518);
    expect(s.bufLen().len).toBe(1536);
  });
  it('the EWMA: 1514 first (taken as is, still under 1518), then (1514 * 63 + 64) >> 6 = 1491; a 9000 start goes to a page', () => {
    const s = new MergeableSizing(12, 256, 64);
    s.add(1514);
    expect(s.bufLen()).toMatchObject({ ewma: 1514, len: 1536 });
    s.add(64);
    expect(s.bufLen().ewma).toBe(1491);
    const big = new MergeableSizing(12, 256, 64);
    big.add(9000);
    // clamp(9000, 1518, 4084) = 4084; 12 + 4084 = 4096.
    expect(big.bufLen().len).toBe(4096);
    const mid = new MergeableSizing(12, 256, 64);
    mid.add(3000);
    // 12 + 3000 = 3012, aligned up to 64: 3072.
    expect(mid.bufLen().len).toBe(3072);
  });
});

describe('hostRxBufLen "linux" on the backplane', () => {
  it('with 8 descriptors the host posts 4096-byte buffers in 4 KiB slots, and a 1514-byte frame takes one', () => {
    const { trace } = run(scenario({ mrgRxbuf: true, hostRxBufLen: 'linux' }, [xmit('agentstack', '30us', 1514)]));
    const choice = ops(trace, 'rx-buf-len')[0];
    expect(choice.detail).toMatchObject({ len: 4096, minBufLen: 8184, ewma: 0 });
    const rxDescs = ops(trace, 'write').filter(
      (s) => s.detail?.queue === 'host.rx' && s.detail?.side === 'host' && String(s.detail?.field).startsWith('desc['),
    );
    const addrs = rxDescs.slice(0, 2).map((s) => (s.detail!.value as { addr: number }).addr);
    expect(addrs[1] - addrs[0]).toBe(0x1000);
    expect(rxDescs.every((s) => (s.detail!.value as { len: number }).len === 4096)).toBe(true);
    expect(ops(trace, 'dma').find((s) => s.detail?.dir === 'agent-to-host')!.detail).toMatchObject({ numBuffers: 1 });
    expect(trace.fates[0].delivered).toHaveLength(1);
  });
  it('a ring whose 4 KiB slots do not fit the 2 MiB receive area is refused at load', () => {
    const r = loadScenario(scenario({ mrgRxbuf: true, hostRxBufLen: 'linux', queueSize: 1024 }, []), types);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain('$.nodes[1].config.hostRxBufLen');
  });
  it('sizes beyond 1526 are accepted up to a page; a word other than "linux" is not', () => {
    expect(loadScenario(scenario({ mrgRxbuf: true, hostRxBufLen: 4096 }, []), types).ok).toBe(true);
    expect(loadScenario(scenario({ mrgRxbuf: true, hostRxBufLen: 4097 }, []), types).ok).toBe(false);
    expect(loadScenario(scenario({ mrgRxbuf: true, hostRxBufLen: 'ewma' }, []), types).ok).toBe(false);
  });
});
