// The agent's device engine loop: what wakes it (the host's notify word, found in BAR0 by the
// doorbell handler of board.ts; its own driver's local kick; its polling thread) and how it runs: one packet per pass, DMA waits, then it
// yields the CPU, and it re-enables notifications only when a ring is empty (vhost-style).
import type { Backplane } from './backplane';
import type { CrossedWires, Direction } from './crossed-wires';
import * as say from './words';

/** The agent's own driver kicks its own device: a function call on the same CPU. */
export function localKick(bp: Backplane, q: 'rx' | 'tx'): void {
  bp.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.agentDriverKicksLocal(q.toUpperCase()),
    source: 'pci-epf-vnet: epf_vnet_vdev_notify',
    detail: { op: 'local-kick', queue: q },
  });
  bp.after(bp.agent, 0, 'local kick', () => kicked(bp, q === 'tx' ? 'agent-to-host' : 'host-to-agent', q === 'rx'));
}

/**
 * A kick on a TX queue starts the engine for that direction; a kick on an RX queue
 * (new receive buffers) matters only if a packet is waiting for one.
 */
export function kicked(bp: Backplane, dir: Direction, rxRefill: boolean): void {
  if (!rxRefill) return service(bp, dir);
  if (bp.engine.waiting[dir]) {
    bp.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.newReceiveBuffersPacket(dir),
      source: 'pci-epf-vnet rx refill notify',
      detail: { op: 'resume', dir },
    });
    service(bp, dir);
  }
}

/** Device engine loop for one direction: one packet per run, then yield the CPU. */
export function service(bp: Backplane, dir: Direction): void {
  if (bp.busy[dir]) return;
  if (bp.engine.broken !== undefined) {
    bp.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.deviceBrokenIgnores(dir, bp.engine.broken),
      source: 'QEMU virtqueue_pop (vdev->broken: nothing is popped until reset)',
      detail: { op: 'broken', dir },
    });
    return;
  }
  if (bp.cfg.agentEngine === 'script') {
    bp.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.scriptedEngineWaits(dir),
      source: 'lab set-up (agentEngine "script"): vq-take / vq-complete move the device',
      detail: { op: 'script-wait', dir },
    });
    return;
  }
  bp.busy[dir] = true;
  const txDev = dir === 'host-to-agent' ? bp.engine.hostTx : bp.engine.agentTx;
  txDev.notifyDisable();
  const loop = (): void => {
    let r: ReturnType<CrossedWires['step']>;
    try {
      r = bp.engine.step(dir);
    } catch (e) {
      // A descriptor pointing outside the agent's window (or outside RAM) is the ring's
      // fault, not the engine's: report it as vringh would and stop this direction.
      if (!(e instanceof RangeError)) throw e;
      r = e.message;
    }
    if (typeof r === 'object' && r.dma === false) {
      r.finish();
      bp.after(bp.agent, 0, `${dir} continue`, loop);
      return;
    }
    if (typeof r === 'object') {
      // The agent CPU waits for its DMA; the used entries are written when it completes.
      bp.after(bp.agent, 0, `${dir} DMA complete`, () => {
        bp.step({
          layer: 'bus',
          kind: 'decide',
          decision: say.agentDmaTransferComplete(),
          source: 'dma_sync_wait / dmaengine completion',
          detail: { op: 'dma-done', dir },
        });
        r.finish();
        bp.after(bp.agent, 0, `${dir} continue`, loop);
      });
      return;
    }
    if (r === 'empty') {
      if (!txDev.notifyEnable()) {
        txDev.notifyDisable();
        bp.after(bp.agent, 0, `${dir} continue`, loop);
        return;
      }
    } else if (r === 'no-rx') {
      // Out of receive buffers: ask for a kick when the driver adds some (vhost-net
      // handle_rx -> vhost_enable_notify), and look again in case they slipped in.
      const rxDev = dir === 'host-to-agent' ? bp.engine.agentRx : bp.engine.hostRx;
      if (!rxDev.notifyEnable()) {
        bp.after(bp.agent, 0, `${dir} continue`, loop);
        return;
      }
    } else if (r !== 'bad-chain') {
      // (A refused chain has said what happens next in its own step.)
      bp.step({
        layer: 'memory',
        kind: 'drop',
        decision: say.deviceEngineStopsVringh(r),
        source: 'vringh_bad',
        detail: { op: 'ring-error', dir, error: r },
      });
    }
    bp.busy[dir] = false;
  };
  loop();
}

export function poll(bp: Backplane): void {
  const dev = bp.engine.hostTx;
  // The agent polls the host's TX ring through its window, so it must know where the ring is:
  // until the set-up doorbell it does not (the host's BAR0 writes told it nothing).
  if (!bp.board.seen.ringsKnown) {
    bp.after(bp.agent, bp.cfg.agentPollNs, 'agent polls', () => poll(bp));
    return;
  }
  if (!bp.busy['host-to-agent']) {
    bp.quiet = true;
    const { more, seen, read } = dev.peek();
    bp.quiet = false;
    if (more) {
      bp.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.agentPollHostTx(seen),
        source: 'pci-epf-vnet polling thread',
        detail: { op: 'poll', ...read },
      });
      service(bp, 'host-to-agent');
    }
  }
  bp.after(bp.agent, bp.cfg.agentPollNs, 'agent polls', () => poll(bp));
}
