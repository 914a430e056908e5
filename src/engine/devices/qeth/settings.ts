// What a student may change on the OSA card and its qeth guests (osa-config.ts,
// guest-config.ts): router roles, isolation, addresses and the card's assists.
import type { DeviceSettings } from '../settings-decl';
import { ROUTING_ROLES } from './ipa-codes';

export const osaSettings: DeviceSettings = {
  type: 'qeth-osa',
  settings: [
    {
      at: 'multipleSecondary',
      label: 'several secondary routers',
      kind: 'flag',
      default: true,
      source: 'IPA_SETRTG secondary connector',
    },
    {
      at: 'reflectiveRelay',
      label: 'adjacent switch in reflective relay',
      kind: 'flag',
      default: false,
      source: 'qeth_query_switch_attributes',
    },
    {
      at: 'reflectiveRelayRefused',
      label: 'adjacent switch refuses to turn on reflective relay',
      kind: 'flag',
      default: false,
      source: 'SET_ACCESS_CTRL_RC_REFLREL_FAILED',
    },
    {
      at: 'demux',
      label: 'inbound sharing (flood is a counterfactual)',
      kind: 'choice',
      choices: ['table', 'flood'],
      default: 'table',
      source: 'OSA registration table; flood: netdev 2005 "forward all traffic to every guest"',
      help: 'table: the real card copies a frame to the guest that registered its address; flood: every guest gets every frame',
    },
    { at: 'sourceMac', label: 'source MAC assist', kind: 'flag', default: false, source: 'IPA_SOURCE_MAC' },
    {
      at: 'multicastRouter',
      label: 'multicast router assist',
      kind: 'flag',
      default: false,
      source: 'IPA_OSA_MC_ROUTER',
    },
    {
      at: 'maxIps',
      label: 'IP address table size',
      kind: 'integer',
      min: 1,
      max: 65536,
      default: 512,
      source: 'IPA_RC_IP_TABLE_FULL',
    },
    {
      at: 'arpWait',
      label: 'gratuitous ARP wait',
      kind: 'duration',
      min: 0,
      max: 1e9,
      default: 20_000,
      source: 'SETIP duplicate address check',
    },
  ],
};

export const qethGuestSettings: DeviceSettings = {
  type: 'qeth-guest',
  settings: [
    {
      at: 'route4',
      label: 'IPv4 router role',
      kind: 'choice',
      choices: ROUTING_ROLES,
      default: 'no_router',
      source: 'qeth_l3 route4 (IPA_CMD_SETRTG)',
      help: 'where the card sends packets for addresses no guest registered',
    },
    {
      at: 'route6',
      label: 'IPv6 router role',
      kind: 'choice',
      choices: ROUTING_ROLES,
      default: 'no_router',
      source: 'qeth_l3 route6 (IPA_CMD_SETRTG)',
    },
    {
      at: 'isolation',
      label: 'isolation',
      kind: 'choice',
      choices: ['none', 'drop', 'forward'],
      default: 'none',
      source: 'qeth isolation (IPA_SETADP_SET_ACCESS_CONTROL)',
      help: 'drop: the card discards guest-to-guest traffic; forward: it sends it out to the switch',
    },
    { at: 'addresses.*', label: 'address', kind: 'cidr', source: 'IPA_CMD_SETIP' },
    { at: 'layer', label: 'layer', kind: 'choice', choices: [2, 3], default: 3, source: 'qeth layer2 attribute' },
    { at: 'mac', label: 'MAC address (layer 2)', kind: 'mac', ifPresent: true, source: 'IPA_CMD_SETVMAC' },
    { at: 'ipForward', label: 'IP forwarding', kind: 'flag', default: false, source: 'net.ipv4.ip_forward' },
    { at: 'broadcast', label: 'broadcast', kind: 'flag', default: true, source: 'IPA_FILTERING broadcast' },
    { at: 'echoFilter', label: 'echo filter', kind: 'flag', default: true, source: 'qeth broadcast echo filter' },
    {
      at: 'mcRouterAssist',
      label: 'card offers multicast router',
      kind: 'flag',
      default: false,
      source: 'IPA_OSA_MC_ROUTER',
    },
  ],
};
