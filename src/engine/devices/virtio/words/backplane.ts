// Step sentences for backplane.ts, bounce.ts, cpu-memory.ts (see ../words.ts; board.ts and bring-up.ts: words/board.ts).
import type { HeldStore } from '../cpu-memory';
import { hex } from '../ram';
import type { Direction } from '../crossed-wires';

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

export const agentPollHostTx = (seen: string): string => `Agent poll: host TX ${seen}: work to do.`;

export const splitPeek = (idx: number, lastAvailIdx: number): string =>
  `avail.idx = ${idx}, last_avail_idx = ${lastAvailIdx}`;

export const isrInterruptIrqNone = (): string =>
  `The board's interrupt register reads 0: not this board's interrupt (IRQ_NONE).`;

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

// cpu-memory.ts
export const addressMapped = (side: string, addr: string, len: number): string =>
  `${side}: address 0x${addr} (+${len}) is not mapped`;

export const postedWritesLand = (addrs: string[], latencyNs: number, stillInFlight: number): string =>
  `The agent's posted write${addrs.length === 1 ? '' : 's'} to host ${addrs.join(', ')} ` +
  `land${addrs.length === 1 ? 's' : ''} in host DRAM, ${latencyNs} ns after issue` +
  (stillInFlight ? ` (${stillInFlight} more still on the way)` : '') +
  `. Until now the host read the old bytes there.`;

export const ownReadDrainsPosted = (what: string, addrs: string[]): string =>
  `The ${what} goes out on the bus behind the agent's ${addrs.length} posted write` +
  `${addrs.length === 1 ? '' : 's'} still on the way (${addrs.slice(0, 3).join(', ')}` +
  `${addrs.length > 3 ? ', ...' : ''}): a read request may not pass a posted write, so ` +
  `${addrs.length === 1 ? 'it lands' : 'they land'} in host DRAM first.`;

export const freedUnsent = (side: string, buf: string): string =>
  `The ${side}'s driver reclaims the TX buffer at ${buf} and frees its skb, but the device gave it back ` +
  `without moving a byte: the frame is lost here, and free_old_xmit counts it in tx_packets all the same ` +
  `(it ignores used.len on the TX queue).`;

// boards.ts
export const hostBridgeForwards = (from: string, dst: string, flood: boolean, to: string[]): string =>
  `The host's bridge takes the frame from ${from} and learns its source there. ` +
  (flood
    ? `${dst} is ${dst.startsWith('ff:ff') ? 'broadcast' : 'not in its table yet'}, so it floods: ` +
      `${to.length} cop${to.length === 1 ? 'y' : 'ies'}, to ${to.join(', ')}.`
    : `${dst} is behind ${to[0] ?? from}, so the frame goes there only.`);

export const hostBridgeSamePort = (from: string): string =>
  `The destination is behind ${from}, where the frame came from: the bridge does not send a frame back out of ` +
  `its ingress port (no hairpin), and frees it.`;

export const hostBridgeUp = (): string => "The host's bridge passes a copy up to the host's own stack.";
