// dma-driver.ts: the source thread's custom driver, descriptors in BAR0, agent DMA.

export const dmaDriverTooBig = (len: number, mtu: number): string =>
  `${len} bytes is more than the ${mtu}-byte MTU plus the Ethernet header: the custom driver refuses it.`;

export const dmaDriverRingFull = (len: number, ringSize: number): string =>
  `All ${ringSize} transmit descriptors in the agent's BAR0 are in use: the host's driver holds the ` +
  `${len}-byte frame until the agent reports one done (netif_stop_queue).`;

export const hostPostsTxDescriptor = (slot: number, len: number, ns: number): string =>
  `Host writes transmit descriptor ${slot} into the agent's BAR0 by programmed I/O: the frame's bus ` +
  `address in host RAM and its length, ${len} bytes (two posted 8-byte writes, ${ns} ns of CPU). ` +
  `The host copies no data: it has no DMA engine, but the agent's can reach host RAM.`;

export const hostRingsDmaDoorbell = (): string =>
  `Host rings the agent's doorbell through the board's MMIO message register (posted write): ` +
  `the only way the host can tell the agent anything.`;

export const agentReadsTxDescriptor = (slot: number, ns: number): string =>
  `Agent: doorbell interrupt. It invalidates and reads descriptor ${slot} in its own RAM behind BAR0 ` +
  `(${ns} ns): the host wrote it there, and the agent sees it only now, after the doorbell.`;

export const agentDmaReadsFrame = (len: number, ns: number, waited: number): string =>
  `Agent programs its DMA engine to read the ${len}-byte frame out of host RAM through its outbound ` +
  `window: ${ns} ns of setup and link time in max-payload reads` +
  (waited > 0 ? `, after waiting ${waited} ns for the engine to finish its previous transfer` : '') +
  `.`;

export const agentDmaDriverPasses = (len: number): string =>
  `The agent's custom driver passes the ${len}-byte frame up its stack and marks the descriptor done.`;

export const agentRaisesTxDone = (): string =>
  `Agent raises INTx: the transmit descriptor is done, the host may free the frame.`;

export const hostTxDoneInterrupt = (ns: number, slot: number): string =>
  `Host interrupt: reads the agent's status register across the bus (non-posted, ${ns} ns) and ` +
  `frees transmit descriptor ${slot} and its frame.`;

export const agentWaitsRxBuffer = (len: number): string =>
  `The agent has a ${len}-byte frame for the host, but no receive descriptor is posted: it waits ` +
  `for the host to give one back.`;

export const agentDmaWritesFrame = (len: number, slot: number, ns: number, waited: number): string =>
  `Agent takes receive descriptor ${slot} (a host buffer's bus address) from its own RAM and ` +
  `programs its DMA engine to write the ${len}-byte frame into host RAM: ${ns} ns of setup and ` +
  `link time in posted max-payload writes` +
  (waited > 0 ? `, after waiting ${waited} ns for the engine` : '') +
  `; then it writes the length into the descriptor and raises INTx.`;

export const hostRxInterrupt = (ns: number, slot: number, len: number): string =>
  `Host interrupt: reads the status register and descriptor ${slot}'s length across the bus (two ` +
  `non-posted reads, ${ns} ns): a ${len}-byte frame is in host RAM.`;

export const hostDmaDriverPasses = (len: number): string =>
  `The host's custom driver passes the ${len}-byte frame up its stack; no byte of it crossed the ` +
  `bus under the host CPU's hand.`;

export const hostRepostsRxBuffer = (slot: number, ns: number): string =>
  `Host gives receive descriptor ${slot} back with a fresh 64 KiB buffer: two posted writes into ` +
  `BAR0 and a doorbell (${ns} ns of CPU).`;

export const agentQueuesForDma = (len: number): string =>
  `The agent's custom driver queues the ${len}-byte frame for its DMA engine and a host receive descriptor.`;

export const dmaDriverDeviceState = (): string =>
  `the custom driver's 'device state' is its descriptor bookkeeping`;
