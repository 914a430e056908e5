// Every device type's setting declarations, by type name: the one place the app learns
// what each type offers. A type without declarations shows no settings.
import type { DeviceSettings } from '../../engine/devices/settings-decl';
import { hostSettings } from '../../engine/devices/host/settings';
import { bridgeSettings } from '../../engine/devices/bridge/settings';
import { macvlanSettings } from '../../engine/devices/macvlan/settings';
import { sriovSettings } from '../../engine/devices/offload/settings';
import { osaSettings, qethGuestSettings } from '../../engine/devices/qeth/settings';
import { vdpStationSettings, vdpSwitchSettings } from '../../engine/devices/vdp/settings';
import { evbStationSettings } from '../../engine/devices/evb/settings';
import { backplaneSettings, bounceSettings } from '../../engine/devices/virtio/settings';

const all: DeviceSettings[] = [
  hostSettings,
  bridgeSettings,
  macvlanSettings,
  sriovSettings,
  osaSettings,
  qethGuestSettings,
  vdpStationSettings,
  vdpSwitchSettings,
  evbStationSettings,
  backplaneSettings,
  bounceSettings,
];

export const settingsByType: ReadonlyMap<string, DeviceSettings> = new Map(all.map((d) => [d.type, d]));
