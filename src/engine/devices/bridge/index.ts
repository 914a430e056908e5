// The `bridge` device type: an 802.1Q learning bridge (Linux net/bridge), extended to be
// the adjacent switch of VEPA / Edge Virtual Bridging (IEEE 802.1Qbg).
//
// config: { "ports": ["p1", "p2"] | [ { "name": "p1",
//              "mode"?: "access" | "trunk", "pvid"?: 10, "vlans"?: [10, 20],
//              // port flags (bridge link set dev p1 <flag> on|off), defaults as new_nbp():
//              "hairpin"?: false, "learning"?: true, "flood"?: true,
//              "mcastFlood"?: true, "bcastFlood"?: true, "isolated"?: false,
//              // switch policy, checked for every copy the bridge would send:
//              "policy"?: { "default": "allow" | "deny",
//                           "rules": [ { "id": "no-ping", "dir": "in" | "out" | "both",
//                                        "scope": "all" | "reflected",
//                                        "match": { "srcMac", "dstMac", "vlan", "srcIp", "dstIp",
//                                                   "proto": "icmp"|"tcp"|"udp"|"icmpv6"|"arp"|"ipv4"|"ipv6"|<n>,
//                                                   "srcPort", "dstPort" },
//                                        "action": "allow" | "deny" | "count" | "mirror",
//                                        "mirrorTo"?: "p3" } ] },
//              // multichannel: this port carries S-channels (802.1ad S-tags), set up by CDCP
//              "schannel"?: { "cdcp": true, "chnCap": 4, "pool": [10, 20],
//                             "static"?: [{ "scid": 2, "svid": 30 }],
//                             "channels"?: { "1": { "hairpin": true, "policy": {...} } } } } ],
//           "vlanFiltering"?: bool (default: true when any port has VLAN settings),
//           "ageing"?: "300s" (0 disables learning) }
//
// S-channel ports: each channel becomes a virtual bridge port named `<port>.s<svid>`
// (`p1.s1` is the default channel SCID 1 = SVID 1). Virtual ports learn, hairpin and are
// policed on their own; frames between two channels of one wire need no hairpin.
//
// Commands (see commands.ts): port-set {port, <flags>}, acl-add {port, rule, position?},
// acl-del {port, id}, acl-default {port, action}, acl-clear {port}.
//
// Policy API for other devices (a VDP bridge turning an associated VSI into port policy):
// `Bridge#setPortFlags(port, flags, ctx)`, `#addAclRule(port, rule, ctx, position?)`,
// `#removeAclRule(port, id, ctx)`, `#setPolicy(port, {rules, defaultAction}, ctx)`,
// `#policyOf(port)`, and the pure `evaluatePolicy` / `frameFacts` in acl.ts. A device can
// hold a Bridge and pass frames to its `receive` (composition); "deny unless associated"
// is `setPolicy(port, { defaultAction: "deny", rules: [allow rules per VSI MAC/VLAN] })`.
//
// State keys: fdb/<mac>@<vid> = port; port/<name> = { mode, pvid, vlans, hairpin, learning,
// flood, mcastFlood, bcastFlood, isolated, channel? }; counters/<port>/<name> = number for
// rx, tx, reflected, dropped, denied, mirrored; acl/<port> = { default, rules: [{ id, text, hits }] };
// schannel/<phys> = { chnCap, pool, channels: [{ scid, svid, port }] }; link/<port> = "down".
// Step details: transmit steps carry { reflected, in, out, vport?, svid?, acl? }; the
// no-hairpin drop carries { rule: "never-out-ingress" }; policy drops carry { acl }.
import type { DeviceType } from '../../sim/device';
import { Bridge } from './bridge';
import { readBridgeConfig, type BridgeConfig } from './config';
import { bridgeCommands, runBridgeCommand } from './commands';

export const bridgeType: DeviceType<BridgeConfig> = {
  type: 'bridge',
  summary:
    'An 802.1Q learning bridge: learns source MACs, floods unknown and broadcast frames, ' +
    'never forwards back out the ingress port unless hairpin is on; per-port policy, counters and S-channels.',
  readConfig: readBridgeConfig,
  ports: (c) => c.ports.map((p) => p.name),
  create: (id, c) => new Bridge(id, c),
  commands: bridgeCommands,
};

export { Bridge, runBridgeCommand };
export type { BridgeConfig };
export { evaluatePolicy, frameFacts, type AclRule, type PortPolicy, type AclVerdict } from './acl';
export type { PortFlags } from './ports';
