// What a student may change on an EVB station (index.ts): how many channels it asks for
// and whether it asks at all.
import type { DeviceSettings } from '../settings-decl';
import { SCID_MAX } from './cdcp-tlv';

export const evbStationSettings: DeviceSettings = {
  type: 'evb-station',
  settings: [
    {
      at: 'chnCap',
      label: 'channel capacity',
      kind: 'integer',
      min: 1,
      max: SCID_MAX,
      default: 4,
      source: 'CDCP ChnCap',
    },
    { at: 'cdcp', label: 'ask for channels (CDCP)', kind: 'flag', default: true, source: '802.1Qbg CDCP' },
  ],
};
