// Legacy virtio-pci device bring-up as Linux does it (virtio_pci_legacy.c, fact sheet
// omission O5): reset, ACKNOWLEDGE | DRIVER, read HOST_FEATURES, write GUEST_FEATURES,
// then per queue QUEUE_SEL, read QUEUE_NUM (the device dictates the size), write
// QUEUE_PFN = ring address >> 12, and DRIVER_OK. Then try_fill_recv posts the receive
// buffers and kicks receiveq once (fact sheet scenario 4 step 1).
import type { Backplane } from './backplane';
import { BAR0_BASE, VIRTIO_PCI } from './address-map';
import { hex } from './ram';
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
