// Bring-up of the thread's board: fixed Freescale IDs (include/linux/pci_ids.h:
// PCI_VENDOR_ID_FREESCALE 0x1957) that the stock virtio-pci driver does not bind (its id
// table in drivers/virtio/virtio_pci_common.c is vendor 0x1AF4 only; vp_legacy_probe owns
// device IDs 0x1000-0x103F), so a board driver registers the virtio device; the ring
// addresses it writes into BAR0 are found by the agent only after the set-up doorbell.
// Ring bases are the fact sheet's S0 (host TX 0x0010_0000, RX 0x0010_2000).
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';

describe('bring-up: a board driver, and ring addresses found after the doorbell', () => {
  const { trace } = run(scenario({ agentPollNs: 2000 }, [xmit('hoststack', '20us')], { until: '100us' }));
  it('the host binds a board-specific driver: vendor 0x1957, not virtio-pci (0x1AF4)', () => {
    const bind = ops(trace, 'bind')[0];
    expect(bind.detail).toMatchObject({ vendor: 0x1957, stockVendor: 0x1af4 });
    expect(bind.decision).toContain('register_virtio_device');
    expect(bind.decision).toContain('virtio_config_ops');
  });
  it('the host writes the ring page numbers into BAR0, then rings the set-up doorbell', () => {
    const cfg = ops(trace, 'bar-write').find((s) => s.detail?.field === 'config')!;
    expect(cfg.detail!.pfn).toEqual([0x0010_2000 >>> 12, 0x0010_0000 >>> 12]);
    const setup = ops(trace, 'doorbell').find((s) => s.detail?.setup === true)!;
    expect(setup.index).toBeGreaterThan(cfg.index);
  });
  it('the agent reads them in the handler of that doorbell, and reaches no host ring before', () => {
    const setup = ops(trace, 'doorbell').find((s) => s.detail?.setup === true)!;
    const irq = ops(trace, 'doorbell-irq').find((s) => s.index > setup.index)!;
    const found = ops(trace, 'bar-read').find((s) => s.detail?.ringsFound === true)!;
    expect(found.index).toBeGreaterThan(irq.index);
    expect(found.decision).toContain('receiveq at 0x00102000');
    expect(found.decision).toContain('transmitq at 0x00100000');
    const early = trace.steps
      .slice(0, found.index)
      .filter((s) => s.node === 'bp' && s.detail?.side === 'agent' && String(s.detail?.queue).startsWith('host'));
    expect(early).toEqual([]);
    expect(ops(trace, 'poll').every((s) => s.index > found.index)).toBe(true);
    expect(ops(trace, 'bar-read').filter((s) => s.detail?.ringsFound === true)).toHaveLength(1);
  });
});
