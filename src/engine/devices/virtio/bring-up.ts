// Bring-up of the board as the source thread describes it. Its PCI vendor and device IDs are
// fixed (Freescale, 0x1957), and the stock virtio-pci driver binds only vendor 0x1AF4 (its
// id table in drivers/virtio/virtio_pci_common.c; legacy probe owns device IDs 0x1000-0x103F
// only, vp_legacy_probe), so the host runs a board-specific PCI driver that registers a virtio
// device (register_virtio_device) with its own virtio_config_ops. The sequence is the virtio
// one (reset, ACKNOWLEDGE | DRIVER, features, per queue the size and the ring's page number,
// DRIVER_OK; fact sheet O5), but BAR0 is plain memory in the agent's RAM: the agent learns
// nothing from these writes. set_status rings the board's doorbell after DRIVER_OK, and the
// agent's doorbell handler reads the ring addresses (board.ts), as MIC's card rang the host's
// doorbell after writing its used-ring address into the shared device page (vop_main.c,
// vop_find_vqs). Then try_fill_recv posts the receive buffers and kicks receiveq once (fact
// sheet scenario 4 step 1).
import type { Backplane } from './backplane';
import { FREESCALE_VENDOR, VIRTIO_VENDOR } from './address-map';
import { hostSetUp } from './board';
import { hostHeaderLen } from './backplane-wiring';
import { hex, le16 } from './ram';
import { ringFields, sharedLines } from './layout';
import type { SplitDriver } from './split-driver';
import { isPackedLayout } from './ring-api';
import type { VringhDevice } from './vringh';
import * as say from './words';

export function bringUp(bp: Backplane): void {
  const c = bp.cfg;
  const features =
    ((1 << 5) |
      (c.indirect ? 1 << 28 : 0) |
      (c.eventIdx ? 1 << 29 : 0) |
      (c.mrgRxbuf ? 1 << 15 : 0) |
      (c.anyLayout ? 1 << 27 : 0)) +
    (c.version1 ? 2 ** 32 : 0) +
    (c.ringFormat === 'packed' ? 2 ** 34 : 0);
  bp.rec.step({
    layer: 'bus',
    kind: 'decide',
    decision: say.hostBindsBoardDriver(hex(FREESCALE_VENDOR, 4), hex(VIRTIO_VENDOR, 4)),
    source: 'board driver probe -> register_virtio_device (virtio-pci id table: vendor 0x1AF4 only)',
    detail: { op: 'bind', vendor: FREESCALE_VENDOR, stockVendor: VIRTIO_VENDOR },
  });
  // Reads of DEVICE_FEATURES and two QUEUE_NUMs wait for their completions; the writes of
  // DRIVER_FEATURES, two QUEUE_PFNs and STATUS are posted.
  bp.host.t += 3 * c.costs.nonPostedReadNs + 4 * c.costs.postedWriteIssueNs;
  const names = [
    c.indirect && 'INDIRECT_DESC(28)',
    c.eventIdx && 'EVENT_IDX(29)',
    c.mrgRxbuf && 'MRG_RXBUF(15)',
    c.anyLayout && 'ANY_LAYOUT(27)',
    c.version1 && 'VERSION_1(32)',
    c.ringFormat === 'packed' && 'RING_PACKED(34)',
    'MAC(5)',
  ]
    .filter(Boolean)
    .join(', ');
  const { hostRx, hostTx } = bp.rings;
  const rings = {
    rx: hostRx.base,
    tx: hostTx.base,
    num: c.queueSize,
    // vring_create_virtqueue_packed's other two allocations: the board's own BAR0 words for them,
    // as virtio-pci modern has queue_driver and queue_device (vp_active_vq).
    areas:
      isPackedLayout(hostRx) && isPackedLayout(hostTx)
        ? [[hostRx.driverEvent, hostRx.deviceEvent] as const, [hostTx.driverEvent, hostTx.deviceEvent] as const]
        : undefined,
  };
  bp.rec.step({
    layer: 'bus',
    kind: 'state',
    decision: say.hostWritesBoardConfig(
      hex(bp.place.bar0),
      names,
      c.version1 ? 'VERSION_1' : c.mrgRxbuf ? 'MRG_RXBUF' : undefined,
      hostHeaderLen(c),
      c.queueSize,
      hex(rings.rx >>> 12, 5),
      hex(rings.tx >>> 12, 5),
      rings.areas?.map(([d, v]) => [hex(d >>> 12, 5), hex(v >>> 12, 5)] as const),
    ),
    source:
      'board driver virtio_config_ops: get_features, finalize_features, find_vqs (QUEUE_PFN, shift 12), set_status',
    detail: {
      op: 'bar-write',
      field: 'config',
      features,
      pfn: [rings.rx >>> 12, rings.tx >>> 12],
      // Packed rings: [DRIVER_PFN, DEVICE_PFN] per queue (receiveq, transmitq), as the words land in BAR0.
      areaPfn: rings.areas?.map(([d, v]) => [d >>> 12, v >>> 12]),
      from: 'host',
      to: 'agent',
    },
  });
  hostSetUp(bp, features, rings);
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
  for (const [d, v, ram] of pairs) {
    // config.ts refuses initialIndex with packed rings, which have no 16-bit indexes.
    const drv = d as SplitDriver<unknown>;
    const dev = v as VringhDevice;
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

/**
 * After reset every index is 0 (spec "Device Reset": the driver and device start from an empty
 * ring), and the views read each side's shadow from the trace, so it is published at time 0
 * rather than first appearing when it moves.
 */
export function publishInitialIndexes(bp: Backplane): void {
  for (const side of [bp.hostNet.tx, bp.hostNet.rx, bp.agentNet.tx, bp.agentNet.rx]) side.publish();
  for (const side of [bp.engine.hostTx, bp.engine.hostRx, bp.engine.agentTx, bp.engine.agentRx]) side.publish();
}

/**
 * A cache line that holds fields of both writers is lost to false sharing on the first
 * whole-line write-back (fact sheet 5.5), so the layout is flagged before anything runs, for
 * the rings that cross the backplane's non-coherent memory (the agent's own rings live on one
 * CPU's cache and cannot be clobbered this way).
 */
export function warnSharedLines(bp: Backplane): void {
  if (bp.cfg.coherent) return;
  for (const [queue, l] of [
    ['host.tx', bp.rings.hostTx],
    ['host.rx', bp.rings.hostRx],
  ] as const) {
    const lines = sharedLines(l, bp.cfg.lineSize);
    if (!lines.length) continue;
    const fields = ringFields(l);
    const inLine = (line: number, writer: 'driver' | 'device'): string[] =>
      fields
        .filter((f) => f.writer === writer && f.addr < line + bp.cfg.lineSize && f.addr + f.size > line)
        .map((f) => f.name);
    const first = lines[0];
    bp.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.sharedLineWarning(
        queue,
        lines.map((a) => hex(a)),
        bp.cfg.lineSize,
        inLine(first, 'driver'),
        inLine(first, 'device'),
      ),
      source: 'lab set-up check: vring_init layout against L1_CACHE_BYTES (virtio-backplane.md 5.5)',
      detail: { op: 'shared-lines', queue, lines, lineSize: bp.cfg.lineSize, align: 'align' in l ? l.align : 16 },
    });
  }
}
