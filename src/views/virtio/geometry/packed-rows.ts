// What each slot of a packed ring holds, read from its flags against the four cursors: the
// driver's next_avail_idx and last_used_idx, the device's last_avail_idx and used_idx, each
// with its wrap counter. Pure, for the table and for Node tests.
import type { Desc } from './ring-memory';
import {
  VRING_PACKED_DESC_F_AVAIL as AVAIL,
  VRING_PACKED_DESC_F_USED as USED,
} from '../../../engine/devices/virtio/packed-layout';

export type SlotState = 'empty' | 'available' | 'used';

/** Zeroed at start: no bits. AVAIL != USED: made available with wrap bit AVAIL. AVAIL == USED: used with that wrap bit. */
export function slotState(d: Desc): { state: SlotState; wrap?: number } {
  const a = d.flags & AVAIL ? 1 : 0;
  const u = d.flags & USED ? 1 : 0;
  if (d.addr === 0 && d.len === 0 && d.flags === 0 && d.next === 0) return { state: 'empty' };
  return a !== u ? { state: 'available', wrap: a } : { state: 'used', wrap: u };
}

export interface Cursor {
  readonly name: string;
  readonly who: 'driver' | 'device';
  readonly slot: number;
  readonly wrap: number;
}

/** The four cursors, from the private state the engine published (vq/… and dev/…). */
export function packedCursors(drv: Record<string, number>, dev: Record<string, number>): Cursor[] {
  const c = (name: string, who: 'driver' | 'device', slot: number | undefined, wrap: number | undefined): Cursor[] =>
    slot === undefined ? [] : [{ name, who, slot, wrap: wrap ?? 1 }];
  return [
    ...c('next_avail_idx', 'driver', drv.next_avail_idx, drv.avail_wrap_counter),
    ...c('last_avail_idx', 'device', dev.last_avail_idx, dev.last_avail_wrap_counter),
    ...c('used_idx', 'device', dev.used_idx, dev.used_wrap_counter),
    ...c('last_used_idx', 'driver', drv.last_used_idx, drv.used_wrap_counter),
  ];
}

/** Which of `n` rows to show (at most `max`): around what changed, else around the cursors. */
export function rowWindow(n: number, max: number, focus: number): number {
  if (n <= max) return 0;
  return Math.max(0, Math.min(n - max, focus - 2));
}
