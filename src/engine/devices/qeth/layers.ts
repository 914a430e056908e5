// The two halves of a qeth path (drivers/s390/net/qeth_*): the guest's IP stack and its
// qeth driver, which registers addresses with IPA commands and hands frames to the QDIO
// queues; and the OSA card, which answers ARP for the guests, looks the destination up
// in its IP table, falls back to the primary or secondary router, and delivers or sends
// out on the LAN.
import {
  all,
  any,
  kindIs,
  layerIs,
  sourceHas,
  sourceIs,
  wireSlot,
  type StackDecl,
  type StepFacts,
} from '../stack/layers';
import * as say from './words';

export const qethGuestStack: StackDecl = {
  types: ['qeth-guest'],
  slots: [
    {
      id: 'app',
      label: 'application (ping)',
      match: any(sourceHas('icmp_echo', 'ping (', 'scenario traffic')),
    },
    // Routes (ip route add, an ICMP redirect's next-hop exception) belong to the IP stack too.
    {
      id: 'ip',
      label: 'IP stack · ARP · ND',
      match: sourceIs(/^(ip_|arp_|addrconf_|ndisc_|icmpv6_|inet_rtm_|icmp_redirect)/),
    },
    {
      id: 'driver',
      label: 'qeth driver (addresses)',
      match: all(
        sourceIs(/^qeth_(l[23]_|setadp|recover|dev_|core_hardsetup|set_offline|check_ipa_data)/),
        layerIs('control'),
      ),
    },
    {
      id: 'qdio',
      label: 'QDIO queues · IPA',
      match: sourceHas('qeth_send_ipa_cmd', 'hard_start_xmit'),
    },
    wireSlot('OSA subchannel'),
  ],
  catchAll: { slot: 'driver', why: say.guestDeviceStateDriver() },
};

const branch = (s: StepFacts): string | undefined => (s.detail?.demux as { branch?: string } | undefined)?.branch;

export const qethOsaStack: StackDecl = {
  types: ['qeth-osa'],
  slots: [
    { id: 'ipa', label: 'IPA commands', match: sourceHas('OSA IPA command processing') },
    {
      id: 'deliver',
      label: 'deliver to guest · LAN',
      match: any(
        sourceHas('qeth_l3_rebuild_skb', 'layer-2 delivery'),
        all(kindIs('transmit'), sourceHas('isolation', 'COUNTERFACTUAL')),
      ),
    },
    { id: 'arp', label: 'ARP offload', match: any(sourceHas('ARP offload'), sourceHas('ARP staff')) },
    {
      id: 'router',
      label: 'primary · secondary router',
      match: all(
        sourceHas('inbound routing'),
        (s) => s.kind !== 'decide' || ['primary', 'secondary'].includes(branch(s) ?? ''),
      ),
    },
    // The flood counterfactual replaces the table lookup, so it is drawn where the lookup is.
    { id: 'table', label: 'IP table lookup', match: sourceHas('inbound routing', 'isolation', 'COUNTERFACTUAL') },
    wireSlot('LAN port · subchannels'),
  ],
  catchAll: { slot: 'ipa', why: say.cardDeviceStateIp() },
};
