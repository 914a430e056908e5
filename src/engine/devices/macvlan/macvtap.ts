// macvtap (drivers/net/tap.c): every frame the macvlan layer hands to a macvtap device
// is stolen by tap_handle_frame into one of the per-file queues (a ptr_ring sized by the
// macvtap netdev's tx_queue_len, 500 by default) that the guest's VMM reads through
// /dev/tapN. A full ring drops the frame and counts it on the macvtap as rx_errors, which
// the stats report as rx_dropped too; rx_packets was already counted by macvlan.
import type { DeviceContext, Explain, Packet } from '../../sim/device';
import type { MacvlanHost } from './host';
import type { MacvlanDev, ReaderConfig } from './types';
import { ptypeHandler } from '../stack/protocols';
import { upperNoHandler } from './receive';
import * as say from './words';

export interface TapQueue {
  readonly ring: Packet[];
  readerPending: boolean;
}

export interface TapState {
  readonly queues: TapQueue[];
  txqueuelen: number;
  reader: ReaderConfig;
}

export function tapStateFor(h: MacvlanHost, v: MacvlanDev): TapState {
  let t = h.taps.get(v.name);
  if (!t) {
    t = { queues: [], txqueuelen: v.macvtap!.txqueuelen, reader: v.macvtap!.reader };
    h.taps.set(v.name, t);
  }
  return t;
}

/** A stand-in for skb_get_hash: deterministic, never 0, same flow → same value. */
export function flowHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  const mix = (b: number): void => {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  };
  const type = (bytes[12] << 8) | bytes[13];
  mix(bytes[12]);
  mix(bytes[13]);
  if (type === 0x0800 && bytes.length >= 34) {
    for (let i = 26; i < 34; i++) mix(bytes[i]); // IPv4 source and destination
    mix(bytes[23]); // protocol
    const ihl = (bytes[14] & 0x0f) * 4;
    const l4 = 14 + ihl;
    if ((bytes[23] === 6 || bytes[23] === 17) && bytes.length >= l4 + 4)
      for (let i = l4; i < l4 + 4; i++) mix(bytes[i]);
  }
  return h || 1;
}

export function publishTap(ctx: DeviceContext, v: MacvlanDev, t: TapState): void {
  t.queues.forEach((q, i) => ctx.set(`tap/${v.name}/${i}`, q.ring.length));
  ctx.set(`tapcfg/${v.name}`, {
    queues: t.queues.length,
    txqueuelen: t.txqueuelen,
    everyNs: t.reader.everyNs,
    burst: t.reader.burst,
  });
}

/**
 * What the caller would have counted on `v` for this frame (macvlan_count_rx's len and
 * multicast). Given when the count waits for the macvtap's answer: v2.6.35-3.13 counted
 * after vlan->receive returned (`ret == NET_RX_SUCCESS`), today it counts before.
 */
export interface RxCount {
  readonly bytes: number;
  readonly multicast: boolean;
}

/** Whether macvlan counts a frame for `v` only after the macvtap queued it (the v3.13 macvtap). */
export const countsAfterQueueing = (v: MacvlanDev): boolean => v.macvtap?.era === '3.13';

export function tapReceive(
  h: MacvlanHost,
  ctx: DeviceContext,
  v: MacvlanDev,
  p: Packet,
  e: Explain,
  rx?: RxCount,
): void {
  const t = tapStateFor(h, v);
  ctx.note('forward', e, p);
  if (v.macvtap!.era === '2.6.34') return firstMacvtapReceive(h, ctx, v, t, p);
  if (v.macvtap!.era === '3.13' && rx) return oldMacvtapForward(h, ctx, v, t, p, rx);
  const n = t.queues.length;
  if (n === 0) {
    // RX_HANDLER_PASS: the macvtap's own stack, where an unknown protocol is rx_dropped.
    if (!ptypeHandler(p.bytes)) return upperNoHandler(h, ctx, v, p);
    ctx.deliver(p, {
      decision: say.processDevTapOpen(v.name),
      source: 'tap_handle_frame → tap_get_queue (numvtaps == 0)',
      port: v.name,
      detail: { tap: v.name, queue: null },
    });
    return;
  }
  let qi = 0;
  let how = say.queueOpenTakesFrame();
  if (n > 1) {
    const hash = flowHash(p.bytes);
    qi = hash % n;
    how = say.queuesOpenFlowHash(n, hash.toString(16), qi);
  }
  const q = t.queues[qi];
  if (q.ring.length >= t.txqueuelen) {
    h.bump(ctx, v, 'rx_errors');
    ctx.drop(p, {
      decision: say.queueFullTxQueue(v.name, qi, q.ring.length, t.txqueuelen, v.stats.rx_errors),
      source: 'tap_handle_frame (ptr_ring_produce fails → drop → count_rx_dropped)',
      port: v.name,
      detail: {
        tap: v.name,
        queue: qi,
        len: q.ring.length,
        cap: t.txqueuelen,
        overflow: true,
        rx_errors: v.stats.rx_errors,
      },
    });
    return;
  }
  q.ring.push(p);
  ctx.set(`tap/${v.name}/${qi}`, q.ring.length);
  ctx.hold(p, {
    decision: say.intoTapQueueHolds(v.name, qi, how, q.ring.length, t.txqueuelen),
    source: 'tap_handle_frame → tap_get_queue, ptr_ring_produce',
    port: v.name,
    detail: { tap: v.name, queue: qi, len: q.ring.length, cap: t.txqueuelen },
  });
  scheduleReader(h, ctx, v, t, q, qi);
}

/**
 * The macvtap of v2.6.35 to v3.13 (drivers/net/macvtap.c, macvtap_forward behind
 * vlan->receive): no open file or a full queue is `goto drop` → NET_RX_DROP, and
 * macvlan_handle_frame / macvlan_broadcast then call macvlan_count_rx(vlan, len,
 * ret == NET_RX_SUCCESS, multicast): rx_errors for a drop, rx_packets only once queued.
 */
function oldMacvtapForward(
  h: MacvlanHost,
  ctx: DeviceContext,
  v: MacvlanDev,
  t: TapState,
  p: Packet,
  rx: RxCount,
): void {
  const n = t.queues.length;
  const qi = n > 1 ? flowHash(p.bytes) % n : 0;
  const q = t.queues[qi];
  if (!q || q.ring.length >= t.txqueuelen) {
    h.bump(ctx, v, 'rx_errors');
    ctx.drop(p, {
      decision: q
        ? say.oldMacvtapQueueFull(v.name, qi, q.ring.length, t.txqueuelen, v.stats.rx_errors)
        : say.oldMacvtapNoFile(v.name, v.stats.rx_errors),
      source: q
        ? 'macvtap_forward (v3.13: skb_queue_len >= tx_queue_len → drop); macvlan_count_rx(…, false)'
        : 'macvtap_forward (v3.13: !q → drop); macvlan_count_rx(…, false)',
      port: v.name,
      detail: {
        tap: v.name,
        queue: q ? qi : null,
        ...(q && { len: q.ring.length, overflow: true }),
        cap: t.txqueuelen,
      },
    });
    return;
  }
  q.ring.push(p);
  h.bump(ctx, v, 'rx_packets');
  h.bump(ctx, v, 'rx_bytes', rx.bytes);
  if (rx.multicast) h.bump(ctx, v, 'multicast');
  ctx.set(`tap/${v.name}/${qi}`, q.ring.length);
  const how = n > 1 ? say.queuesOpenFlowHash(n, flowHash(p.bytes).toString(16), qi) : say.queueOpenTakesFrame();
  ctx.hold(p, {
    decision: say.oldMacvtapQueued(v.name, qi, how, q.ring.length, t.txqueuelen),
    source: 'macvtap_forward (v3.13: skb_queue_tail) → macvlan_count_rx(vlan, len, ret == NET_RX_SUCCESS)',
    port: v.name,
    detail: { tap: v.name, queue: qi, len: q.ring.length, cap: t.txqueuelen },
  });
  scheduleReader(h, ctx, v, t, q, qi);
}

/**
 * The first macvtap (v2.6.34 drivers/net/macvtap.c): macvtap_receive → macvtap_forward, one
 * queue per device (the file's sk_receive_queue). With no file open there is no queue and
 * the frame is not delivered (-ENOLINK); otherwise skb_queue_tail appends it with no length
 * check, so a guest that reads slower than frames arrive makes the host hold every frame.
 */
function firstMacvtapReceive(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev, t: TapState, p: Packet): void {
  const q = t.queues[0];
  if (!q) {
    ctx.drop(p, {
      decision: say.firstMacvtapNoFile(v.name),
      source: 'macvtap_forward (v2.6.34: no queue → -ENOLINK)',
      port: v.name,
      detail: { tap: v.name, queue: null },
    });
    return;
  }
  q.ring.push(p);
  ctx.set(`tap/${v.name}/0`, q.ring.length);
  ctx.hold(p, {
    decision: say.firstMacvtapQueued(v.name, q.ring.length),
    source: 'macvtap_forward (v2.6.34: skb_queue_tail(&q->sk.sk_receive_queue), no length check)',
    port: v.name,
    detail: { tap: v.name, queue: 0, len: q.ring.length, limit: null },
  });
  scheduleReader(h, ctx, v, t, q, 0);
}

function scheduleReader(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev, t: TapState, q: TapQueue, qi: number): void {
  if (q.readerPending) return;
  q.readerPending = true;
  ctx.schedule(t.reader.everyNs, `vmm-read ${v.name}/${qi}`, (c) => {
    q.readerPending = false;
    if (!t.queues.includes(q)) return;
    const take = q.ring.splice(0, t.reader.burst);
    c.set(`tap/${v.name}/${qi}`, q.ring.length);
    const era = v.macvtap!.era;
    // Before v3.14 macvtap_put_user counted every frame the VMM read once more.
    const again = era !== 'current';
    take.forEach((pkt, i) => {
      if (again) {
        h.bump(c, v, 'rx_packets');
        h.bump(c, v, 'rx_bytes', pkt.bytes.length);
      }
      c.send(
        v.name,
        pkt.bytes,
        {
          decision:
            say.guestVmmReadsFrame(
              i + 1,
              take.length,
              v.name,
              qi,
              t.reader.burst,
              t.reader.everyNs,
              q.ring.length,
              era === 'current' ? 'the ring' : 'the queue',
            ) + (again ? say.readCountsAgain(v.name, pkt.bytes.length) : ''),
          source:
            era === '2.6.34'
              ? 'macvtap_aio_read → skb_dequeue, macvtap_put_user → macvlan_count_rx (v2.6.34)'
              : era === '3.13'
                ? 'macvtap_do_read → skb_dequeue, macvtap_put_user → macvlan_count_rx (v3.13)'
                : 'tap_do_read (read on /dev/tapN, or vhost-net handle_rx)',
          detail: {
            tap: v.name,
            queue: qi,
            len: q.ring.length,
            ...(v.macvtap!.era === '2.6.34' ? { limit: null } : { cap: t.txqueuelen }),
            read: true,
          },
        },
        pkt,
      );
    });
    if (q.ring.length) scheduleReader(h, c, v, t, q, qi);
  });
}

/** Close one file: its ring's frames are freed with it (ptr_ring_cleanup). */
export function closeQueue(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev, t: TapState, qi: number): void {
  const [q] = t.queues.splice(qi, 1);
  for (const p of q.ring)
    ctx.drop(p, {
      decision: say.vmmClosedQueueFrames(v.name, qi),
      source: 'tap_release → tap_sock_destruct (ptr_ring_cleanup)',
      port: v.name,
    });
  q.ring.length = 0;
  ctx.set(`tap/${v.name}/${t.queues.length}`, undefined);
  publishTap(ctx, v, t);
}

/** tx_queue_len changed: rings are resized live; frames beyond the new size are dropped. */
export function resizeRings(ctx: DeviceContext, v: MacvlanDev, t: TapState, len: number): void {
  t.txqueuelen = len;
  // The 2.6.34 macvtap never read tx_queue_len: its queue has nothing to resize.
  if (v.macvtap!.era === '2.6.34') return publishTap(ctx, v, t);
  t.queues.forEach((q, i) => {
    const extra = q.ring.splice(len);
    for (const p of extra)
      ctx.drop(p, {
        decision: say.txQueueLenShrank(v.name, len, i),
        source: 'tap_queue_resize → ptr_ring_resize_multiple',
        port: v.name,
      });
  });
  publishTap(ctx, v, t);
}
