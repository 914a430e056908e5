// Step sentences for vringh.ts (see ../words.ts).
import { hex } from '../ram';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_WRITE } from '../layout';

// vringh.ts
export const brokenInvalidateBeforeReading2 = (side: string, what: string): string =>
  `BROKEN: ${side} does NOT invalidate ${what} before reading it through its cached window.`;

export const brokenNoCleanAfterWriting = (side: string, what: string): string =>
  `BROKEN: ${side} does NOT clean ${what} after writing it through its cached window: the bytes stay in its ` +
  `cache, and the host, reading DRAM, never sees them.`;

export const invalidatesCacheReadGoes = (lines: number[], side: string, what: string): string =>
  `${side} invalidates ${what} in its cache` +
  (lines.length ? ` (dropped ${lines.map((l) => hex(l)).join(', ')})` : '') +
  `, so the read goes across the bus to host DRAM.`;

export const cleansPostedWriteLine = (lines: number[], side: string, what: string): string =>
  `${side} cleans ${what}: posted write${lines.length > 1 ? 's' : ''} of line` +
  `${lines.length > 1 ? 's' : ''} ` +
  (lines.map((l) => hex(l)).join(', ') || '(none dirty)') +
  ` to host DRAM.`;

export const availIdxEqualsLast = (opts: string, availIdx: number, lastAvailIdx: number): string =>
  `${opts}: avail.idx = ${availIdx} equals last_avail_idx ${lastAvailIdx}: nothing new.`;

export const availIdxAheadLast = (availIdx: number, n: number, lastAvailIdx: number): string =>
  `avail.idx ${availIdx} is ${n} ahead of last_avail_idx ${lastAvailIdx}, more than the ring holds`;

export const availIdxLastAvail = (
  opts: string,
  availIdx: number,
  prev: number,
  n: number,
  slot: number,
  head: number,
): string =>
  `${opts}: avail.idx = ${availIdx}, last_avail_idx = ${prev}: pending (u16)(${availIdx} - ${prev}` +
  `) = ${n}. virtio_rmb(); avail.ring[${slot}] = head ${head}.`;

export const availRingDescriptorIndex = (slot: number, head: number, num: number): string =>
  `avail.ring[${slot}] = ${head} is not a descriptor index (queue has ${num})`;

export const readAddrLenFlags = (
  indirect: boolean,
  flags: number,
  opts: string,
  i: number,
  da: string,
  addr: string,
  len: number,
  next: number,
): string =>
  `${opts}: ${indirect ? 'indirect' : 'desc'}[${i}] read from ${da}: {addr ${addr}, len ${len}, ` +
  `flags ${flags}, next ${next}} -> ` +
  (flags & VRING_DESC_F_INDIRECT
    ? 'an indirect table'
    : flags & VRING_DESC_F_WRITE
      ? 'device-writable (wiov)'
      : 'device-readable (riov)') +
  `.`;

export const descriptorLoopMoreDescriptors = (tableMax: number): string =>
  `descriptor loop: more than ${tableMax} descriptors in one chain (-ELOOP)`;

export const usedRingIdLen2 = (
  opts: string,
  slot: number,
  head: number,
  len: number,
  ea: string,
  lastUsedIdx: number,
  completed: number,
  num: number,
): string =>
  `${opts}: used.ring[${slot}] = {id ${head}, len ${len}} written at ${ea} (slot = (last_used_idx ` +
  `${lastUsedIdx} + completed ${completed}) & ${num}).`;

export const virtioWmbMakeSure = (nw: number, usedIdx: string): string =>
  `virtio_wmb() ("make sure buffer is written before we update index"); used.idx = ${nw} written ` + `at ${usedIdx}.`;

export const interruptSetInterrupt = (): string => `NO_INTERRUPT set, no interrupt`;

export const usedEventUsedMoved = (ev: number, old: number, nw: number, notify: boolean): string =>
  `used_event = ${ev}, used moved ${old} -> ${nw}: vring_need_event = ${notify}`;

export const needNotifyVirtioMb = (opts: string, why: string): string => `${opts} need_notify: virtio_mb(); ${why}.`;

export const notifyEnableAvailEvent = (opts: string, lastAvailIdx: number): string =>
  `${opts} notify_enable: avail_event = last_avail_idx = ${lastAvailIdx} ("kick me when avail.idx ` +
  `passes ${lastAvailIdx}").`;

export const notifyEnableUsedFlags = (opts: string): string =>
  `${opts} notify_enable: used.flags = 0 (kicks welcome again).`;

export const notifyEnableVirtioMb = (empty: boolean, opts: string, availIdx: number): string =>
  `${opts} notify_enable: virtio_mb(); re-read avail.idx = ${availIdx}: ` +
  (empty ? 'still nothing, the device goes idle and waits for a kick' : 'a buffer slipped in meanwhile, keep going') +
  `.`;

export const notifyDisableUsedFlags = (opts: string): string =>
  `${opts} notify_disable: used.flags = NO_NOTIFY while the device works through the ring.`;

export const usedIdxForMany = (nw: number, addr: string, n: number): string =>
  `virtio_wmb, then one store of used.idx = ${nw} at ${addr} for all ${n} entries: the driver sees the ` +
  `${n} buffers of this packet together or not at all.`;
