// The one line of arithmetic behind VIRTIO_F_EVENT_IDX, from Linux
// include/uapi/linux/virtio_ring.h vring_need_event(): after moving an index from `old`
// to `new`, signal iff `event` lies in the window [old, new) modulo 2^16. All operands are
// 16-bit and wrap; never compare ring indices with "<" (spec split-ring.tex "Updating idx").

export const u16 = (v: number): number => v & 0xffff;

export function vringNeedEvent(event: number, newIdx: number, old: number): boolean {
  return u16(newIdx - event - 1) < u16(newIdx - old);
}

/** Buffers the device has not yet taken: (u16)(avail.idx - last_avail_idx). */
export const pending = (availIdx: number, lastAvailIdx: number): number => u16(availIdx - lastAvailIdx);
