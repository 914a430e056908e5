// Broadcast and multicast replication: the port's broadcast queue with its length limit
// (macvlan_broadcast_enqueue), the worker that drains it (macvlan_process_broadcast, run
// from system_unbound_wq, so copies are asynchronous), and macvlan_broadcast with its
// mode mask, which the transmit side also calls inline for BRIDGE-mode local copies.
import type { DeviceContext, Packet } from '../../sim/device';
import { formatMac, isBroadcastMac } from '../../frame/address';
import type { MacvlanHost } from './host';
import { MODE_BITS, maskNames, type MacvlanDev } from './types';
import { deliverToDev } from './receive';
import { countsAfterQueueing, type RxCount } from './macvtap';
import * as say from './words';

const ETH_P_PAUSE = 0x8808;
/** Ethernet header length, which macvlan_broadcast adds to skb->len when it counts a copy. */
export const ETH_HLEN = 14;

export function enqueueBroadcast(
  h: MacvlanHost,
  ctx: DeviceContext,
  packet: Packet,
  src: MacvlanDev | undefined,
  why: string,
): void {
  const port = h.lowerName;
  const c = ctx.clone(packet);
  const used = h.port.bcQueueLenUsed;
  if (h.bcQueue.length < used) {
    h.bcQueue.push({ pkt: c, src });
    h.publishQueue(ctx);
    ctx.hold(c, {
      decision: say.queuedForWorker(src, why, h.bcQueue.length, used),
      source: 'macvlan_broadcast_enqueue',
      port,
      reads: ['eth.dst'],
      detail: { bcqueue: h.bcQueue.length, used },
    });
  } else {
    h.bumpLower(ctx, 'rx_dropped');
    ctx.drop(c, {
      decision: say.broadcastQueueFull(h.bcQueue.length, used, port, h.lowerStats.rx_dropped),
      source: 'macvlan_broadcast_enqueue (skb_queue_len >= bc_queue_len_used)',
      port,
      detail: { bcqueue: h.bcQueue.length, used, overflow: true },
    });
  }
  if (!h.bcWorkerPending) {
    h.bcWorkerPending = true;
    ctx.schedule(h.cfg.bcWorkerDelayNs, 'macvlan_process_broadcast', (c2) => workerDue(h, c2));
  }
}

/**
 * The worker is due. On a busy CPU it cannot run while the receive softirq still has frames
 * (process context waits for softirq to finish): it runs once no frame has arrived for
 * bcWorkerDelay.
 */
function workerDue(h: MacvlanHost, ctx: DeviceContext): void {
  const quietAt = h.lastLowerRx + h.cfg.bcWorkerDelayNs;
  if (h.cfg.bcWorkerCpu === 'busy' && quietAt > ctx.now) {
    ctx.schedule(quietAt - ctx.now, 'macvlan_process_broadcast (CPU busy with receive)', (c2) => workerDue(h, c2));
    return;
  }
  processBroadcast(h, ctx);
}

/** The mask macvlan_process_broadcast uses for a frame whose sender lookup gave `src`. */
export function receiveMask(src: MacvlanDev | undefined, old = false): { mask: number; why: string } {
  // 2.6.33 had no PASSTHRU mode, so its external-sender mask lacked that bit.
  const all = MODE_BITS.private | MODE_BITS.vepa | MODE_BITS.bridge | (old ? 0 : MODE_BITS.passthru);
  if (!src) return { mask: all, why: say.frameComesExternalAddress() };
  if (src.mode === 'vepa')
    return {
      mask: MODE_BITS.vepa | MODE_BITS.bridge,
      why: say.senderVepaFloodEveryone(src.name),
    };
  return {
    mask: MODE_BITS.vepa,
    why: say.senderFloodVepaPorts(src.name, src.mode.toUpperCase()),
  };
}

function processBroadcast(h: MacvlanHost, ctx: DeviceContext): void {
  h.bcWorkerPending = false;
  const list = h.bcQueue.splice(0);
  h.publishQueue(ctx);
  ctx.note('timer', {
    decision: say.broadcastWorkerRunsTakes(list.length),
    source: 'macvlan_process_broadcast',
    port: h.lowerName,
    layer: 'control',
    detail: { bcqueue: 0, spliced: list.length },
  });
  for (const q of list) {
    const { mask, why } = receiveMask(q.src);
    const n = macvlanBroadcast(h, ctx, q.pkt, q.src, mask, {
      how: 'worker',
      keep: false,
      maskWhy: `${why}, so the mask is ${maskNames(mask)}`,
    });
    if (n === 0) {
      ctx.drop(q.pkt, {
        decision: say.macvlanEligibleQueuedCopy(),
        source: 'macvlan_process_broadcast',
        port: h.lowerName,
      });
    }
  }
}

export interface FanoutEntry {
  readonly name: string;
  readonly mode: string;
  readonly bucket: number | null;
  readonly eligible: boolean;
  readonly why: string;
}

export interface BroadcastHow {
  /** worker: macvlan_process_broadcast; inline: macvlan_multicast_rx from the rx handler (v6.4+); local: a BRIDGE sender's transmit. */
  readonly how: 'worker' | 'inline' | 'local' | 'old';
  /** Only clone (the original goes on: to the wire, or up the lower device's stack). */
  readonly keep: boolean;
  readonly maskWhy: string;
}

const SOURCE = {
  worker: 'macvlan_process_broadcast → macvlan_broadcast',
  inline: 'macvlan_handle_frame → macvlan_multicast_rx → macvlan_broadcast',
  local: 'macvlan_queue_xmit → macvlan_broadcast(..., MACVLAN_MODE_BRIDGE)',
  old: 'macvlan_handle_frame → macvlan_broadcast (2.6.33, in softirq)',
} as const;

/**
 * macvlan_broadcast: walk every bucket, skip the sender (`vlan->dev == src`), modes
 * outside the mask and devices whose mc_filter lacks the destination; clone to the rest.
 * With `keep` only clones are made; otherwise the last eligible device gets `pkt` itself.
 * Returns how many copies were made.
 */
export function macvlanBroadcast(
  h: MacvlanHost,
  ctx: DeviceContext,
  pkt: Packet,
  src: MacvlanDev | undefined,
  mask: number,
  o: BroadcastHow,
): number {
  const local = o.how === 'local';
  const dst = pkt.bytes.subarray(0, 6);
  const ethertype = (pkt.bytes[12] << 8) | pkt.bytes[13];
  if (ethertype === ETH_P_PAUSE) {
    ctx.note(
      'decide',
      {
        decision: say.pauseFrameNeverReplicated(),
        source: 'macvlan_broadcast (ETH_P_PAUSE)',
        port: h.lowerName,
      },
      pkt,
    );
    return 0;
  }
  const fan: FanoutEntry[] = [];
  const eligible: MacvlanDev[] = [];
  for (const { bucket, vlan } of h.port.hashOrder()) {
    let why = 'eligible';
    if (vlan === src) why = say.senderItselfOwnCopy();
    else if (!(MODE_BITS[vlan.mode] & mask))
      why = `mode ${vlan.mode.toUpperCase()} is not in the mask ${maskNames(mask)}`;
    else if (!h.devFilterHas(vlan, dst)) why = say.multicastFilterLacksJoined(formatMac(dst));
    fan.push({ name: vlan.name, mode: vlan.mode, bucket, eligible: why === 'eligible', why });
    if (why === 'eligible') eligible.push(vlan);
  }
  for (const v of [...h.devs.values()].filter((d) => !h.port.inHash(d))) {
    fan.push({
      name: v.name,
      mode: v.mode,
      bucket: null,
      eligible: false,
      why: say.downHashTableMacvlan(v.name),
    });
  }
  const names = eligible.map((v) => v.name);
  ctx.note(
    'decide',
    {
      decision: say.fanOut(o.how, o.maskWhy, fan, names),
      source: SOURCE[o.how],
      port: h.lowerName,
      reads: ['eth.dst', 'eth.src'],
      detail: {
        fanout: fan,
        mask,
        maskNames: maskNames(mask),
        src: src?.name ?? null,
        local,
        how: o.how,
        where: 'host CPU',
      },
    },
    pkt,
  );
  const kind = isBroadcastMac(dst) ? 'PACKET_BROADCAST' : 'PACKET_MULTICAST';
  eligible.forEach((v, i) => {
    const copy = o.keep || i < eligible.length - 1 ? ctx.clone(pkt) : pkt;
    // Each copy is an skb_clone and one more netif_rx into a guest: software replication.
    h.cpu?.charge(ctx, pkt.bytes.length);
    // macvlan_count_rx(vlan, skb->len + ETH_HLEN, ..., true). On receive eth_type_trans has
    // pulled the header, so that is the frame's length; on a BRIDGE sender's transmit skb->data
    // is still at the Ethernet header, so the copy is counted 14 bytes (ETH_HLEN) too long.
    const rx: RxCount = { bytes: pkt.bytes.length + (local ? ETH_HLEN : 0), multicast: true };
    if (!countsAfterQueueing(v)) {
      h.bump(ctx, v, 'rx_packets');
      h.bump(ctx, v, 'rx_bytes', rx.bytes);
      h.bump(ctx, v, 'multicast');
    }
    deliverToDev(
      h,
      ctx,
      v,
      copy,
      {
        decision: say.localCopyBridgeDev(local, v, kind, pkt.bytes.length),
        source: local ? 'macvlan_broadcast_one (local: __dev_forward_skb)' : 'macvlan_broadcast_one → netif_rx',
        reads: ['eth.dst'],
        detail: { rx: local ? 'bridge-local' : 'broadcast', target: v.name },
      },
      rx,
    );
  });
  return eligible.length;
}
