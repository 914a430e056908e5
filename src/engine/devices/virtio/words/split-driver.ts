// Step sentences for split-driver.ts, stack.ts (see ../words.ts).
import { hex } from '../ram';
import { VRING_DESC_F_NEXT } from '../layout';
import { u16 } from '../need-event';

// split-driver.ts
export const brokenCleanLinesStay = (side: string, what: string, because: string): string =>
  `BROKEN: ${side} does NOT clean ${what} (${because}); the lines stay dirty in its cache and DRAM ` +
  `keeps the old bytes.`;

export const cleanStepWords = (lines: number[], side: string, what: string): string =>
  `${side} cleans ${what}: ` +
  (lines.length
    ? `writes back dirty line${lines.length > 1 ? 's' : ''} ${lines.map((l) => hex(l)).join(', ')} to DRAM`
    : 'no line was dirty') +
  `.`;

export const brokenInvalidateBeforeReading = (side: string, what: string): string =>
  `BROKEN: ${side} does NOT invalidate ${what} before reading it; a line cached earlier answers ` + `with old bytes.`;

export const invalidatesNextReadComes = (lines: number[], side: string, what: string): string =>
  `${side} invalidates ${what} so the next read comes from DRAM` +
  (lines.length ? ` (dropped ${lines.map((l) => hex(l)).join(', ')})` : '') +
  `.`;

export const addrLenFlagsNext = (
  maintenance: boolean,
  flags: number,
  where: string,
  next: number,
  i: number,
  addr: string,
  len: number,
  f: string,
  d: string,
  side: string,
): string =>
  `${where}[${i}] = {addr ${addr}, len ${len}, flags ${f}, next ${next}} written at ${d} (into ` +
  `${side}'s ${maintenance ? 'cache' : 'memory'}).` +
  (!(flags & VRING_DESC_F_NEXT) && where === 'desc' ? ` NEXT is clear, so next=${next} is ignored by the device.` : '');

export const needDescriptorsFreeEnospc = (opts: string, needed: number, numFree: number): string =>
  `${opts}: need ${needed} descriptors, only ${numFree} free: -ENOSPC.`;

export const availRingSlotAvail = (
  slot: number,
  head: number,
  availIdxShadow: number,
  num: number,
  numFree: number,
  numFree2: number,
  freeHead: number,
): string =>
  `avail.ring[${slot}] = ${head} (slot = avail_idx_shadow ${availIdxShadow} & ${num}); num_free ` +
  `${numFree} -> ${numFree2}, free_head -> ${freeHead}.`;

export const brokenVirtioWmbBefore = (heldLength: number, arg: string): string =>
  `BROKEN: no virtio_wmb() before avail.idx. The ${heldLength} earlier store${arg} (descriptor and ` +
  `ring entry) sit in the write buffer and may reach memory after the index: the lab shows that ` +
  `worst legal order.`;

export const virtioWmbDescriptorsRing = (): string =>
  `virtio_wmb(): the descriptors and the ring entry are ordered before the index store. (A barrier ` +
  `orders this CPU's accesses; it pushes no cache line to DRAM.)`;

export const availIdxWrittenBuffer = (
  availIdxShadow: number,
  availIdx: string,
  head: number,
  numAdded: number,
): string =>
  `avail.idx = ${availIdxShadow} written at ${availIdx}: buffer head ${head} is published ` +
  `(num_added ${numAdded}).`;

export const virtioMbKickPrepare = (landed: number): string =>
  `virtio_mb() in kick_prepare drains the write buffer: the ${landed} held store` +
  `${landed === 1 ? '' : 's'} reach memory now. Until this moment a device that polls could see ` +
  `avail.idx without its descriptor.`;

export const virtioMbOldNew = (needs: boolean, old: number, nw: number, ev: number): string =>
  `virtio_mb(); old ${old}, new ${nw}, avail_event ${ev}: vring_need_event = (u16)(${nw} - ${ev} - ` +
  `1) = ${u16(nw - ev - 1)} ${needs ? '<' : '>='} (u16)(${nw} - ${old}) = ${u16(nw - old)}, so ` +
  (needs ? 'kick' : 'no kick (the device said it will look again by itself)') +
  `.`;

export const virtioMbOldNew2 = (needs: boolean, old: number, nw: number, flags: number): string =>
  `virtio_mb(); old ${old}, new ${nw}; used.flags = ${flags}: ` +
  (needs ? 'NO_NOTIFY is clear, so kick' : 'NO_NOTIFY is set (the device is busy and will look again), so no kick') +
  `.`;

export const kickPrepare = (opts: string, why: string): string => `${opts} kick_prepare: ${why}`;

export const usedIdxEqualsLast = (opts: string, usedIdx: number, lastUsedIdx: number): string =>
  `${opts}: used.idx = ${usedIdx} equals last_used_idx ${lastUsedIdx}: nothing more used.`;

export const usedRingIdLen = (opts: string, slot: number, id: number, len: number): string =>
  `${opts}: used.ring[${slot}] = {id ${id}, len ${len}} but id ${id} is not a buffer in flight: ` +
  `"id ${id} is not a head!" (BAD_RING).`;

export const usedIdxLastUsed = (
  opts: string,
  usedIdx: number,
  prevLast: number,
  slot: number,
  id: number,
  len: number,
  count: number,
  i: number,
  next: number,
  numFree: number,
  lastUsedIdx: number,
): string =>
  `${opts}: used.idx ${usedIdx} != last_used_idx ${prevLast}; virtio_rmb(); used.ring[${slot}] = ` +
  `{id ${id}, len ${len}}. detach_buf_split frees ${count} descriptor${count > 1 ? 's' : ''}: ` +
  `desc_extra[${i}].next = ${next}, free_head = ${id}, num_free = ${numFree}; last_used_idx = ` +
  `${lastUsedIdx}.`;

export const usedEventVirtioStore = (lastUsedIdx: number, eventIdx: boolean): string =>
  eventIdx
    ? `used_event = ${lastUsedIdx} (virtio_store_mb): interrupt me when used.idx passes ${lastUsedIdx}.`
    : `used_event = ${lastUsedIdx} (virtio_store_mb): Linux writes it whenever callbacks are on, EVENT_IDX or not; ` +
      `without EVENT_IDX the device never reads it and avail.flags decides.`;

// stack.ts
export const stackOtherHost = (id: string, dst: string): string =>
  `${id}'s stack gets a frame for ${dst}, not its own MAC: PACKET_OTHERHOST, and IP drops it.`;

export const stackReceivesByteFrame = (id: string, packetBytesLength: number): string =>
  `${id}'s stack receives the ${packetBytesLength}-byte frame (netif_receive_skb).`;

export const sendsByteFrameVirtio = (id: string, len: number, seq: number): string =>
  `${id} sends a ${len}-byte frame #${seq} to its virtio-net interface.`;

// callbacks.ts
export const disableCbEventIdx = (q: string): string =>
  `${q}: virtqueue_disable_cb. With EVENT_IDX there is no flag to set, so Linux writes used_event = 0 ` +
  `("a hack", says its comment): far behind used.idx, so the device's vring_need_event sees no crossing ` +
  `and stays quiet while the driver polls.`;

export const disableCbFlags = (q: string): string =>
  `${q}: virtqueue_disable_cb sets VRING_AVAIL_F_NO_INTERRUPT in avail.flags: no interrupts while the ` +
  `driver polls the ring itself.`;

export const enableCbFlags = (q: string): string => `${q}: callbacks back on: avail.flags = 0, NO_INTERRUPT cleared.`;

export const enableCbPrepareUsedEvent = (q: string, last: number, eventIdx: boolean): string =>
  `${q}: virtqueue_enable_cb_prepare writes used_event = last_used_idx ${last} ` +
  (eventIdx
    ? '(interrupt me for the very next completion), then the caller must poll: a completion that slipped in ' +
      'before this store would raise no interrupt.'
    : '(done always, "to keep code simple"; without EVENT_IDX the device reads avail.flags instead).');

export const pollUsedAfterEnable = (q: string, opaque: number, usedIdx: number, more: boolean): string =>
  `${q}: virtqueue_poll after the barrier: used.idx ${usedIdx} ${more ? '!=' : '=='} ${opaque}, the index ` +
  `callbacks were enabled at. ` +
  (more
    ? 'The device completed more meanwhile, and its interrupt may already have been suppressed: poll again.'
    : 'Nothing slipped in: the next completion will interrupt.');

export const enableCbDelayedUsedEvent = (
  q: string,
  last: number,
  outstanding: number,
  bufs: number,
  event: number,
  eventIdx: boolean,
): string =>
  `${q}: virtqueue_enable_cb_delayed: ${outstanding} buffer${outstanding === 1 ? '' : 's'} outstanding, ` +
  `three quarters is ${bufs}, so used_event = ${last} + ${bufs} = ${event}` +
  (eventIdx
    ? ': no interrupt until that many more are used.'
    : ' (ignored without EVENT_IDX: avail.flags is clear, any completion interrupts).');

export const enableCbDelayedCheck = (
  q: string,
  usedIdx: number,
  last: number,
  done: number,
  bufs: number,
  ok: boolean,
): string =>
  `${q}: the built-in re-check reads used.idx ${usedIdx}: ${done} used since ${last}, ` +
  (ok
    ? `not more than ${bufs}, so callbacks stay on and the driver waits.`
    : `more than ${bufs} already: returns false, and the caller reclaims and tries again.`);
