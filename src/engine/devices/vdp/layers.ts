// The VDP path (IEEE 802.1Qbg-2012 clauses 41 and 43; lldpad; libvirt). The station side:
// libvirt asks over rtnetlink, lldpad's VDP station machine builds the VSI TLV, ECP sends
// it with its ack timer and retries, the wire. The bridge side: ECP receives and acks, the
// VDP bridge machine runs, the VSI manager checks resources and programs the switch ACL,
// and the switch forwards; on a port with CDCP an S-VLAN component comes first. Data frames
// use the station's macvtap in VEPA mode.
import { any, sourceHas, sourceIs, wireSlot, type StackDecl } from '../stack/layers';

/** lldpad's LLDP agent and its evb22 module (evbExchange): the EVB TLV beside ECP, over the wire. */
const lldp = sourceHas('lldp/tx.c', 'lldp/rx.c', 'lldp_evb22.c', 'EVB TLV');
const ecpHas = sourceHas('ecp', 'ECP', '43.3.7', '43.3.8', 'ackTimer');
// evb22's steps name the ECP22 functions they notify or start; they belong to the LLDP slot
const ecp = (s: Parameters<typeof ecpHas>[0]): boolean => !lldp(s) && ecpHas(s);

export const vdpStationStack: StackDecl = {
  types: ['vdp-station'],
  slots: [
    { id: 'libvirt', label: 'libvirt · QEMU', match: sourceIs(/^(libvirt|QEMU|scenario traffic)/) },
    {
      id: 'netlink',
      label: 'rtnetlink · enic',
      match: sourceHas('rtnetlink', 'vdpnl_', 'enic', 'Cisco VIC'),
    },
    {
      id: 'vdp',
      label: 'lldpad VDP station machine',
      match: any(
        sourceHas('vdp22st', 'vdp22_from_ecp22', 'vdp22_request', 'vdp_', 'VDP station', 'VDP 0.2 station'),
        sourceHas('clause 41'),
      ),
    },
    { id: 'ecp', label: 'ECP tx · rx (ack timer)', match: ecp },
    { id: 'lldp', label: 'LLDP agent · EVB TLV', match: lldp },
    { id: 'macvtap', label: 'macvtap (VEPA) · NIC', match: sourceHas('macvtap', 'macvlan_handle_frame') },
    wireSlot('uplink · wire'),
  ],
  catchAll: { slot: 'libvirt', why: "the station's 'device state' is the guests' port profiles, which libvirt owns" },
};

export const vdpSwitchStack: StackDecl = {
  types: ['vdp-switch'],
  slots: [
    { id: 'vsi', label: 'VSI manager (resources)', match: sourceHas('vdp22br_resources', 'VSI manager', '802.1Qbh') },
    {
      id: 'vdp',
      label: 'VDP bridge machine',
      match: sourceHas(
        'VDP bridge',
        'bridge part',
        'VDP 0.2 bridge',
        'vdp_vsi_sm_bridge',
        'vdp22_station_info',
        'vdp22br.c',
        'bridge-initiated',
        'vdp_ack_profiles',
      ),
    },
    { id: 'ecp', label: 'bridge ECP tx · rx', match: ecp },
    { id: 'lldp', label: 'LLDP agent · EVB TLV', match: lldp },
    { id: 'acl', label: 'switch ACL', match: sourceHas('switch port ACL') },
    {
      id: 'fdb',
      label: 'FDB · forward',
      match: sourceHas('br_fdb_update', 'br_flood', 'br_forward', 'br_port_carrier_check'),
    },
    // A port with CDCP: its S-VLAN component sits between the wire and everything above.
    { id: 'scomp', label: 'S-component · CDCP', match: sourceHas('S-VLAN component', 'CDCP') },
    wireSlot('ports · wire'),
  ],
  catchAll: { slot: 'vdp', why: "the switch's 'device state' and commands configure its VDP bridge" },
};
