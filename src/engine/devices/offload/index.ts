// Device type `sriov-nic`: a NIC with SR-IOV virtual functions and subfunctions whose
// embedded switch does the demux (legacy or switchdev eswitch).
//
// config: { "uplink": "p0", "pfMac": "02:00:00:00:00:10",
//           "eswitch": "legacy" | "switchdev", "hwmode": "veb" | "vepa" (legacy only),
//           "functions": [ { "name": "vf0", "kind": "vf" | "sf", "mac": "02:00:00:00:00:01",
//                            "vlan": 0, "spoofchk": true } ] }
// ports: the uplink, then one per function (link each to its guest). The PF's own stack
// is inside the node (deliveries on port "pf"). Counters: hw_copies, sw_copies,
// slow_path, spoofchk_drops. State: fn/<name>, eswitch, swfdb/<mac>@<vid>, rule/<in|dst|vid>.
//
// The other offload path, a NIC with per-MAC receive queues for macvlans (L2 forwarding
// offload), is the `macvlan` device's `lower.l2fwdStations` option.
import type { DeviceType } from '../../sim/device';
import { readNicConfig, type NicConfig } from './config';
import { SriovNic } from './eswitch';

export const sriovNicType: DeviceType<NicConfig> = {
  type: 'sriov-nic',
  summary:
    'An SR-IOV NIC whose embedded switch demultiplexes by (MAC, VLAN) to VFs and subfunctions; legacy or switchdev with representors',
  readConfig: readNicConfig,
  ports: (c) => [c.uplink, ...c.functions.map((f) => f.name)],
  create: (id, c) => new SriovNic(id, c),
};
