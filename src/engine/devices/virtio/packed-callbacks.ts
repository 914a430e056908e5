// Callback control on a packed virtqueue, as Linux drivers/virtio/virtio_ring.c (v5.10 to v5.15)
// does it: the driver keeps event_flags_shadow and writes the driver event area, never an index
// in the ring. virtqueue_disable_cb_packed writes flags = DISABLE once; enable_cb_prepare_packed
// writes off_wrap = last_used_idx | used_wrap_counter << 15 only with EVENT_IDX, virtio_wmb, then
// flags = DESC (with EVENT_IDX) or ENABLE; virtqueue_poll_packed tests the descriptor at the
// returned offset against the returned wrap; enable_cb_delayed_packed moves the offset on by
// three quarters of the buffers in flight (num - num_free), wrapping the counter past the end,
// and re-checks after virtio_mb. Unlike the split ring, used_event has no packed twin: nothing is
// written while callbacks are off, and with EVENT_IDX off the offset is never written at all.
import {
  EVENT_FLAG_DESC,
  EVENT_FLAG_DISABLE,
  EVENT_FLAG_ENABLE,
  isDescUsed,
  offWrap,
  packedDescAddr,
  packedFlagText,
} from './packed-layout';
import type { PackedDriver } from './packed-driver';
import { getLe16 } from './ram';
import * as say from './words';

type D = PackedDriver<unknown>;

export function disableCbPacked(d: D): void {
  if (d.eventFlagsShadow === EVENT_FLAG_DISABLE) return;
  d.eventFlagsShadow = EVENT_FLAG_DISABLE;
  d.writeEvent('flags', EVENT_FLAG_DISABLE, say.packedDisableCb(d.opts.name), 'virtqueue_disable_cb_packed');
  d.publishCallbacks();
}

function turnOn(d: D, source: string): void {
  if (d.eventFlagsShadow !== EVENT_FLAG_DISABLE) return;
  d.eventFlagsShadow = d.opts.eventIdx ? EVENT_FLAG_DESC : EVENT_FLAG_ENABLE;
  d.writeEvent('flags', d.eventFlagsShadow, say.packedEnableCbFlags(d.opts.name, d.eventFlagsShadow), source);
}

/** Returns the opaque off_wrap to poll against. */
export function enableCbPreparePacked(d: D): number {
  const v = offWrap(d.lastUsedIdx, d.usedWrapCounter);
  if (d.opts.eventIdx) {
    d.writeEvent(
      'off_wrap',
      v,
      say.packedEnableCbOffWrap(d.opts.name, d.lastUsedIdx, d.usedWrapCounter, v, ''),
      'virtqueue_enable_cb_prepare_packed',
    );
    d.mem.barrier();
  }
  turnOn(d, 'virtqueue_enable_cb_prepare_packed');
  d.publishCallbacks();
  return v;
}

function usedAt(d: D, i: number, wrap: number, source: string, opaque: number): boolean {
  const a = packedDescAddr(d.opts.layout, i);
  d.mem.barrier();
  const { flags } = readFlags(d, i);
  const more = isDescUsed(flags, wrap);
  d.rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.packedPoll(d.opts.name, i, wrap, packedFlagText(flags), more),
    source,
    detail: { queue: d.opts.name, op: 'cb-poll', opaque, more },
    readBytes: [{ start: a + 14, end: a + 16 }],
  });
  return more;
}

function readFlags(d: D, i: number): { flags: number } {
  // moreUsed invalidates the line at last_used_idx; polling another slot reads it directly.
  if (i === d.lastUsedIdx) return { flags: d.moreUsed().flags };
  return { flags: getLe16(d.mem.read(packedDescAddr(d.opts.layout, i) + 14, 2)) };
}

export function pollUsedPacked(d: D, opaque: number): boolean {
  return usedAt(
    d,
    opaque & 0x7fff,
    opaque >> 15,
    'virtqueue_poll_packed (virtio_mb, then is_used_desc_packed)',
    opaque,
  );
}

/** False when three quarters of the outstanding buffers are used already. */
export function enableCbDelayedPacked(d: D): boolean {
  if (d.opts.eventIdx) {
    const bufs = Math.floor(((d.num - d.numFree) * 3) / 4);
    let i = d.lastUsedIdx + bufs;
    let wrap = d.usedWrapCounter;
    if (i >= d.num) {
      i -= d.num;
      wrap ^= 1;
    }
    const v = offWrap(i, wrap);
    d.writeEvent(
      'off_wrap',
      v,
      say.packedEnableCbOffWrap(
        d.opts.name,
        i,
        wrap,
        v,
        ` (three quarters of ${d.num - d.numFree} in flight: ${bufs} on)`,
      ),
      'virtqueue_enable_cb_delayed_packed',
    );
    d.mem.barrier();
  }
  turnOn(d, 'virtqueue_enable_cb_delayed_packed');
  d.mem.barrier();
  const used = usedAt(
    d,
    d.lastUsedIdx,
    d.usedWrapCounter,
    'virtqueue_enable_cb_delayed_packed (virtio_mb, re-check last_used_idx)',
    offWrap(d.lastUsedIdx, d.usedWrapCounter),
  );
  d.publishCallbacks();
  return !used;
}
