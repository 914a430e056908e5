// An EVB station (IEEE 802.1Qbg-2012 clause 40 and 42): CDCP in LLDP sets up S-channels,
// the S-VLAN component tags each channel's frames with its S-tag on the uplink.
import { sourceHas, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const evbStationStack: StackDecl = {
  types: ['evb-station'],
  slots: [
    { id: 'cdcp', label: 'CDCP (LLDP)', match: sourceHas('CDCP') },
    { id: 'svlan', label: 'S-VLAN component (S-tag)', match: sourceHas('multichannel') },
    wireSlot('uplink · channels'),
  ],
  catchAll: { slot: 'cdcp', why: say.stationDeviceStateChannel() },
};
