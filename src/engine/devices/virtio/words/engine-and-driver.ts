// Step sentences for crossed-wires.ts, layers.ts, layout.ts, net-driver.ts, ram.ts (see ../words.ts).
import { hex } from '../ram';
import type { Direction } from '../crossed-wires';
import type { Chain } from '../vringh';
import type { Sg } from '../split-driver';
import type { NetDriverOptions } from '../net-driver';

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

export const badTxChain = (
  policy: 'complete-zero' | 'broken' | 'leak',
  queue: string,
  head: number,
  readable: number,
  writable: number,
  hdrLen: number,
  why: string,
): string =>
  `The agent's device refuses ${queue} chain ${head}: ${readable} readable byte${readable === 1 ? '' : 's'}` +
  `${writable ? ` and ${writable} writable piece${writable === 1 ? '' : 's'}` : ''} against a ${hdrLen}-byte ` +
  `virtio_net_hdr ("${why}"). ` +
  (policy === 'complete-zero'
    ? 'It gives the buffer back at once with used.len 0 and counts it: no DMA, no receive buffer taken.'
    : policy === 'broken'
      ? 'virtio_error: the device is now broken. The element is detached with no used entry, and no queue is ' +
        'served again until the driver resets the device; a legacy driver is not told (NEEDS_RESET exists only with VERSION_1).'
      : 'vq_err: the head is consumed and never returned, so the driver has lost those descriptors for good. ' +
        'The handler stops here with notifications still off (it disabled them when it started), so the ' +
        'driver may never kick again: the queue is wedged.');

export const deviceBrokenIgnores = (dir: string, why: string): string =>
  `The agent's device is broken ("${why}"): it pops nothing for ${dir}, whatever the kick says, until the ` +
  `driver resets it.`;

export const scriptedEngineWaits = (dir: string): string =>
  `The agent's engine is scripted: it notes the work for ${dir} and waits for the scenario's vq-take and ` +
  `vq-complete commands instead of serving the ring itself.`;

export const scriptedAdd = (queue: string, out: number[], inn: number[], base: number): string =>
  `Scripted: the host's driver adds a chain to ${queue} at ${hex(base)} without reclaiming first: ` +
  `${out.length ? `readable ${out.join(' + ')} bytes` : 'nothing readable'}` +
  `${inn.length ? `, writable ${inn.join(' + ')} bytes` : ''}. Its bytes are a fill pattern, not a frame.`;

export const scriptedTake = (queue: string, head: number, r: number, w: number, held: number): string =>
  `Scripted: the agent's vringh takes ${queue} chain ${head} (${r} readable, ${w} writable piece` +
  `${r + w === 1 ? '' : 's'}) and holds it: ${held} taken and not yet completed.`;

export const scriptedNothingTaken = (queue: string): string =>
  `Scripted vq-complete on ${queue}, but the agent holds no chain taken from it: nothing to complete.`;

// napi.ts
export const napiScheduled = (side: string, q: 'rx' | 'tx'): string =>
  `The ${side}'s virtio-net ${q === 'rx' ? 'skb_recv_done' : 'skb_xmit_done'}: callbacks off for this queue, ` +
  `NAPI poll scheduled. Until the poll completes, the device does not interrupt for it again.`;

export const napiPollRx = (
  side: string,
  got: number,
  budget: number,
  numFree: number,
  threshold: number,
  refill: boolean,
): string =>
  `The ${side}'s NAPI poll took ${got} packet${got === 1 ? '' : 's'} (budget ${budget}). ${numFree} receive ` +
  `descriptor${numFree === 1 ? '' : 's'} free against the refill threshold min(budget, ring size) / 2 = ${threshold}: ` +
  (refill ? 'more than that, so it refills now (try_fill_recv).' : 'not more, so it does not refill yet.');

export const napiPollTx = (side: string, freed: number, numFree: number, wake: boolean): string =>
  `The ${side}'s TX NAPI poll reclaims ${freed} sent buffer${freed === 1 ? '' : 's'} (free_old_xmit_skbs): ` +
  `${numFree} descriptors free${wake ? ', enough to wake the stopped queue' : ''}.`;

export const mergeableBufLen = (
  side: string,
  ewma: number,
  minBufLen: number,
  ring: number,
  hdrLen: number,
  len: number,
): string =>
  `The ${side}'s virtio-net sizes this refill's mergeable buffers as Linux does: the smallest a buffer may be ` +
  `is ${minBufLen} bytes (a 65535-byte packet must fit in ${ring} buffers, and never less than 1518), the ` +
  `average packet so far is ${ewma ? `${ewma} bytes` : 'not known yet (0)'}, so each buffer is ${hdrLen} + ` +
  `clamp(${ewma}, ${minBufLen}, ${4096 - hdrLen}), aligned to the cache line: ${len} bytes.`;
