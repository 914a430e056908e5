// Step sentences for board.ts and bring-up.ts (see ../words.ts): the board as the source thread
// describes it. The agent is never told that the host touched its BARs; the host tells it
// something only by writing the board's message register, which interrupts the agent's CPU,
// and the agent asserts INTx through the board's interrupt register.
import { hex } from '../ram';

const qname = (q: number): string => (q === 1 ? 'transmitq' : 'receiveq');

export const hostWritesNotifyWord = (queue: number, count: number, addr: number): string =>
  `Host's board driver notifies ${qname(queue)} (queue ${queue}): first a posted write of ${count}, its ` +
  `count of notifications to this queue, to the queue's notify word in BAR0 (${hex(addr)}). BAR0 is ` +
  `plain memory in the agent's RAM: this write lands there and tells the agent nothing.`;

export const hostRingsDoorbell = (setup: boolean, addr: number, t: number, arrives: number): string =>
  `Host rings the doorbell: a posted write to the board's message register (${hex(addr)})` +
  (setup ? `, from set_status after DRIVER_OK` : '') +
  `. It is the only way the host can interrupt the agent's CPU. Issued at t = ${t} ns; the CPU ` +
  `does not wait, and the write reaches the board at t = ${arrives} ns.`;

export const hostSkipsDoorbell = (queue: number): string =>
  `BROKEN (noDoorbell): the host's board driver wrote the notify word of ${qname(queue)} but does ` +
  `NOT ring the message register. The word sits in the agent's RAM; nothing interrupts the agent.`;

export const messageRegisterAlreadySet = (): string =>
  `Another doorbell reaches the board while its message register is still set: the agent has not ` +
  `taken the last interrupt yet, so no new interrupt is raised. Its handler will read BAR0 once for both.`;

export const doorbellReachesBoard = (irqNs: number): string =>
  `The doorbell reaches the board: its message register is set, and the board interrupts the agent's ` +
  `CPU, which enters its handler ${irqNs} ns later.`;

export const agentDoorbellInterrupt = (msg: number, ns: number): string =>
  `Agent: doorbell interrupt. Its handler reads the board's message register (${msg}) and writes it ` +
  `back to clear it (${ns} ns), before it looks at anything: a doorbell rung after this clear raises ` +
  `a new interrupt, so none is lost.`;

export interface BarFindings {
  readonly rings?: {
    readonly rx: number;
    readonly tx: number;
    readonly num: number;
    readonly areas?: readonly (readonly [number, number])[];
  };
  readonly notify: readonly number[];
  readonly seen: readonly number[];
  readonly changed: readonly number[];
  readonly ns: number;
}

export const agentReadsBar = (f: BarFindings): string => {
  const parts: string[] = [];
  if (f.rings)
    parts.push(
      `STATUS has DRIVER_OK, so it reads the ring addresses the host wrote: receiveq at ${hex(f.rings.rx)} and ` +
        `transmitq at ${hex(f.rings.tx)} (QUEUE_PFN << 12, ${f.rings.num} entries each` +
        (f.rings.areas
          ? `; packed, with event areas at ${f.rings.areas.map(([d, v]) => `${hex(d)}/${hex(v)}`).join(' and ')}`
          : '') +
        `). Only now can its ` +
        `device engine reach the host's rings through the window`,
    );
  const words = f.notify.map((n, q) => `${qname(q)} ${n}${f.seen[q] === n ? '' : ` (was ${f.seen[q]})`}`).join(', ');
  parts.push(
    f.changed.length
      ? `notify words: ${words}: the host notified ${f.changed.map(qname).join(' and ')}`
      : `notify words: ${words}: no queue notified since it last looked`,
  );
  return (
    `Agent, in its doorbell handler, reads what the host wrote into BAR0, its own RAM (invalidate and read, ` +
    `${f.ns} ns): ${parts.join('; ')}.`
  );
};

export const agentSetsInterruptRegister = (was: boolean, queue: string): string =>
  `Agent sets bit 0 (used buffers) in the board's interrupt register for ${queue}` +
  (was ? '; INTx is already asserted' : ': the board asserts INTx to the host') +
  `.`;

export const hostINTxHandlerReads = (reason: number, readNs: number, drained: string[]): string =>
  `Host INTx handler reads the board's interrupt register across the bus: ${reason} (a non-posted read, ` +
  `${readNs} ns). The read arrives after every posted write the agent made before it, so the used ` +
  `entries behind this interrupt have landed` +
  (drained.length
    ? `: ${drained.length} of them (${drained.slice(0, 3).join(', ')}${drained.length > 3 ? ', ...' : ''}) were ` +
      `still on the way and land before the completion comes back.`
    : '.');

export const hostAcksInterrupt = (reason: number): string =>
  `Host acknowledges: a posted write of ${reason} back to the interrupt register. The board's hardware ` +
  `clears the bit and de-asserts INTx; no software on the agent runs. (The ISR byte of virtio's layout ` +
  `would be plain memory in BAR0, which no read clears: the board driver takes the reason from the ` +
  `board's register.) Only after the acknowledgement does it look at the used rings, so an interrupt ` +
  `raised meanwhile is not lost.`;

// bring-up.ts
export const hostBindsBoardDriver = (vendor: string, virtioVendor: string): string =>
  `The agent board shows Freescale's vendor ID ${vendor} and its own fixed device ID; neither can be ` +
  `changed. The stock virtio-pci driver binds only vendor ${virtioVendor} (legacy: device IDs ` +
  `0x1000-0x103F), so it leaves the board alone. The host's board-specific PCI driver binds it, maps ` +
  `BAR0 and calls register_virtio_device with its own virtio_config_ops, whose find_vqs creates ` +
  `each ring with a notify callback that rings the board's doorbell. virtio-net probes on top of it.`;

export const hostWritesBoardConfig = (
  bar0: string,
  names: string,
  hdrBecause: string | undefined,
  hdrLen: number,
  queueSize: number,
  rxPfn: string,
  txPfn: string,
  areas?: readonly (readonly [string, string])[],
): string =>
  `Host's board driver sets the device up through BAR0 (${bar0}), plain memory in the agent's RAM: ` +
  `get_features reads DEVICE_FEATURES (non-posted); finalize_features writes DRIVER_FEATURES = ${names} ` +
  `(${hdrBecause ?? 'no VERSION_1'}, so the header is ${hdrLen} bytes); find_vqs reads each queue's QUEUE_NUM (${queueSize}) ` +
  `and writes QUEUE_PFN: receiveq ${rxPfn}, transmitq ${txPfn}` +
  (areas
    ? ` (the packed descriptor rings), and the board's DRIVER_PFN and DEVICE_PFN words for each queue's event ` +
      `areas, which Linux allocates apart: receiveq ${areas[0][0]}/${areas[0][1]}, transmitq ${areas[1][0]}/${areas[1][1]}`
    : '') +
  `; set_status writes STATUS = ` +
  `ACKNOWLEDGE|DRIVER|DRIVER_OK. The agent is told none of this: it finds the ring addresses only when ` +
  `the set-up doorbell makes it look.`;

export const sharedLineWarning = (
  queue: string,
  lines: string[],
  lineSize: number,
  driverFields: string[],
  deviceFields: string[],
): string =>
  `WARNING at set-up: ${lines.length} ${lineSize}-byte line${lines.length === 1 ? '' : 's'} of ${queue} ` +
  `(${lines.join(', ')}) ${lines.length === 1 ? 'holds' : 'hold'} fields written by both sides. Line ${lines[0]} holds the host's ` +
  `${listFew(driverFields)} and the agent's ${listFew(deviceFields)}: the first whole-line write-back ` +
  `by either side will overwrite the other's bytes.`;

const listFew = (names: string[]): string =>
  names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more fields`;
