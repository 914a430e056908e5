// A guest (or container) transmits on its macvlan: macvlan_start_xmit → macvlan_queue_xmit.
// Only BRIDGE mode looks at the destination: multicast gets local copies to the other
// BRIDGE macvlans and then goes to the wire; unicast to a BRIDGE macvlan goes through
// dev_forward_skb(lowerdev) back into the receive path. Everything else goes out of the
// lower device (dev_queue_xmit), VEPA and PRIVATE always.
import type { DeviceContext, Packet } from '../../sim/device';
import { formatMac, isMulticastMac } from '../../frame/address';
import type { MacvlanHost } from './host';
import { MODE_BITS } from './types';
import { macvlanBroadcast } from './broadcast';
import { deliverToDev, tap } from './receive';

export function transmitFromGuest(h: MacvlanHost, ctx: DeviceContext, port: string, packet: Packet): void {
  const v = h.devs.get(port);
  if (!v) {
    ctx.drop(packet, {
      decision: `There is no device ${port} any more (it was deleted), so nothing can transmit on it.`,
      source: 'macvlan_dellink',
      port,
    });
    return;
  }
  if (!v.up) {
    h.bump(ctx, v, 'tx_dropped');
    ctx.drop(packet, {
      decision: `${port} is down: a down interface transmits nothing.`,
      source: 'dev_queue_xmit (!netif_running)',
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
          decision: `${port} is BRIDGE and the destination ${formatMac(dst)} is multicast/broadcast: first copy it to the other BRIDGE macvlans directly, then send it to the wire as well.`,
          source: 'macvlan_queue_xmit (MACVLAN_MODE_BRIDGE, is_multicast_ether_addr)',
          port,
          reads: ['eth.dst'],
        },
        packet,
      );
      macvlanBroadcast(h, ctx, packet, v, MODE_BITS.bridge, {
        how: 'local',
        keep: true,
        maskWhy: `mask BRIDGE (local delivery before it goes out); the sender ${port} itself is skipped`,
      });
      return toWire(h, ctx, v.name, packet, 'then the frame also goes out');
    }
    const l = h.port.lookup(dst);
    const dest = l.found;
    ctx.note(
      'decide',
      {
        decision: `${port} is BRIDGE: look the destination up among the local macvlans. ${formatMac(dst)} hashes to bucket ${l.bucket}; ${dest ? `found ${dest.name} (${dest.mode.toUpperCase()})` : 'no local macvlan has it'}.`,
        source: 'macvlan_queue_xmit → macvlan_hash_lookup(port, eth->h_dest)',
        port,
        reads: ['eth.dst'],
        detail: { lookup: 'tx-dst', mac: formatMac(dst), bucket: l.bucket, chain: l.chain, found: dest?.name ?? null },
      },
      packet,
    );
    if (dest && dest.mode === 'bridge' && h.cfg.era === '2.6.33') {
      h.bump(ctx, v, 'tx_packets');
      h.bump(ctx, dest, 'rx_packets');
      h.bump(ctx, dest, 'rx_bytes', packet.bytes.length);
      deliverToDev(h, ctx, dest, packet, {
        decision: `2.6.33: ${dest.name} is BRIDGE too, so the frame goes straight into ${dest.name} through its forward hook; it never passes ${h.lowerName}, so tcpdump on ${h.lowerName} does not see it.`,
        source: 'macvlan_queue_xmit (2.6.33: dest->forward)',
        reads: ['eth.dst'],
        detail: { tx: 'bridge-local', target: dest.name },
      });
      return;
    }
    if (dest && dest.mode === 'bridge') {
      h.bump(ctx, v, 'tx_packets');
      ctx.note(
        'forward',
        {
          decision: `${dest.name} is BRIDGE too: the frame is handed to ${h.lowerName}'s receive path with dev_forward_skb ("send to lowerdev first for its network taps") and never reaches the wire.`,
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
      dest
        ? `${dest.name} is ${dest.mode.toUpperCase()}, not BRIDGE, so the frame goes out`
        : 'the destination is not local, so the frame goes out',
    );
  }
  toWire(h, ctx, v.name, packet, `${port} is ${v.mode.toUpperCase()}: no local lookup at all, every frame goes out`);
}

function toWire(h: MacvlanHost, ctx: DeviceContext, from: string, packet: Packet, why: string): void {
  const v = h.devs.get(from)!;
  h.bump(ctx, v, 'tx_packets');
  tap(
    h,
    ctx,
    packet,
    'tx',
    `tcpdump on ${h.lowerName} sees ${from}'s frame leave (dev_queue_xmit_nit on the lower device).`,
  );
  ctx.send(
    h.lowerName,
    packet.bytes,
    {
      decision: `${why}: skb->dev = ${h.lowerName}, dev_queue_xmit onto the wire.`,
      source: 'macvlan_queue_xmit (xmit_world)',
      reads: ['eth.dst'],
      detail: { tx: 'wire', from },
    },
    packet,
  );
}
