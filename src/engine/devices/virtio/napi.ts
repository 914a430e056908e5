// virtio_net's NAPI paths (drivers/net/virtio_net.c, v5.15, napi_tx on), on top of the callback
// control in callbacks.ts:
//   skb_recv_done / skb_xmit_done   the interrupt: virtqueue_disable_cb, then schedule the poll
//                                    (virtqueue_napi_schedule; once scheduled, a second
//                                    interrupt adds nothing: napi_schedule_prep fails).
//   virtnet_poll                     take up to the budget (virtnet_receive); refill only when
//                                    num_free > min(budget, ring size) / 2; below the budget,
//                                    complete: virtqueue_enable_cb_prepare, then virtqueue_poll,
//                                    and poll again if a buffer slipped in.
//   virtnet_poll_tx                  disable, reclaim (free_old_xmit_skbs), wake the queue with
//                                    room for 2 + MAX_SKB_FRAGS, enable_cb_prepare, poll.
//   start_xmit                       disable, reclaim, and on the last frame of a burst
//                                    (the one that kicks) virtqueue_enable_cb_delayed, looping
//                                    while it reports that three quarters are already used.
import { disableCb, enableCbDelayed, enableCbPrepare, pollUsed } from './callbacks';
import type { CbDriver } from './callbacks';
import type { VirtioNet } from './net-driver';
import * as say from './words';

const scheduled = new WeakMap<VirtioNet, { rx: boolean; tx: boolean }>();
const flags = (n: VirtioNet): { rx: boolean; tx: boolean } => {
  let f = scheduled.get(n);
  if (!f) scheduled.set(n, (f = { rx: false, tx: false }));
  return f;
};

const vq = (n: VirtioNet, q: 'rx' | 'tx'): CbDriver => (q === 'rx' ? n.rx : n.tx) as CbDriver;

/** virtqueue_napi_schedule: the interrupt turns callbacks off and leaves the work to the poll. */
export function napiSchedule(n: VirtioNet, q: 'rx' | 'tx'): void {
  const f = flags(n);
  if (f[q]) return;
  f[q] = true;
  disableCb(vq(n, q));
  n.env.rec.step({
    layer: 'L2',
    kind: 'decide',
    decision: say.napiScheduled(n.opts.side, q),
    source: q === 'rx' ? 'skb_recv_done -> virtqueue_napi_schedule' : 'skb_xmit_done -> virtqueue_napi_schedule',
    detail: { op: 'napi-schedule', queue: vq(n, q).opts.name },
  });
  n.env.later(`${n.opts.side} napi ${q}`, () => (q === 'rx' ? pollRx(n) : pollTx(n)));
}

/** virtnet_poll: receive within the budget, refill past the threshold, complete or go on. */
function pollRx(n: VirtioNet): void {
  const budget = n.opts.napiBudget;
  const got = n.receive(budget);
  const threshold = Math.floor(Math.min(budget, n.rx.num) / 2);
  const refill = n.rx.numFree > threshold;
  n.env.rec.step({
    layer: 'L2',
    kind: 'decide',
    decision: say.napiPollRx(n.opts.side, got, budget, n.rx.numFree, threshold, refill),
    source: 'virtnet_poll / virtnet_receive (refill when num_free > min(budget, size) / 2)',
    detail: { op: 'napi-poll', queue: n.rx.opts.name, received: got, budget, numFree: n.rx.numFree, refill },
  });
  if (refill) n.fillRx();
  if (got >= budget) {
    n.env.later(`${n.opts.side} napi rx`, () => pollRx(n));
    return;
  }
  complete(n, 'rx');
}

/** virtnet_poll_tx. */
function pollTx(n: VirtioNet): void {
  disableCb(vq(n, 'tx'));
  const freed = n.freeOldXmit();
  const wake = n.stopped && n.tx.numFree >= Math.min(n.opts.stopThreshold, n.tx.num);
  n.env.rec.step({
    layer: 'L2',
    kind: 'decide',
    decision: say.napiPollTx(n.opts.side, freed, n.tx.numFree, wake),
    source: 'virtnet_poll_tx (free_old_xmit_skbs, netif_tx_wake_queue)',
    detail: { op: 'napi-poll', queue: n.tx.opts.name, freed, numFree: n.tx.numFree, wake },
  });
  if (wake) {
    n.stopped = false;
    n.drainBacklog();
  }
  complete(n, 'tx');
}

/** virtqueue_napi_complete: callbacks on, then look once more for what slipped in. */
function complete(n: VirtioNet, q: 'rx' | 'tx'): void {
  const d = vq(n, q);
  const opaque = enableCbPrepare(d);
  flags(n)[q] = false;
  if (pollUsed(d, opaque)) napiSchedule(n, q);
}

/** start_xmit's reclaim with TX NAPI: disable, free, and on the kicking frame enable_cb_delayed. */
export function napiXmitReclaim(n: VirtioNet, kick: boolean): void {
  const d = vq(n, 'tx');
  for (;;) {
    disableCb(d);
    n.freeOldXmit();
    if (!kick || enableCbDelayed(d)) return;
  }
}
