// Which protocol handler (struct packet_type in ptype_base) takes a received frame, as
// __netif_receive_skb_core looks it up after the rx_handler has passed the frame on. A frame
// that no handler and no packet socket takes is freed there and counted in the receiving
// device's core rx_dropped (dev_core_stats_rx_dropped_inc(skb->dev)), the lower device and
// each upper device (macvlan, macvtap with no queue open) alike; dev_get_stats adds it to
// what `ip -s link` reports. The handlers are the ones a stock host registers at boot:
// ip_rcv, arp_rcv and ipv6_rcv. An 802.3 length frame (ETH_P_802_2) would need llc_rcv,
// which only the llc module registers (loaded by the bridge or 802.2 users), so a plain
// host has none. One 802.1Q/802.1ad tag is taken off first (skb_vlan_untag): with no VLAN
// device the frame goes on as PACKET_OTHERHOST to the handler of the inner EtherType.
import { ETH_P, isTagTpid } from '../../frame/ethernet';

const HANDLERS: ReadonlyMap<number, string> = new Map([
  [ETH_P.IPV4, 'ip_rcv'],
  [ETH_P.ARP, 'arp_rcv'],
  [ETH_P.IPV6, 'ipv6_rcv'],
]);

/** The EtherType the protocol lookup uses: the inner one after one VLAN tag. */
export function protocolOf(bytes: Uint8Array): number {
  let t = (bytes[12] << 8) | bytes[13];
  if (isTagTpid(t) && bytes.length >= 18) t = (bytes[16] << 8) | bytes[17];
  return t;
}

/** The handler that takes this frame, or undefined when none does (→ rx_dropped). */
export function ptypeHandler(bytes: Uint8Array): string | undefined {
  return HANDLERS.get(protocolOf(bytes));
}

export const hexType = (t: number): string => `0x${t.toString(16).padStart(4, '0')}`;
