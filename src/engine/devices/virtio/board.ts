// The agent board's two signals, as the source thread describes the hardware
// (../shared/seeds/004): the agent "cannot get notified when a read/write hits the BAR";
// interrupts exist "agent->master (PCI INTX) and master->agent (via an MMIO register)".
//
// host -> agent: the host's board driver writes into BAR0, which is plain memory in the
//   agent's RAM (nobody is told), then writes the board's message register, which interrupts
//   the agent's CPU. The agent's handler reads and clears that register first, then reads
//   what the host wrote in BAR0: the ring addresses (after the set-up doorbell) and one
//   notify count per queue. A count, not a queue number, so that two notifications between
//   two looks cannot overwrite each other (the agent compares each count with the last it
//   saw; ntb_transport likewise clears its doorbell before it processes, ntb_transport.c).
// agent -> host: the agent sets a bit in the board's interrupt register, which asserts INTx.
//   The host's handler reads that register (non-posted) and writes the bit back to
//   acknowledge; the board's hardware de-asserts INTx and no agent software runs.
import type { Backplane } from './backplane';
import { BOARD_CFG, BOARD_REG } from './address-map';
import { kicked } from './agent-loop';
import { hex } from './ram';
import * as say from './words';

export interface BoardRings {
  readonly rx: number;
  readonly tx: number;
  readonly num: number;
  /** Packed rings: each queue's driver and device event areas (receiveq, transmitq). */
  readonly areas?: readonly (readonly [number, number])[];
}

export class BoardState {
  /** BAR0 memory as the agent's RAM holds it: what the host's posted writes have put there. */
  readonly bar = { status: 0, driverFeatures: 0, pfn: [0, 0], areaPfn: [] as number[][], notify: [0, 0] };
  /** The host's own count of notifications per queue (what it writes next). */
  readonly sent = [0, 0];
  /** What the agent's handler last read of the notify words, and whether it knows the rings. */
  readonly seen = { notify: [0, 0], ringsKnown: false };
  /** The message register (host -> agent): non-zero while the agent has not cleared it. */
  msg = 0;
  /** The interrupt register (agent -> host): bit 0 = used buffers; non-zero asserts INTx. */
  irq = 0;
  intx = false;
  hostIrqScheduled = false;
}

const DRIVER_OK = 4;

/**
 * Posted writes from the host to the board: `land` puts them into BAR0 memory when they
 * arrive (in order, one bus latency after the host issued them); `ring` says whether the
 * last of them was a write to the message register.
 */
function arrive(bp: Backplane, label: string, land: () => void, ring: boolean): void {
  const c = bp.cfg.costs;
  bp.hardware(bp.host.t - bp.now() + c.busLatencyNs, label, () => {
    land();
    if (ring) messageArrives(bp);
  });
}

function ringDoorbell(bp: Backplane, setup: boolean, queue?: number): void {
  const c = bp.cfg.costs;
  bp.host.t += c.postedWriteIssueNs;
  bp.count('doorbells');
  const addr = bp.place.regs + BOARD_REG.MESSAGE;
  bp.step({
    layer: 'bus',
    kind: 'transmit',
    decision: say.hostRingsDoorbell(setup, addr, bp.host.t, bp.host.t + c.busLatencyNs),
    source: setup
      ? 'board driver set_status -> doorbell (the board message register)'
      : 'board driver vq notify callback -> doorbell (the board message register)',
    detail: { op: 'doorbell', queue, setup, from: 'host', to: 'agent', addr },
  });
}

/** The virtqueue's notify callback in the host's board driver (vring_create_virtqueue's `notify`). */
export function hostNotify(bp: Backplane, queue: number): void {
  const b = bp.board;
  const c = bp.cfg.costs;
  bp.host.t += c.postedWriteIssueNs;
  b.sent[queue] = (b.sent[queue] + 1) & 0xffff;
  const count = b.sent[queue];
  const addr = bp.place.bar0 + BOARD_CFG.NOTIFY + 2 * queue;
  bp.step({
    layer: 'bus',
    kind: 'transmit',
    decision: say.hostWritesNotifyWord(queue, count, addr),
    source: 'board driver vq notify callback (iowrite16 to the notify word in BAR0)',
    detail: { op: 'bar-write', field: `notify[${queue}]`, queue, value: count, addr, from: 'host', to: 'agent' },
  });
  const ring = !(bp.cfg.breaks.noDoorbell && queue === 1);
  if (ring) ringDoorbell(bp, false, queue);
  else
    bp.step({
      layer: 'bus',
      kind: 'decide',
      decision: say.hostSkipsDoorbell(queue),
      source: 'break switch noDoorbell',
      detail: { op: 'no-doorbell', queue },
    });
  arrive(bp, 'notify word lands in BAR0', () => (b.bar.notify[queue] = count), ring);
}

/** Bring-up: the config writes land in BAR0 memory, then set_status rings the set-up doorbell. */
export function hostSetUp(bp: Backplane, features: number, rings: BoardRings): void {
  ringDoorbell(bp, true);
  arrive(
    bp,
    'config lands in BAR0',
    () => {
      const bar = bp.board.bar;
      bar.driverFeatures = features;
      bar.pfn = [rings.rx >>> 12, rings.tx >>> 12];
      if (rings.areas) bar.areaPfn = rings.areas.map(([d, v]) => [d >>> 12, v >>> 12]);
      bar.status = 1 | 2 | DRIVER_OK;
    },
    true,
  );
}

/** A write to the message register reaches the board: interrupt the agent unless one is pending. */
function messageArrives(bp: Backplane): void {
  const b = bp.board;
  if (b.msg !== 0) {
    bp.step({
      layer: 'bus',
      kind: 'receive',
      decision: say.messageRegisterAlreadySet(),
      source: 'board message register (already set)',
      detail: { op: 'doorbell-pending', from: 'host', to: 'agent' },
    });
    return;
  }
  b.msg = 1;
  bp.step({
    layer: 'bus',
    kind: 'receive',
    decision: say.doorbellReachesBoard(bp.cfg.costs.irqLatencyNs),
    source: 'board message register -> agent CPU interrupt',
    detail: { op: 'doorbell-arrive', from: 'host', to: 'agent', addr: bp.place.regs + BOARD_REG.MESSAGE },
  });
  bp.hardware(bp.cfg.costs.irqLatencyNs, 'agent doorbell interrupt', () => bp.onAgent(() => agentDoorbellIrq(bp)));
}

function agentDoorbellIrq(bp: Backplane): void {
  const b = bp.board;
  const c = bp.cfg.costs;
  const msg = b.msg;
  const regNs = c.dramNs + c.postedWriteIssueNs;
  bp.agent.t += regNs;
  b.msg = 0;
  bp.step({
    layer: 'bus',
    kind: 'receive',
    decision: say.agentDoorbellInterrupt(msg, regNs),
    source: 'board doorbell interrupt handler (agent): read and clear the message register',
    detail: { op: 'doorbell-irq', msg, from: 'host', to: 'agent' },
  });
  // BAR0 is the agent's own RAM, written by the host behind its cache: invalidate, then read.
  const barNs = bp.cfg.coherent ? c.dramNs : c.cacheOpPerLineNs + c.dramNs;
  bp.agent.t += barNs;
  const bar = b.bar;
  const found = !b.seen.ringsKnown && (bar.status & DRIVER_OK) !== 0;
  const areas = bar.areaPfn.length ? bar.areaPfn.map(([d, v]) => [d * 0x1000, v * 0x1000] as const) : undefined;
  const rings = found ? { rx: bar.pfn[0] * 0x1000, tx: bar.pfn[1] * 0x1000, num: bp.cfg.queueSize, areas } : undefined;
  if (rings && (rings.rx !== bp.rings.hostRx.base || rings.tx !== bp.rings.hostTx.base))
    throw new Error(`board: BAR0 ring addresses ${rings.rx}/${rings.tx} differ from the rings the host placed`);
  if (found) b.seen.ringsKnown = true;
  const seen = [...b.seen.notify];
  const notify = [...bar.notify];
  const changed = b.seen.ringsKnown ? [0, 1].filter((q) => notify[q] !== seen[q]) : [];
  bp.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.agentReadsBar({ rings, notify, seen, changed, ns: barNs }),
    source: found
      ? 'board doorbell handler (agent): read the config in BAR0 memory, then vringh over the host rings'
      : 'board doorbell handler (agent): read the notify words in BAR0 memory',
    detail: {
      op: 'bar-read',
      ringsFound: found,
      notify,
      seen,
      changed,
      addr: bp.place.bar0,
      from: 'agent',
      to: 'agent',
    },
  });
  for (const q of changed) b.seen.notify[q] = notify[q];
  for (const q of changed) kicked(bp, q === 1 ? 'host-to-agent' : 'agent-to-host', q === 0);
}

/** The agent asks for the host's attention: bit 0 in the board's interrupt register, INTx. */
export function interruptHost(bp: Backplane, queue: string): void {
  const b = bp.board;
  bp.agent.t += bp.cfg.costs.postedWriteIssueNs;
  b.irq |= 1;
  const was = b.intx;
  b.intx = true;
  bp.count('interrupts');
  bp.step({
    layer: 'bus',
    kind: 'transmit',
    decision: say.agentSetsInterruptRegister(was, queue),
    source: 'board interrupt register -> INTx',
    detail: { op: 'intx', queue, from: 'agent', to: 'host', asserted: !was, addr: bp.place.regs + BOARD_REG.INTERRUPT },
  });
  if (b.hostIrqScheduled) return;
  b.hostIrqScheduled = true;
  bp.after(bp.host, bp.cfg.costs.irqLatencyNs, 'host INTx handler', () => hostIrq(bp), bp.agent);
}

/** The host's board driver's INTx handler: read the reason, acknowledge, then vring_interrupt. */
function hostIrq(bp: Backplane): void {
  const b = bp.board;
  const c = bp.cfg.costs;
  b.hostIrqScheduled = false;
  // The completion of this read comes back behind every write the board posted before it.
  const posted = bp.agent.posted;
  const issued = bp.host.t;
  const landed = posted?.inFlight ? posted.drain() : undefined;
  bp.host.t = Math.max(issued + c.nonPostedReadNs, landed?.lastAt ?? 0);
  const reason = b.irq;
  bp.step({
    layer: 'bus',
    kind: 'receive',
    decision: say.hostINTxHandlerReads(reason, bp.host.t - issued, landed?.addrs.map((a) => hex(a)) ?? []),
    source: 'board driver INTx handler (ioread32 of the board interrupt register)',
    detail: {
      op: 'isr-read',
      reason,
      drained: landed?.count ?? 0,
      from: 'host',
      to: 'agent',
      addr: bp.place.regs + BOARD_REG.INTERRUPT,
    },
  });
  if (!(reason & 1)) {
    bp.step({
      layer: 'bus',
      kind: 'decide',
      decision: say.isrInterruptIrqNone(),
      source: 'board driver INTx handler',
      detail: { op: 'irq-none' },
    });
    return;
  }
  bp.host.t += c.postedWriteIssueNs;
  b.irq &= ~reason;
  b.intx = b.irq !== 0;
  bp.step({
    layer: 'bus',
    kind: 'transmit',
    decision: say.hostAcksInterrupt(reason),
    source: 'board driver INTx handler (iowrite32 acknowledge; the board de-asserts INTx)',
    detail: { op: 'irq-ack', reason, from: 'host', to: 'agent', addr: bp.place.regs + BOARD_REG.INTERRUPT },
  });
  bp.vringInterrupts();
}
