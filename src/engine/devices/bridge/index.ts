// The `bridge` device type: an 802.1Q learning bridge (Linux net/bridge).
//
// config: { "ports": ["p1", "p2"] | [{ "name": "p1", "mode": "access", "pvid": 10 },
//            { "name": "p2", "mode": "trunk", "vlans": [10, 20], "pvid"?: 1 }],
//           "vlanFiltering"?: bool (default: true when any port has VLAN settings),
//           "ageing"?: "300s" (0 disables learning) }
// state keys: fdb/<mac>@<vid> = port, port/<name> = { mode, pvid, vlans }, link/<port> = "down"
import type { DeviceType } from '../../sim/device';
import { Bridge } from './bridge';
import { readBridgeConfig, type BridgeConfig } from './config';

export const bridgeType: DeviceType<BridgeConfig> = {
  type: 'bridge',
  summary: 'An 802.1Q learning bridge: learns source MACs, floods unknown and broadcast frames, never forwards back out the ingress port.',
  readConfig: readBridgeConfig,
  ports: (c) => c.ports.map((p) => p.name),
  create: (id, c) => new Bridge(id, c),
};

export { Bridge };
export type { BridgeConfig };
