// The macvlan host's stack (drivers/net/macvlan.c, drivers/net/tap.c): from the guest's
// side down to the wire. A received frame climbs it: NIC unicast filter, the lower
// device's ptype_all taps (__netif_receive_skb_core), the rx_handler macvlan_handle_frame
// with its hash lookup, the broadcast queue and its worker, the macvlan device, and a
// macvtap queue when a guest reads through /dev/tapN. A sent frame goes down it
// (macvlan_queue_xmit, dev_queue_xmit_nit, the NIC's queues).
import { all, any, kindIs, sourceHas, sourceIs, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const macvlanStack: StackDecl = {
  types: ['macvlan'],
  slots: [
    // tap_* today; macvtap_* in the 2.6.34 driver the era setting replays.
    { id: 'macvtap', label: 'macvtap queue (tap)', match: sourceIs(/^(tap_|macvtap_)/) },
    {
      id: 'dev',
      label: 'macvlan device',
      match: any(
        sourceHas('macvlan_broadcast_one', 'macvlan_forward_source', 'macvlan_open', 'macvlan_common_newlink'),
        all(kindIs('transmit', 'forward'), sourceIs(/^macvlan_handle_frame \(/)),
        sourceHas('dev_forward_skb'),
      ),
    },
    {
      id: 'bcast',
      label: 'broadcast queue · worker',
      match: sourceHas('macvlan_broadcast', 'macvlan_process_broadcast'),
    },
    {
      id: 'lookup',
      label: 'macvlan_handle_frame · hash',
      match: any(
        sourceHas('macvlan_hash_lookup', 'RX_HANDLER_PASS'),
        sourceIs(/^macvlan_handle_frame \((is_multicast|2\.6\.33)/),
        sourceIs(/^macvlan_queue_xmit \(MACVLAN_MODE/),
      ),
    },
    { id: 'taps', label: 'lower device taps (tcpdump)', match: sourceHas('ptype_all') },
    {
      id: 'nic',
      label: 'NIC filter · queues',
      match: sourceHas('NIC unicast filter', 'macvlan_queue_xmit (xmit_world)'),
    },
    wireSlot('eth0 · wire'),
  ],
  catchAll: { slot: 'dev', why: say.macvlanHostDeviceState() },
};
