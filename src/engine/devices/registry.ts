// Every device type a scenario can name. Each lab adds its devices here, one line each.
import type { DeviceType } from '../sim/device';
import { evbStationType } from './evb';
import { macvlanHostType } from './macvlan';
import { sriovNicType } from './offload';
import { virtioDeviceTypes } from './virtio';
import { qethOsaType, qethGuestType } from './qeth';

const all: DeviceType<any>[] = [
  // host, bridge (core); qeth; macvlan; vdp; virtio: each lab appends its types below.
  evbStationType,
  macvlanHostType,
  sriovNicType,
  ...virtioDeviceTypes,
  qethOsaType,
  qethGuestType,
];

export const deviceTypes: ReadonlyMap<string, DeviceType> = new Map(all.map((t) => [t.type, t]));
