// The host driver's header and descriptor layout by negotiated features, as Linux virtnet_probe
// and xmit_skb choose them (drivers/net/virtio_net.c):
//   hdr_len = sizeof(virtio_net_hdr_mrg_rxbuf) = 12 with MRG_RXBUF or VERSION_1, else 10;
//   any_header_sg = ANY_LAYOUT || VERSION_1, and then can_push puts the header in the skb's
//   headroom, so a linear frame is one descriptor of hdr_len + frame bytes;
//   without it, the header is its own descriptor (legacy "header in a separate descriptor").
// Feature bits (include/uapi/linux/virtio_config.h, virtio_net.h): MRG_RXBUF 15, ANY_LAYOUT 27,
// VERSION_1 32.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';

const txDescs = (cfg: Record<string, unknown>) => {
  const { trace } = run(scenario(cfg, [xmit('hoststack', '20us', 1514)]));
  const descs = ops(trace, 'write')
    .filter((s) => s.detail?.queue === 'host.tx' && String(s.detail?.field).startsWith('desc['))
    .map((s) => (s.detail!.value as { len: number }).len);
  const features = ops(trace, 'bar-write').find((s) => s.detail?.field === 'config')!.detail!.features as number;
  return { trace, descs, features };
};

describe('TX descriptor layout by feature', () => {
  it('legacy without ANY_LAYOUT: a 10-byte header descriptor, then the frame', () => {
    const { descs, features } = txDescs({});
    expect(descs).toEqual([10, 1514]);
    expect(Math.floor(features / 2 ** 27) & 1).toBe(0);
  });
  it('ANY_LAYOUT: one descriptor of 10 + 1514 bytes; feature bit 27 written', () => {
    const { descs, features, trace } = txDescs({ anyLayout: true });
    expect(descs).toEqual([1524]);
    expect(Math.floor(features / 2 ** 27) & 1).toBe(1);
    expect(trace.fates[0].delivered).toHaveLength(1);
  });
  it('VERSION_1: one descriptor of 12 + 1514 bytes (num_buffers always there); bit 32 written', () => {
    const { descs, features, trace } = txDescs({ version1: true });
    expect(descs).toEqual([1526]);
    expect(features >= 2 ** 32).toBe(true);
    expect(ops(trace, 'up').every((s) => s.detail!.intact === true)).toBe(true);
  });
  it('MRG_RXBUF alone makes the header 12 bytes but keeps it in its own descriptor', () => {
    expect(txDescs({ mrgRxbuf: true }).descs).toEqual([12, 1514]);
  });
  it('the bring-up step names the feature that sets the header length', () => {
    const words = (cfg: Record<string, unknown>): string =>
      ops(txDescs(cfg).trace, 'bar-write').find((s) => s.detail?.field === 'config')!.decision;
    expect(words({})).toMatch(/no VERSION_1, so the header is 10 bytes/);
    expect(words({ mrgRxbuf: true })).toMatch(/MRG_RXBUF, so the header is 12 bytes/);
    expect(words({ version1: true })).toMatch(/VERSION_1, so the header is 12 bytes/);
  });
});

describe('one descriptor per frame doubles what an 8-entry ring holds', () => {
  it('eight frames and a device that takes nothing (scripted): 4 fit with a separate header, all 8 with ANY_LAYOUT', () => {
    const burst = [{ at: '20us', node: 'hoststack', command: 'xmit', args: { len: 1514, count: 8 } }];
    const added = (cfg: Record<string, unknown>): number => {
      const { trace } = run(scenario({ ...cfg, agentEngine: 'script' }, burst, { until: '1ms' }));
      return ops(trace, 'xmit').length;
    };
    expect(added({})).toBe(4);
    expect(added({ anyLayout: true })).toBe(8);
  });
});
