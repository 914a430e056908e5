// Every device type a scenario can name. Each lab adds its devices here, one line each.
import type { DeviceType } from '../sim/device';
import { hostType } from './host';
import { bridgeType } from './bridge';
import { evbStationType } from './evb';
import { macvlanHostType } from './macvlan';
import { sriovNicType } from './offload';
import { qethOsaType, qethGuestType } from './qeth';
import { virtioDeviceTypes } from './virtio';
import { vdpDeviceTypes } from './vdp';

const all: DeviceType<any>[] = [
  hostType,
  bridgeType,
  evbStationType,
  macvlanHostType,
  sriovNicType,
  qethOsaType,
  qethGuestType,
  ...virtioDeviceTypes,
  ...vdpDeviceTypes,
];

export const deviceTypes: ReadonlyMap<string, DeviceType> = new Map(all.map((t) => [t.type, t]));
