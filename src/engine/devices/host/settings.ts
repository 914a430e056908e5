// What a student may change on a plain end host (config.ts): its addresses, its VLAN and
// how hard it tries ARP before giving up.
import type { DeviceSettings } from '../settings-decl';

export const hostSettings: DeviceSettings = {
  type: 'host',
  settings: [
    { at: 'mac', label: 'MAC address', kind: 'mac', source: 'dev->dev_addr', help: 'the source MAC of its frames' },
    { at: 'ip', label: 'IPv4 address', kind: 'ipv4', ifPresent: true, source: 'ip addr add' },
    { at: 'ip6', label: 'IPv6 address', kind: 'ipv6', ifPresent: true, source: 'ip -6 addr add' },
    {
      at: 'vlan',
      label: 'VLAN sub-interface',
      kind: 'integer',
      min: 1,
      max: 4094,
      ifPresent: true,
      source: 'ip link add link eth0 type vlan id N',
      help: 'tags every frame with this C-VLAN and accepts only frames tagged with it',
    },
    {
      at: 'promiscuous',
      label: 'promiscuous',
      kind: 'flag',
      default: false,
      source: 'IFF_PROMISC',
      help: 'accept frames to any MAC (they still do not reach the stack)',
    },
    {
      at: 'arpRetries',
      label: 'ARP retries',
      kind: 'integer',
      min: 1,
      max: 10,
      default: 3,
      source: 'neigh mcast_solicit',
    },
    {
      at: 'arpRetrans',
      label: 'ARP retry interval',
      kind: 'duration',
      min: 1000,
      max: 10e9,
      default: 1e9,
      source: 'neigh retrans_time',
    },
    {
      at: 'unresQlenBytes',
      label: 'unresolved queue (bytes)',
      kind: 'integer',
      min: 0,
      max: 1 << 30,
      default: 212992,
      source: 'neigh unres_qlen_bytes',
      help: 'skb truesize an unresolved neighbour entry may queue; beyond it the oldest packet is freed',
    },
  ],
};
