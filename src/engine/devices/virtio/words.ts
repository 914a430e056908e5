// What the virtio devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { HeldStore } from './cpu-memory';
import { hex } from './ram';
import type { Direction } from './crossed-wires';
import type { Chain } from './vringh';
import type { Sg } from './split-driver';
import type { NetDriverOptions } from './net-driver';
import { VRING_DESC_F_NEXT, VRING_DESC_F_INDIRECT, VRING_DESC_F_WRITE } from './layout';
import { u16 } from './need-event';

// backplane.ts

export const storeHeldHostWrite = (held: HeldStore[], reorderWindowNs: number): string =>
  `The ${held.length} store${held.length === 1 ? '' : 's'} held in the host's write buffer finally ` +
  `reach DRAM (${held.map((h) => hex(h.addr)).join(', ')}), ${reorderWindowNs} ns after avail.idx ` +
  `did.`;

export const hostAddressOutsideAgent = (bus: string, ramBase: string): string =>
  `host address ${bus} is outside the agent's window [${ramBase}, +1 GiB)`;

export const hostAddressOutsideLowest = (bus: string): string =>
  `host address ${bus} is outside the lowest 4 GiB the agent's window can reach`;

export const agentRePointsOutbound = (why: string, base: string, old: string): string =>
  `Agent re-points its outbound window ${why}: agent 0x80000000 now maps host ${base} (was ${old}` +
  `). Ring addresses seen through the window are wrong until it moves back.`;

export const falseSharingWroteBack = (
  writer: string,
  line: string,
  queue: string,
  field: string,
  before: number,
  after: number,
): string =>
  `FALSE SHARING: the ${writer} wrote back the whole line ${line} and overwrote ${queue} ${field}, ` +
  `a field the other side owns: ${before} -> ${after}. The other side's write is lost.`;

export const queueStartsIfHad = (idx: number): string =>
  `Every queue starts as if it had already carried ${idx} buffers: avail.idx, used.idx, the event ` +
  `indexes and both sides' shadows are ${idx} (0x${idx.toString(16)}), so the 16-bit indexes wrap ` +
  `after ${0x10000 - idx} more.`;

export const stackHandsByteFrame = (side: 'host' | 'agent', packetBytesLength: number): string =>
  `The ${side}'s stack hands a ${packetBytesLength}-byte frame to its virtio-net driver ` + `(ndo_start_xmit).`;

export const hostKicksPostedWrite = (
  queue: number,
  bar0Base: string,
  t: number,
  busLatencyNs: number,
  arrives: number,
): string =>
  `Host kicks: posted write of ${queue} (the queue index, ${queue === 1 ? 'transmitq' : 'receiveq'}` +
  `) to BAR0 + 0x10 (QUEUE_NOTIFY) at ${bar0Base}, issued when the host CPU has finished this work ` +
  `(t = ${t} ns). The CPU does not wait; the write reaches the agent ${busLatencyNs} ns later (t = ` +
  `${arrives} ns).`;

export const doorbellArrivesAgentQueue = (queue: number): string =>
  `Doorbell arrives at the agent: QUEUE_NOTIFY = ${queue}. The agent's device engine looks at the ` +
  `host's ${queue === 1 ? 'TX' : 'RX'} ring.`;

export const agentDriverKicksLocal = (q: string): string =>
  `Agent driver kicks its local ${q} queue: the device is on the same CPU, so the notify is a ` +
  `function call, no bus write.`;

export const agentLocalQueueUsed = (q: string): string =>
  `Agent's local ${q} queue has used buffers: its virtio-net driver runs (vring_interrupt, called ` + `directly).`;

export const newReceiveBuffersPacket = (dir: Direction): string =>
  `New receive buffers: the packet waiting in direction ${dir} can go now.`;

export const agentDmaTransferComplete = (): string =>
  `Agent DMA transfer complete: the device engine now returns both buffers as used.`;

export const deviceEngineStopsVringh = (r: string): string =>
  `The device engine stops: ${r}. (vringh reports the ring as broken.)`;

export const agentPollHostTx = (idx: number, lastAvailIdx: number): string =>
  `Agent poll: host TX avail.idx = ${idx}, last_avail_idx = ${lastAvailIdx}: work to do.`;

export const agentSetsIsrBit = (was: boolean, queue: string): string =>
  `Agent sets ISR bit 0 (queue interrupt) for ${queue}` +
  (was ? '; INTx is already asserted' : ' and asserts INTx to the host') +
  `.`;

export const hostINTxHandlerReads = (isr: number, nonPostedReadNs: number): string =>
  `Host INTx handler reads ISR at BAR0 + 0x13: ${isr} (a non-posted read, ${nonPostedReadNs} ns). ` +
  `The read clears ISR and de-asserts INTx, and it arrives after every posted write the agent made ` +
  `before it.`;

export const isrInterruptIrqNone = (): string => `ISR was 0: not our interrupt (IRQ_NONE).`;

export const vringInterrupt = (queue: string, usedIdx: number, lastUsedIdx: number, more: boolean): string =>
  `vring_interrupt(${queue}): used.idx = ${usedIdx} ` +
  (more
    ? `!= last_used_idx ${lastUsedIdx}: run the callback.`
    : `== last_used_idx ${lastUsedIdx}: "virtqueue interrupt with no work" (IRQ_NONE for this queue).`);

export const receivedBufferCarriesFrame = (side: 'host' | 'agent', bytesLength: number): string =>
  `${side} received a buffer that carries no frame anyone sent (${bytesLength} bytes): the ring ` +
  `pointed the device at the wrong memory.`;

export const virtioNetPassesByte = (same: boolean, side: 'host' | 'agent', bytesLength: number): string =>
  `${side} virtio-net passes the ${bytesLength}-byte frame up its stack (napi_gro_receive)` +
  (same ? '' : ': WARNING, the bytes differ from what was sent (corrupted on the way)') +
  `.`;

// bounce.ts

export const bytesMoreByteMtu = (packetBytesLength: number, mtu: number): string =>
  `${packetBytesLength} bytes is more than the ${mtu}-byte MTU plus the Ethernet header.`;

export const customDriverQueuesByte = (side: 'host' | 'agent', packetBytesLength: number): string =>
  `The ${side}'s custom driver queues the ${packetBytesLength}-byte frame for the shared buffer.`;

export const hostCpuCopiesByte = (
  len: number,
  bar1: string,
  ceil: number,
  pioChunkBytes: number,
  tlpOverheadBytes: number,
  copy: number,
): string =>
  `Host CPU copies the ${len}-byte frame into the shared buffer at BAR1 ${bar1} with programmed ` +
  `I/O: ${ceil} posted ${pioChunkBytes}-byte writes, each with ${tlpOverheadBytes} bytes of TLP ` +
  `overhead: ${copy} ns of CPU time.`;

export const hostRingsAgentDoorbell = (): string =>
  `Host rings the agent's doorbell (posted write): one doorbell for this one packet.`;

export const agentDoorbellInterruptInvalidates = (ceil: number, out: number): string =>
  `Agent: doorbell interrupt; invalidates the shared buffer's ${ceil} lines and copies the frame ` +
  `out of its own DRAM (${out} ns), then acknowledges with a posted write and INTx.`;

export const agentCustomDriverPasses = (len: number): string =>
  `The agent's custom driver passes the ${len}-byte frame up its stack.`;

export const hostInterruptReadsStatus = (nonPostedReadNs: number): string =>
  `Host interrupt: reads its status register across the bus (non-posted, ${nonPostedReadNs} ns): ` +
  `the buffer is free for the next packet.`;

export const agentCopiesByteFrame = (len: number, fill: number): string =>
  `Agent copies the ${len}-byte frame into the shared buffer (its own DRAM behind BAR1), cleans ` +
  `the lines and raises INTx (${fill} ns).`;

export const hostCpuReadsFrame = (reads: number, pioChunkBytes: number, nonPostedReadNs: number, ns: number): string =>
  `Host CPU reads the frame out of BAR1 with programmed I/O: ${reads} non-posted ${pioChunkBytes}` +
  `-byte reads, each waiting ${nonPostedReadNs} ns for its completion: ${ns} ns.`;

export const hostCustomDriverPasses = (len: number): string =>
  `The host's custom driver passes the ${len}-byte frame up its stack, then rings the agent's ` +
  `doorbell to free the buffer.`;

// bring-up.ts

export const hostProbesLegacyVirtio = (
  bar0Base: string,
  names: string,
  arg: number,
  queueSize: number,
  base: string,
  base2: string,
): string =>
  `Host probes the legacy virtio-pci device in BAR0 (${bar0Base}): reset, STATUS = ` +
  `ACKNOWLEDGE|DRIVER, features ${names} (no VERSION_1 through the legacy interface, so the header ` +
  `is ${arg} bytes); QUEUE_NUM reads ${queueSize}; QUEUE_PFN[0] (receiveq) = ${base} and ` +
  `QUEUE_PFN[1] (transmitq) = ${base2}; STATUS |= DRIVER_OK. The agent learns the ring addresses ` +
  `from these registers.`;

// cpu-memory.ts

export const addressMapped = (side: string, addr: string, len: number): string =>
  `${side}: address 0x${addr} (+${len}) is not mapped`;

// crossed-wires.ts

export const receiveBuffersPostedPacket = (rx: Chain[], opts: string, dir: Direction, head: number): string =>
  `${opts} has ${rx.length ? 'too few' : 'no'} receive buffers posted: the ${dir} packet (TX head ` +
  `${head}) waits until the other driver refills` +
  (rx.length ? ` (vringh_abandon gives back ${rx.length})` : '') +
  `.`;

export const byteFrameFitByte = (frameLen: number, room: number): string =>
  `The ${frameLen}-byte frame does not fit the ${room}-byte receive buffer: the device drops it ` +
  `and returns both buffers.`;

export const agentDmaEngineByte = (
  toHdr: number,
  rx: Chain[],
  pieces: Sg[],
  dir: Direction,
  scratch: string,
  d0: string,
  frameLen: number,
  d02: string,
  ns: number,
): string =>
  `Agent DMA engine: ${toHdr}-byte header (scratch ${scratch} -> ${d0}` +
  `${toHdr >= 12 ? `, num_buffers = ${rx.length}` : ''}) and the ${frameLen}-byte frame (` +
  `${pieces.map((p) => hex(p.addr)).join(', ')} -> ${d02}` +
  (rx.length > 1 ? `, spread over ${rx.length} merged buffers` : '') +
  `) ` +
  (dir === 'host-to-agent' ? 'from host DRAM to agent DRAM' : 'from agent DRAM to host DRAM') +
  `: ${ns} ns. The DMA engine snoops no cache.`;

// layers.ts

export const stackDeviceStateInterface = (): string => `a stack's 'device state' is its interface state`;

export const backplaneDeviceStateRecords = (): string =>
  `the backplane's 'device state' records the rings' set-up and indexes`;

export const bounceDeviceDeviceState = (): string => `the bounce device's 'device state' is its buffer bookkeeping`;

// layout.ts

export const queueSizePowerBetween = (num: number): string =>
  `queue size ${num} is not a power of 2 between 1 and 32768`;

// net-driver.ts

export const invalidatesReceiveBufferBefore = (side: string, buf: string, droppedLength: number): string =>
  `${side} invalidates receive buffer ${buf} before giving it to the device (${droppedLength} ` +
  `lines), so no dirty line can be written back over the DMA data later.`;

export const virtioNetTxDescriptors = (side: string, numFree: number, stopThreshold: number): string =>
  `${side} virtio-net: only ${numFree} TX descriptors left (< ${stopThreshold}): netif_stop_queue; ` +
  `later frames wait in the qdisc until completions free descriptors.`;

export const virtioNetXmitByte = (
  o: NetDriverOptions,
  coherent: boolean,
  buf: string,
  bytesLength: number,
  frameAt: string,
  hdrLinesLength: number,
  arg: string,
): string =>
  `${o.side} virtio-net xmit: ${o.hdrLen}-byte virtio_net_hdr (all zero: no offloads) at ${buf} ` +
  `and the ${bytesLength}-byte frame at ${frameAt}` +
  (o.splitHeader
    ? ' as two descriptors (legacy: header in its own descriptor)'
    : ' as one descriptor (header pushed into the headroom)') +
  `. dma_map_single(TO_DEVICE) cleaned ${hdrLinesLength} payload line${arg}` +
  (coherent ? ' (coherent mode: nothing to clean)' : '') +
  `.`;

export const addFrameWithoutRoomChecked = (): string => `addFrame without room (checked before)`;

export const virtioNetTxBuffer = (side: string, n: number, numFree: number): string =>
  `${side} virtio-net: ${n} TX buffer${n > 1 ? 's' : ''} reclaimed, num_free = ${numFree}: ` + `netif_wake_queue.`;

export const virtioNetNumBuffers = (side: string, k: number, j: number): string =>
  `${side} virtio-net: num_buffers = ${k} but buffer ${j + 1} is not used yet: "rx error: ${j} buffers ` +
  `out of ${k} missing" (the packet is dropped).`;

export const virtioNetNumBuffers2 = (side: string, k: number, frameLen: number): string =>
  `${side} virtio-net: num_buffers = ${k}: the ${frameLen}-byte frame is put together from ${k} ` +
  `receive buffers (MRG_RXBUF).`;

export const virtioNetReceiveBuffer = (
  side: string,
  buf: string,
  rId: number,
  len: number,
  hdrLen: number,
  frameLen: number,
): string =>
  `${side} virtio-net receive: buffer ${buf} (id ${rId}) holds ${len} bytes = ${hdrLen}-byte ` +
  `header + ${frameLen}-byte frame; invalidated its lines (dma_sync_single_for_cpu) and read it.`;

// ram.ts

export const accessOutsideBytes = (name: string, addr: string, len: number, size: number): string =>
  `${name}: access 0x${addr}+${len} is outside its ${size} bytes`;

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

export const usedEventVirtioStore = (lastUsedIdx: number): string =>
  `used_event = ${lastUsedIdx} (virtio_store_mb): interrupt me when used.idx passes ${lastUsedIdx}.`;

// stack.ts

export const stackReceivesByteFrame = (id: string, packetBytesLength: number): string =>
  `${id}'s stack receives the ${packetBytesLength}-byte frame (netif_receive_skb).`;

export const sendsByteFrameVirtio = (id: string, len: number, seq: number): string =>
  `${id} sends a ${len}-byte frame #${seq} to its virtio-net interface.`;

// vringh.ts

export const brokenInvalidateBeforeReading2 = (side: string, what: string): string =>
  `BROKEN: ${side} does NOT invalidate ${what} before reading it through its cached window.`;

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
