// Turning a split virtqueue's callbacks (the device's interrupts for used buffers) off and
// on, as Linux drivers/virtio/virtio_ring.c does it (v5.15, after 8d622d21d248 "virtio: fix up
// virtio_disable_cb"). The driver keeps VRING_AVAIL_F_NO_INTERRUPT in a private shadow and
// tells the device in one of two places:
//   without EVENT_IDX   avail.flags (NO_INTERRUPT set or clear);
//   with EVENT_IDX      used_event: disable_cb writes 0 (a "hack" by its own comment: it
//                       keeps the index far behind), enable_cb_prepare writes last_used_idx,
//                       enable_cb_delayed writes last_used_idx + 3/4 of the outstanding buffers.
// Re-enabling races with a device that completes meanwhile, so every enable is followed by a
// look at used.idx (virtqueue_poll, or the check built into enable_cb_delayed).
// Over the non-coherent backplane each write is cleaned and each read invalidated first, as
// every shared field is in split-driver.ts.
import { VRING_AVAIL_F_NO_INTERRUPT } from './layout';
import { u16 } from './need-event';
import type { SplitDriver } from './split-driver';
import type { PackedDriver } from './packed-driver';
import { disableCbPacked, enableCbDelayedPacked, enableCbPreparePacked, pollUsedPacked } from './packed-callbacks';
import * as say from './words';

/** Either ring format's driver; the packed one has its own event area (packed-callbacks.ts). */
export type CbDriver = SplitDriver<unknown> | PackedDriver<unknown>;
const isPacked = (d: CbDriver): d is PackedDriver<unknown> => 'packed' in d;

/** virtqueue_disable_cb_split: stop interrupts while the driver polls. */
export function disableCb(d: CbDriver): void {
  if (isPacked(d)) return disableCbPacked(d);
  if (d.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT) return;
  d.availFlagsShadow |= VRING_AVAIL_F_NO_INTERRUPT;
  if (d.opts.eventIdx) d.writeField('used_event', 0, say.disableCbEventIdx(d.opts.name), 'virtqueue_disable_cb_split');
  else
    d.writeField(
      'avail.flags',
      VRING_AVAIL_F_NO_INTERRUPT,
      say.disableCbFlags(d.opts.name),
      'virtqueue_disable_cb_split',
    );
  d.publishCallbacks();
}

function clearShadow(d: SplitDriver<unknown>, source: string): void {
  if (!(d.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT)) return;
  d.availFlagsShadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
  if (!d.opts.eventIdx) d.writeField('avail.flags', 0, say.enableCbFlags(d.opts.name), source);
}

/** virtqueue_enable_cb_prepare_split: interrupts on again; returns the index to poll against. */
export function enableCbPrepare(d: CbDriver): number {
  if (isPacked(d)) return enableCbPreparePacked(d);
  clearShadow(d, 'virtqueue_enable_cb_prepare_split');
  // "Always do both to keep code simple": used_event is written with or without EVENT_IDX.
  d.writeField(
    'used_event',
    d.lastUsedIdx,
    say.enableCbPrepareUsedEvent(d.opts.name, d.lastUsedIdx, d.opts.eventIdx),
    'virtqueue_enable_cb_prepare_split',
  );
  d.publishCallbacks();
  return d.lastUsedIdx;
}

/** Read used.idx (invalidating first on this backplane, unless noInvalidateUsed breaks it). */
const readUsedIdx = (d: SplitDriver<unknown>): number => d.moreUsed().usedIdx;

/** virtqueue_poll_split (after virtio_mb): did the device use more since `opaque`? */
export function pollUsed(d: CbDriver, opaque: number): boolean {
  if (isPacked(d)) return pollUsedPacked(d, opaque);
  d.mem.barrier();
  const usedIdx = readUsedIdx(d);
  const more = u16(opaque) !== usedIdx;
  d.rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.pollUsedAfterEnable(d.opts.name, opaque, usedIdx, more),
    source: 'virtqueue_poll_split (virtio_mb, then used.idx)',
    detail: { queue: d.opts.name, op: 'cb-poll', opaque, usedIdx, more },
    readBytes: [{ start: d.opts.layout.usedIdx, end: d.opts.layout.usedIdx + 2 }],
  });
  return more;
}

/**
 * virtqueue_enable_cb_delayed_split: interrupts on, but only after three quarters of the
 * buffers still outstanding are used; false when that many are used already (the caller
 * reclaims and tries again).
 */
export function enableCbDelayed(d: CbDriver): boolean {
  if (isPacked(d)) return enableCbDelayedPacked(d);
  clearShadow(d, 'virtqueue_enable_cb_delayed_split');
  const outstanding = u16(d.availIdxShadow - d.lastUsedIdx);
  const bufs = Math.floor((outstanding * 3) / 4);
  const event = u16(d.lastUsedIdx + bufs);
  d.writeField(
    'used_event',
    event,
    say.enableCbDelayedUsedEvent(d.opts.name, d.lastUsedIdx, outstanding, bufs, event, d.opts.eventIdx),
    'virtqueue_enable_cb_delayed_split (virtio_store_mb)',
  );
  d.mem.barrier();
  const usedIdx = readUsedIdx(d);
  const done = u16(usedIdx - d.lastUsedIdx);
  const ok = !(done > bufs);
  d.rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.enableCbDelayedCheck(d.opts.name, usedIdx, d.lastUsedIdx, done, bufs, ok),
    source: 'virtqueue_enable_cb_delayed_split (re-check used.idx)',
    detail: { queue: d.opts.name, op: 'cb-delayed', usedIdx, bufs, ok },
    readBytes: [{ start: d.opts.layout.usedIdx, end: d.opts.layout.usedIdx + 2 }],
  });
  d.publishCallbacks();
  return ok;
}
