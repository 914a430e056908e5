// Legacy virtio-pci device bring-up as Linux does it (virtio_pci_legacy.c, fact sheet
// omission O5): reset, ACKNOWLEDGE | DRIVER, read HOST_FEATURES, write GUEST_FEATURES,
// then per queue QUEUE_SEL, read QUEUE_NUM (the device dictates the size), write
// QUEUE_PFN = ring address >> 12, and DRIVER_OK. Then try_fill_recv posts the receive
// buffers and kicks receiveq once (fact sheet scenario 4 step 1).
import type { Backplane } from './backplane';
import { BAR0_BASE, VIRTIO_PCI } from './address-map';
import { hex, le16 } from './ram';
import * as say from './words';

export function bringUp(bp: Backplane): void {
  const c = bp.cfg;
  const features = (1 << 5) | (c.indirect ? 1 << 28 : 0) | (c.eventIdx ? 1 << 29 : 0) | (c.mrgRxbuf ? 1 << 15 : 0);
  bp.host.t += 3 * c.costs.postedWriteIssueNs + 3 * c.costs.nonPostedReadNs;
  bp.bar.status = 1 | 2 | 4;
  bp.bar.guestFeatures = features;
  bp.bar.pfn = [bp.rings.hostRx.base >>> 12, bp.rings.hostTx.base >>> 12];
  const names = [
    c.indirect && 'INDIRECT_DESC(28)',
    c.eventIdx && 'EVENT_IDX(29)',
    c.mrgRxbuf && 'MRG_RXBUF(15)',
    'MAC(5)',
  ]
    .filter(Boolean)
    .join(', ');
  bp.rec.step({
    layer: 'bus',
    kind: 'state',
    decision: say.hostProbesLegacyVirtio(
      hex(BAR0_BASE),
      names,
      c.mrgRxbuf ? 12 : 10,
      c.queueSize,
      hex(bp.rings.hostRx.base >>> 12, 5),
      hex(bp.rings.hostTx.base >>> 12, 5),
    ),
    source: 'vp_legacy probe / setup_vq (VIRTIO_PCI_QUEUE_PFN, shift 12)',
    detail: { op: 'bring-up', features, pfn: bp.bar.pfn, regs: VIRTIO_PCI },
  });
  bp.hostNet.fillRx();
}

/**
 * Start every queue as if it had already carried `idx` buffers (a teaching device: the
 * spec starts at 0 after reset). Both sides' indexes, the ring's idx fields and the
 * event indexes agree, so the 16-bit wrap arrives after 0x10000 - idx buffers.
 */
export function presetIndexes(bp: Backplane, idx: number): void {
  const pairs = [
    [bp.hostNet.tx, bp.engine.hostTx, bp.hostRam],
    [bp.hostNet.rx, bp.engine.hostRx, bp.hostRam],
    [bp.agentNet.tx, bp.engine.agentTx, bp.agentRam],
    [bp.agentNet.rx, bp.engine.agentRx, bp.agentRam],
  ] as const;
  for (const [drv, dev, ram] of pairs) {
    drv.availIdxShadow = idx;
    drv.lastUsedIdx = idx;
    dev.lastAvailIdx = idx;
    dev.lastUsedIdx = idx;
    const l = drv.opts.layout;
    for (const a of [l.availIdx, l.usedIdx, l.usedEvent, l.availEvent]) ram.write(a, le16(idx), 'reset');
    drv.publish();
    dev.publish();
  }
  bp.step({
    layer: 'memory',
    kind: 'state',
    decision: say.queueStartsIfHad(idx),
    source: 'lab set-up (initialIndex); spec split-ring "Updating idx": indexes wrap at 65536',
    detail: { op: 'preset', idx },
  });
}
