// The lower device's receive path: the NIC's filter, L2-forwarding-offload steering, the
// packet taps (tcpdump on the lower device, correction W11), then the rx_handler
// macvlan_handle_frame (drivers/net/macvlan.c, v6.x before the bc_cutoff change) and
// what RX_HANDLER_PASS hands to the lower device's own stack.
import type { DeviceContext, Explain, Packet } from '../../sim/device';
import { formatMac, isBroadcastMac, isMulticastMac, macEquals } from '../../frame/address';
import type { MacvlanHost } from './host';
import type { MacvlanDev } from './types';
import { enqueueBroadcast, macvlanBroadcast, receiveMask } from './broadcast';
import { classifyMulticast } from './filters';
import { maskNames } from './types';
import { countsAfterQueueing, tapReceive, type RxCount } from './macvtap';
import { hexType, protocolOf, ptypeHandler } from '../stack/protocols';
import * as say from './words';

const dstOf = (p: Packet): Uint8Array => p.bytes.subarray(0, 6);
const srcOf = (p: Packet): Uint8Array => p.bytes.subarray(6, 12);

export function receiveFromWire(h: MacvlanHost, ctx: DeviceContext, packet: Packet): void {
  const port = h.lowerName;
  const dst = dstOf(packet);
  const acc = h.nicAccepts(dst);
  if (!acc.ok) {
    ctx.drop(packet, {
      decision: say.nicDropsFrameHardware(acc.why),
      source: '__dev_set_rx_mode, dev_uc_add/dev_uc_del (NIC unicast filter)',
      port,
      reads: ['eth.dst'],
    });
    return;
  }
  if (!isMulticastMac(dst)) {
    const station = [...h.devs.values()].find((v) => v.up && v.offloaded && macEquals(v.mac, 0, dst));
    if (station) {
      ctx.count('offload_rx');
      deliverToDev(h, ctx, station, packet, {
        decision: say.nicMatchesOffloadStation(formatMac(dst), station.name, port),
        source: 'macvlan_open → ndo_dfwd_add_station (NETIF_F_HW_L2FW_DOFFLOAD)',
        reads: ['eth.dst'],
        detail: { demux: 'nic-queue', station: station.name, where: 'NIC' },
      });
      return;
    }
  }
  // One pass through the host's software: the receive softirq and macvlan_handle_frame. A frame
  // the NIC's filter dropped or a station steered never got here: the silicon decided those,
  // and a station's queue hands its frame straight to the macvlan's net_device (skb->dev is the
  // macvlan's), as a VF's queue hands it to the VF's: that is the guest device's own receive.
  h.cpu?.charge(ctx, packet.bytes.length);
  tap(h, ctx, packet, 'rx', say.nicAcceptsTcpdumpSees(acc.why, port));
  handleFrame(h, ctx, packet, false);
}

export function tap(h: MacvlanHost, ctx: DeviceContext, packet: Packet, dir: 'rx' | 'tx', decision: string): void {
  ctx.count(`tcpdump ${h.lowerName}`);
  ctx.note(
    'decide',
    {
      decision,
      source:
        dir === 'rx'
          ? '__netif_receive_skb_core (ptype_all taps before rx_handler)'
          : 'dev_queue_xmit_nit (ptype_all taps on transmit)',
      port: h.lowerName,
      detail: { capture: h.lowerName, dir },
    },
    packet,
  );
}

/** macvlan_handle_frame. `forwarded`: the frame came back in through dev_forward_skb. */
export function handleFrame(h: MacvlanHost, ctx: DeviceContext, packet: Packet, forwarded: boolean): void {
  const port = h.lowerName;
  h.lastLowerRx = ctx.now;
  if (forwarded) tap(h, ctx, packet, 'rx', say.frameReEntersReceive(port));
  const dst = dstOf(packet);
  const src = srcOf(packet);
  if (isMulticastMac(dst)) {
    ctx.note(
      'decide',
      {
        decision: say.destinationGroupBitSet(dst),
        source: 'macvlan_handle_frame (is_multicast_ether_addr)',
        port,
        reads: ['eth.dst'],
      },
      packet,
    );
    if (forwardSource(h, ctx, packet)) return;
    const l = h.port.lookup(src);
    const found = l.found;
    ctx.note(
      'decide',
      {
        decision: say.srcLookup(found, formatMac(src), l.bucket, l.chain),
        source: 'macvlan_handle_frame → macvlan_hash_lookup(port, eth->h_source)',
        port,
        reads: ['eth.src'],
        detail: {
          lookup: 'src',
          mac: formatMac(src),
          bucket: l.bucket,
          chain: l.chain,
          found: found?.name ?? null,
          where: 'host CPU',
        },
      },
      packet,
    );
    if (h.cfg.era === '2.6.33') return oldMulticast(h, ctx, packet, found);
    if (found && found.mode !== 'vepa' && found.mode !== 'bridge') {
      // "forward to original port" jumps to `out` with len still 0: macvlan_count_rx(vlan, 0,
      // success, false) adds one rx packet, no bytes and no multicast.
      h.bump(ctx, found, 'rx_packets');
      deliverToDev(h, ctx, found, packet, {
        decision: say.senderNeitherVepaNor(found.name, found.mode.toUpperCase(), port),
        source: 'macvlan_handle_frame (src->mode != VEPA && != BRIDGE, RX_HANDLER_CONSUMED)',
        reads: ['eth.src'],
        detail: { rx: 'src-only', target: found.name },
      });
      return;
    }
    const f = classifyMulticast(h, dst);
    if (f.path === 'queue') enqueueBroadcast(h, ctx, packet, found, f.why);
    else if (f.path === 'inline') {
      const { mask, why } = receiveMask(found);
      macvlanBroadcast(h, ctx, packet, found, mask, {
        how: 'inline',
        keep: true,
        maskWhy: `${f.why}; ${why}, so the mask is ${maskNames(mask)}`,
      });
    } else
      ctx.note(
        'decide',
        {
          decision: say.copiesMacvlans(f.why),
          source:
            h.cfg.mcastPath === 'queue-all'
              ? 'macvlan_handle_frame (test_bit(hash, port->mc_filter))'
              : 'macvlan_handle_frame (bc_filter, mc_filter)',
          port,
          reads: ['eth.dst'],
        },
        packet,
      );
    lowerStack(h, ctx, packet, say.rxHandlerPassFrame(f));
    return;
  }
  if (forwardSource(h, ctx, packet)) return;
  let target: MacvlanDev | undefined;
  if (h.port.passthru) {
    target = h.port.vlans[0];
    ctx.note(
      'decide',
      {
        decision: say.passthruPortHashLookup(target),
        source: 'macvlan_handle_frame (list_first_or_null_rcu(&port->vlans))',
        port,
        reads: ['eth.dst'],
        detail: { lookup: 'passthru', found: target?.name ?? null },
      },
      packet,
    );
  } else {
    const l = h.port.lookup(dst);
    target = l.found;
    ctx.note(
      'decide',
      {
        decision: say.dstLookup(target, formatMac(dst), l.bucket, l.chain),
        source: 'macvlan_handle_frame → macvlan_hash_lookup(port, eth->h_dest)',
        port,
        reads: ['eth.dst'],
        detail: {
          lookup: 'dst',
          mac: formatMac(dst),
          bucket: l.bucket,
          chain: l.chain,
          found: target?.name ?? null,
          where: 'host CPU',
        },
      },
      packet,
    );
  }
  if (!target) return lowerStack(h, ctx, packet, say.rxHandlerPassMacvlan());
  if (target.mode === 'source') return lowerStack(h, ctx, packet, say.rxHandlerPassSource(target.name));
  if (!target.up) {
    ctx.drop(packet, {
      decision: say.passthruMacvlanDownKfree(target.name),
      source: 'macvlan_handle_frame (!(dev->flags & IFF_UP))',
      port,
    });
    return;
  }
  // Today macvlan counts before the upper device sees the frame; the v3.13 macvtap is counted
  // on its answer (tapReceive), so a frame it drops is rx_errors only.
  const rx: RxCount = { bytes: packet.bytes.length, multicast: false };
  if (!countsAfterQueueing(target)) {
    h.bump(ctx, target, 'rx_packets');
    h.bump(ctx, target, 'rx_bytes', rx.bytes);
  }
  deliverToDev(
    h,
    ctx,
    target,
    packet,
    {
      decision: say.deliveredUnicast(target.name, port),
      source: 'macvlan_handle_frame (RX_HANDLER_ANOTHER)',
      reads: ['eth.dst'],
      detail: { rx: 'unicast', target: target.name },
    },
    rx,
  );
}

/**
 * The 2.6.33 multicast branch (commit 618e1b7482f7): no source mode, no queue, no filter.
 * A PRIVATE sender's reflected frame reaches no macvlan at all; everything else is
 * flooded inline by mask; the lower device's stack always gets the frame.
 */
function oldMulticast(h: MacvlanHost, ctx: DeviceContext, packet: Packet, found: MacvlanDev | undefined): void {
  if (found && found.mode === 'private') {
    ctx.note(
      'decide',
      {
        decision: say.senderPrivateReflectedFrame(found.name),
        source: 'macvlan_handle_frame (2.6.33, src->mode == PRIVATE)',
        port: h.lowerName,
        reads: ['eth.src'],
      },
      packet,
    );
  } else {
    const { mask, why } = receiveMask(found, true);
    macvlanBroadcast(h, ctx, packet, found, mask, {
      how: 'old',
      keep: true,
      maskWhy: `${why}, so the mask is ${maskNames(mask)}`,
    });
  }
  lowerStack(h, ctx, packet, say.caseFrameGoesUp());
}

/** macvlan_forward_source: clones for SOURCE macvlans listing the sender; true = consume (nodst). */
function forwardSource(h: MacvlanHost, ctx: DeviceContext, packet: Packet): boolean {
  const src = srcOf(packet);
  const matches = h.port.sourceMatches(src);
  if (!matches.length) return false;
  let consume = false;
  for (const e of matches) {
    if (e.vlan.nodst) consume = true;
    if (!e.vlan.up) {
      ctx.note(
        'decide',
        {
          decision: say.sourceListDownCopy(formatMac(src), e.vlan.name),
          source: 'macvlan_forward_source_one (IFF_UP)',
          port: h.lowerName,
          reads: ['eth.src'],
        },
        packet,
      );
      continue;
    }
    const own = macEquals(packet.bytes, 0, e.vlan.mac);
    h.bump(ctx, e.vlan, 'rx_packets');
    h.bump(ctx, e.vlan, 'rx_bytes', packet.bytes.length);
    deliverToDev(h, ctx, e.vlan, ctx.clone(packet), {
      decision: say.sourceModeSenderSource(own, formatMac(src), e.vlan.name),
      source: 'macvlan_forward_source → macvlan_forward_source_one',
      reads: ['eth.src'],
      detail: { rx: 'source', target: e.vlan.name },
    });
  }
  if (consume) {
    ctx.drop(packet, {
      decision: say.sourceMacvlanListingNodst(formatMac(src), h.lowerName),
      source: 'macvlan_handle_frame (macvlan_forward_source returned true: MACVLAN_FLAG_NODST)',
      port: h.lowerName,
      reads: ['eth.src'],
    });
  }
  return consume;
}

/** RX_HANDLER_PASS: the lower device's own protocol stack. */
export function lowerStack(h: MacvlanHost, ctx: DeviceContext, packet: Packet, why: string): void {
  const port = h.lowerName;
  const dst = dstOf(packet);
  const handler = ptypeHandler(packet.bytes);
  if (!handler) {
    // No packet_type for this protocol (the lower device's taps ran before the rx_handler and
    // do not count): __netif_receive_skb_core frees it and counts the lower's core rx_dropped.
    h.bumpLower(ctx, 'rx_dropped');
    ctx.drop(packet, {
      decision: say.noProtocolTakesFrame(why, port, hexType(protocolOf(packet.bytes)), h.lowerStats.rx_dropped),
      source: NO_HANDLER_SOURCE,
      port,
      reads: ['eth.type'],
      detail: { rx: 'lower-stack' },
    });
    return;
  }
  const own = macEquals(h.cfg.lower.mac, 0, dst);
  if (own || isBroadcastMac(dst) || (isMulticastMac(dst) && h.cfg.lower.mcast.some((g) => macEquals(g, 0, dst)))) {
    h.bumpLower(ctx, 'stack_rx');
    const kind = own ? 'PACKET_HOST' : isBroadcastMac(dst) ? 'PACKET_BROADCAST' : 'PACKET_MULTICAST';
    ctx.deliver(packet, {
      decision: say.ownStackReceives(why, port, kind),
      source: 'macvlan_handle_frame → RX_HANDLER_PASS → __netif_receive_skb_core',
      port,
      reads: ['eth.dst'],
      detail: { rx: 'lower-stack' },
    });
    return;
  }
  const reason = isMulticastMac(dst)
    ? `${port}'s own stack has not joined ${formatMac(dst)}`
    : say.packetOtherhostDestinationMac(formatMac(dst), port, handler);
  ctx.drop(packet, {
    decision: say.ownStackGetsFrame(why, port, reason),
    source: `macvlan_handle_frame → RX_HANDLER_PASS; ${handler} (PACKET_OTHERHOST)`,
    port,
    reads: ['eth.dst'],
    detail: { rx: 'lower-stack' },
  });
}

const NO_HANDLER_SOURCE = '__netif_receive_skb_core (no packet_type: dev_core_stats_rx_dropped_inc)';

/** The frame is now received on macvlan `v`: up the link to its owner, or into its tap queue. */
export function deliverToDev(
  h: MacvlanHost,
  ctx: DeviceContext,
  v: MacvlanDev,
  p: Packet,
  e: Explain,
  rx?: RxCount,
): void {
  if (v.macvtap) return tapReceive(h, ctx, v, p, e, rx);
  if (!ptypeHandler(p.bytes)) {
    ctx.note('forward', e, p);
    return upperNoHandler(h, ctx, v, p);
  }
  ctx.send(v.name, p.bytes, e, p);
}

/**
 * The frame goes round again in __netif_receive_skb_core with skb->dev = `v` (or is taken off
 * the backlog for it) and no protocol handler takes it: `v`'s core rx_dropped, which
 * macvlan_dev_get_stats64 does not see but dev_get_stats adds, so `ip -s link` shows it.
 */
export function upperNoHandler(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev, p: Packet): void {
  h.bump(ctx, v, 'core_rx_dropped');
  ctx.drop(p, {
    decision: say.noProtocolTakesUpper(
      v.name,
      hexType(protocolOf(p.bytes)),
      v.stats.rx_errors + v.stats.core_rx_dropped,
    ),
    source: NO_HANDLER_SOURCE,
    port: v.name,
    reads: ['eth.type'],
    detail: { target: v.name },
  });
}
