// Scenario commands that act on one virtqueue at a time, so a lesson can stage an exact
// interleaving of driver and device without tuning costs. They call the same code the
// drivers and the agent's engine call, so every step is the real one:
//   vq-add      the host's driver adds one chain (virtqueue_add_split) without reclaiming
//               first, as a driver that batches its get_buf calls does; `kick` kicks too.
//   vq-kick     virtqueue_kick_prepare, and the notify if it says so.
//   vq-get-buf  the host's driver reclaims one used buffer (virtqueue_get_buf).
//   vq-take     the agent's vringh takes one chain (__vringh_get_head, __vringh_iov) and holds it.
//   vq-complete the agent completes the oldest chain it holds (__vringh_complete) with `len`,
//               then asks __vringh_need_notify and interrupts the host if it says so.
// vq-take and vq-complete need `agentEngine: "script"`, so that the engine does not serve the
// ring on its own at the same time. A scripted buffer carries no frame: its bytes are a fill
// pattern, and a scripted completion moves no data (its `len` is what the device claims).
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import type { Backplane } from './backplane';
import type { BackplaneConfig } from './config';
import type { Sg } from './split-driver';
import type { RingDevice, RingDriver } from './ring-api';
import type { Chain } from './vringh';
import * as say from './words';

/** A scripted chain fits in one driver buffer slot (net-driver.ts BUF_STRIDE). */
const MAX_CHAIN_BYTES = 0x800;
const QUEUES = ['tx', 'rx'] as const;
type Queue = (typeof QUEUES)[number];

function readQueue(args: Reader): void {
  args.at('queue').string({ oneOf: QUEUES, hint: "the host's transmitq (tx) or receiveq (rx)" });
}

function needsScript(name: string, args: Reader, issues: IssueList, cfg: BackplaneConfig): void {
  if (cfg.agentEngine !== 'script')
    issues.add(args.path, `${name} moves the agent's device by hand`, 'set the node\'s config "agentEngine": "script"');
}

function readLens(r: Reader): number[] {
  return (r.array(false) ?? []).map((x) => x.number({ integer: true, min: 0, max: MAX_CHAIN_BYTES }) ?? 0);
}

export const ringCommands = {
  'vq-add': (args: Reader, issues: IssueList, cfg: BackplaneConfig): void => {
    args.onlyKeys(['queue', 'out', 'in', 'kick']);
    readQueue(args);
    const out = readLens(args.at('out'));
    const inn = readLens(args.at('in'));
    args.at('kick').boolean({ default: false });
    const pieces = out.length + inn.length;
    const bytes = [...out, ...inn].reduce((a, b) => a + b, 0);
    if (pieces === 0) issues.add(args.path, 'a chain needs at least one piece', 'give "out" and/or "in" lengths');
    if (pieces > cfg.queueSize)
      issues.add(args.path, `${pieces} pieces do not fit a ring of ${cfg.queueSize} descriptors`);
    if (bytes > MAX_CHAIN_BYTES)
      issues.add(args.path, `${bytes} bytes in one chain`, `a scripted chain holds at most ${MAX_CHAIN_BYTES} bytes`);
  },
  'vq-kick': (args: Reader): void => {
    args.onlyKeys(['queue']);
    readQueue(args);
  },
  'vq-get-buf': (args: Reader): void => {
    args.onlyKeys(['queue']);
    readQueue(args);
  },
  'vq-take': (args: Reader, issues: IssueList, cfg: BackplaneConfig): void => {
    args.onlyKeys(['queue']);
    readQueue(args);
    needsScript('vq-take', args, issues, cfg);
  },
  'vq-complete': (args: Reader, issues: IssueList, cfg: BackplaneConfig): void => {
    args.onlyKeys(['queue', 'len']);
    readQueue(args);
    args.at('len').number({ required: false, integer: true, min: 0, max: 0xffff_ffff });
    needsScript('vq-complete', args, issues, cfg);
  },
};

export type RingCommand = keyof typeof ringCommands;
export const isRingCommand = (name: string): name is RingCommand => Object.hasOwn(ringCommands, name);

/** Chains the scripted device has taken and not completed, per host queue, oldest first. */
export class TakenChains {
  readonly tx: Chain[] = [];
  readonly rx: Chain[] = [];
}

function driverOf(bp: Backplane, q: Queue): RingDriver<unknown> {
  return (q === 'tx' ? bp.hostNet.tx : bp.hostNet.rx) as RingDriver<unknown>;
}

function deviceOf(bp: Backplane, q: Queue): RingDevice {
  return q === 'tx' ? bp.engine.hostTx : bp.engine.hostRx;
}

/** Run one ring command on the CPU it belongs to (the caller has put that CPU at ctx.now). */
export function runRingCommand(bp: Backplane, name: RingCommand, args: Record<string, unknown>): void {
  const q = args.queue as Queue;
  if (name === 'vq-add') return scriptedAdd(bp, q, args);
  if (name === 'vq-kick') {
    if (driverOf(bp, q).kickPrepare()) bp.hostNotifyQueue(q);
    return;
  }
  if (name === 'vq-get-buf') {
    driverOf(bp, q).getBuf();
    return;
  }
  if (name === 'vq-take') return scriptedTake(bp, q);
  scriptedComplete(bp, q, args.len as number | undefined);
}

function scriptedAdd(bp: Backplane, q: Queue, args: Record<string, unknown>): void {
  const drv = driverOf(bp, q);
  const out = (args.out as number[] | undefined) ?? [];
  const inn = (args.in as number[] | undefined) ?? [];
  const base = (q === 'tx' ? bp.hostNet.opts.txBufBase : bp.hostNet.opts.rxBufBase) + MAX_CHAIN_BYTES * drv.freeHead;
  const sgs: Sg[] = [];
  let at = base;
  for (const len of out) {
    // The driver wrote these bytes with cached stores; dma_map_single(DMA_TO_DEVICE) cleans them.
    bp.host.write(at, new Uint8Array(len).fill(0x5a));
    bp.host.clean(at, len);
    sgs.push({ addr: at, len, write: false });
    at += len;
  }
  for (const len of inn) {
    // dma_map_single(DMA_FROM_DEVICE): clean, then drop, so no line is later evicted over DMA data.
    bp.host.clean(at, len);
    bp.host.invalidate(at, len);
    sgs.push({ addr: at, len, write: true });
    at += len;
  }
  bp.step({
    layer: 'L2',
    kind: 'decide',
    decision: say.scriptedAdd(drv.opts.name, out, inn, base),
    source: `scenario vq-add -> virtqueue_add_${'packed' in drv ? 'packed' : 'split'} (no reclaim first)`,
    detail: { op: 'vq-add', queue: drv.opts.name, out, in: inn, buf: base },
  });
  const token = q === 'tx' ? { packet: undefined, buf: base } : base;
  const head = drv.add(sgs, token);
  if (head !== 'ENOSPC' && args.kick === true && drv.kickPrepare()) bp.hostNotifyQueue(q);
}

function scriptedTake(bp: Backplane, q: Queue): void {
  const dev = deviceOf(bp, q);
  const head = dev.getHead();
  if (head === undefined) return;
  const chain = typeof head === 'string' ? head : dev.getChain(head);
  if (typeof chain === 'string') {
    bp.step({
      layer: 'memory',
      kind: 'drop',
      decision: say.deviceEngineStopsVringh(chain),
      source: 'vringh_bad',
      detail: { op: 'ring-error', queue: dev.opts.name, error: chain },
    });
    return;
  }
  bp.taken[q].push(chain);
  bp.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.scriptedTake(dev.opts.name, chain.head, chain.riov.length, chain.wiov.length, bp.taken[q].length),
    source:
      'packed' in dev
        ? 'scenario vq-take (QEMU virtqueue_packed_pop)'
        : 'scenario vq-take (__vringh_get_head, __vringh_iov)',
    detail: { op: 'vq-take', queue: dev.opts.name, head: chain.head, held: bp.taken[q].length },
  });
}

function scriptedComplete(bp: Backplane, q: Queue, len: number | undefined): void {
  const dev = deviceOf(bp, q);
  const chain = bp.taken[q].shift();
  if (!chain) {
    bp.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.scriptedNothingTaken(dev.opts.name),
      source: 'scenario vq-complete',
      detail: { op: 'vq-complete-none', queue: dev.opts.name },
    });
    return;
  }
  const claimed = len ?? (q === 'rx' ? chain.wiov.reduce((s, x) => s + x.len, 0) : 0);
  dev.complete(chain.head, claimed);
  if (dev.needNotify()) bp.interruptHostFor(dev.opts.name);
}
