// A guest (or container) transmits on its macvlan: macvlan_start_xmit → macvlan_queue_xmit.
// Only BRIDGE mode looks at the destination: multicast gets local copies to the other
// BRIDGE macvlans and then goes to the wire; unicast to a BRIDGE macvlan goes through
// dev_forward_skb(lowerdev) back into the receive path. Everything else goes out of the
// lower device (dev_queue_xmit), VEPA and PRIVATE always.
import type { DeviceContext, Packet } from '../../sim/device';
import { formatMac, isMulticastMac } from '../../frame/address';
import type { MacvlanHost } from './host';
import { MODE_BITS, type MacvlanDev } from './types';
import { macvlanBroadcast } from './broadcast';
import { deliverToDev, tap } from './receive';
import * as say from './words';

export function transmitFromGuest(h: MacvlanHost, ctx: DeviceContext, port: string, packet: Packet): void {
  const v = h.devs.get(port);
  if (!v) {
    ctx.drop(packet, {
      decision: say.deviceAnyMoreDeleted(port),
      source: 'macvlan_dellink',
      port,
    });
    return;
  }
  if (!v.up) {
    // A down software device (IFF_NO_QUEUE) drops in __dev_queue_xmit and counts the core
    // stat tx_dropped, which dev_get_stats adds to macvlan_dev_get_stats64's tx_dropped.
    h.bump(ctx, v, 'tx_dropped');
    ctx.drop(packet, {
      decision: say.downDownInterfaceTransmits(port),
      source: '__dev_queue_xmit (!(dev->flags & IFF_UP): dev_core_stats_tx_dropped_inc)',
      port,
    });
    return;
  }
  const dst = packet.bytes.subarray(0, 6);
  if (v.mode === 'bridge') {
    if (isMulticastMac(dst)) {
      ctx.note(
        'decide',
        {
          decision: say.bridgeDestinationMulticastBroadcast(port, formatMac(dst)),
          source: 'macvlan_queue_xmit (MACVLAN_MODE_BRIDGE, is_multicast_ether_addr)',
          port,
          reads: ['eth.dst'],
        },
        packet,
      );
      macvlanBroadcast(h, ctx, packet, v, MODE_BITS.bridge, {
        how: 'local',
        keep: true,
        maskWhy: say.maskBridgeLocalDelivery(port),
      });
      return toWire(h, ctx, v.name, packet, 'then the frame also goes out');
    }
    const l = h.port.lookup(dst);
    const dest = l.found;
    ctx.note(
      'decide',
      {
        decision: say.bridgeLookDestinationUp(dest, port, formatMac(dst), l.bucket),
        source: 'macvlan_queue_xmit → macvlan_hash_lookup(port, eth->h_dest)',
        port,
        reads: ['eth.dst'],
        detail: { lookup: 'tx-dst', mac: formatMac(dst), bucket: l.bucket, chain: l.chain, found: dest?.name ?? null },
      },
      packet,
    );
    if (dest && dest.mode === 'bridge' && h.cfg.era === '2.6.33') {
      countTx(h, ctx, v, packet);
      h.bump(ctx, dest, 'rx_packets');
      h.bump(ctx, dest, 'rx_bytes', packet.bytes.length);
      deliverToDev(h, ctx, dest, packet, {
        decision: say.bridgeFrameGoesStraight(dest.name, h.lowerName),
        source: 'macvlan_queue_xmit (2.6.33: dest->forward)',
        reads: ['eth.dst'],
        detail: { tx: 'bridge-local', target: dest.name },
      });
      return;
    }
    if (dest && dest.mode === 'bridge') {
      countTx(h, ctx, v, packet);
      ctx.note(
        'forward',
        {
          decision: say.bridgeFrameHandedReceive(dest.name, h.lowerName),
          source: 'macvlan_queue_xmit → dev_forward_skb(vlan->lowerdev)',
          port,
          detail: { tx: 'bridge-local', target: dest.name },
        },
        packet,
      );
      h.reenter(ctx, packet);
      return;
    }
    return toWire(
      h,
      ctx,
      v.name,
      packet,
      dest ? say.bridgeFrameGoesOut(dest.name, dest.mode.toUpperCase()) : say.destinationLocalFrameGoes(),
    );
  }
  toWire(h, ctx, v.name, packet, say.localLookupAllFrame(port, v.mode.toUpperCase()));
}

/**
 * macvlan_start_xmit: NET_XMIT_SUCCESS (dev_forward_skb's path always returns it) adds one
 * tx packet and skb->len bytes, the whole frame with its Ethernet header. A macvtap's guest
 * frames come through tap_get_user → dev_queue_xmit to the same function.
 */
function countTx(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev, packet: Packet): void {
  h.bump(ctx, v, 'tx_packets');
  h.bump(ctx, v, 'tx_bytes', packet.bytes.length);
}

function toWire(h: MacvlanHost, ctx: DeviceContext, from: string, packet: Packet, why: string): void {
  const v = h.devs.get(from)!;
  countTx(h, ctx, v, packet);
  tap(h, ctx, packet, 'tx', say.tcpdumpSeesFrameLeave(h.lowerName, from));
  ctx.send(
    h.lowerName,
    packet.bytes,
    {
      decision: say.skbDevDevQueue(why, h.lowerName),
      source: 'macvlan_queue_xmit (xmit_world)',
      reads: ['eth.dst'],
      detail: { tx: 'wire', from },
    },
    packet,
  );
}
