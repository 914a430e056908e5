// What a student may change on a bridge (config.ts, ports.ts, policy-config.ts,
// schannel.ts): each port's flags as `bridge link set dev X <flag> on|off` sets them, the
// ACL rules' actions and default, the S-channel flags per SCID, and the FDB ageing.
import type { DeviceSettings, SettingDecl } from '../settings-decl';
import { DEFAULT_FLAGS, FLAG_NAMES, KERNEL_FLAG } from './ports';

const FLAG_HELP: Record<(typeof FLAG_NAMES)[number], string> = {
  hairpin: 'reflective relay: a frame may leave by the port it came in on',
  learning: 'learn source MACs arriving on this port',
  flood: 'receive unknown-unicast floods',
  mcastFlood: 'receive multicast floods',
  bcastFlood: 'receive broadcast floods',
  isolated: 'isolated ports never talk to each other, not even through hairpin',
};

const flags = (at: string, unlessItemHas?: string): SettingDecl[] =>
  FLAG_NAMES.map((f) => ({
    at: `${at}.${f}`,
    label: f,
    kind: 'flag',
    default: DEFAULT_FLAGS[f],
    source: KERNEL_FLAG[f],
    help: FLAG_HELP[f],
    ...(unlessItemHas && { unlessItemHas }),
  }));

const policy = (at: string): SettingDecl[] => [
  {
    at: `${at}.policy.default`,
    label: 'ACL default action',
    kind: 'choice',
    creates: true,
    choices: ['allow', 'deny'],
    default: 'allow',
    source: 'port ACL (nftables bridge forward chain policy)',
    help: 'what happens to a frame no allow or deny rule matched',
  },
  {
    at: `${at}.policy.rules.*.action`,
    label: 'ACL rule action',
    kind: 'choice',
    choices: ['allow', 'deny', 'count', 'mirror'],
    source: 'port ACL rule verdict',
    help: '"count" only counts matches and decides nothing: the rule is as good as off',
  },
];

export const bridgeSettings: DeviceSettings = {
  type: 'bridge',
  settings: [
    ...flags('ports.*', 'schannel'),
    ...policy('ports.*'),
    ...flags('ports.*.schannel.channels.*'),
    ...policy('ports.*.schannel.channels.*'),
    {
      at: 'ports.*.schannel.cdcp',
      label: 'S-channels by CDCP',
      kind: 'flag',
      default: true,
      source: '802.1Qbg CDCP',
      help: 'assign SVIDs when the station asks (off: only the static channels exist)',
    },
    {
      at: 'vlanFiltering',
      label: 'VLAN filtering',
      kind: 'flag',
      source: 'br_vlan_filter_toggle',
      help: 'on when any port has VLAN settings',
    },
    {
      at: 'ageing',
      label: 'FDB ageing time',
      kind: 'duration',
      min: 0,
      max: 1000e9,
      default: 300e9,
      source: 'br->ageing_time',
      help: '0 disables learning',
    },
  ],
};
