// The `host` device type: a plain end host (one interface) that answers ARP, neighbour
// solicitations and pings, delivers UDP, and can ping, ARP and send UDP on command.
//
// config: { "mac": "02:00:00:00:00:01", "ip": "10.0.0.1", "ip6"?: "fd00::1",
//           "vlan"?: 10, "arpRetries"?: 3, "arpRetrans"?: "1s",
//           "ipForward"?: false, "prefix"?: 24, "sendRedirects"?: true }   ports: ["eth0"]
// With ipForward it routes IPv4 within its prefix as ip_forward does (forward.ts).
// commands: ping {dst, count?, interval?, id?, size?}, arp {ip} | {gratuitous: true},
//           udp {dst, dstPort, srcPort?, dstMac?, payload?}, neigh-add {ip, lladdr, nud?: "permanent"}
import type { DeviceType } from '../../sim/device';
import { readArpArgs, readHostConfig, readPingArgs, readUdpArgs, type HostConfig } from './config';
import { Host } from './host';
import { readNeighAddArgs } from './neigh-command';

export const hostType: DeviceType<HostConfig> = {
  type: 'host',
  summary: 'An end host with one interface: answers ARP, ND and ping; pings, ARPs and sends UDP on command.',
  readConfig: readHostConfig,
  ports: () => ['eth0'],
  create: (id, config) => new Host(id, config),
  commands: { ping: readPingArgs, arp: readArpArgs, udp: readUdpArgs, 'neigh-add': readNeighAddArgs },
};

export { Host };
export type { HostConfig };
