// What a student may change in the VDP lab (config.ts, timers.ts): the EVB exponents that
// set the ECP and VDP timers, lldpad's behaviour, the protocol version, each guest's
// addresses and what the switch's VSI manager answers.
import type { DeviceSettings, SettingDecl } from '../settings-decl';
import { EVB_DEFAULTS } from './timers';

const evb = (): SettingDecl[] => [
  {
    at: 'evb.r',
    label: 'ECP max retries (R)',
    kind: 'integer',
    creates: true,
    min: 0,
    max: 7,
    default: EVB_DEFAULTS.r,
    source: 'EVB TLV R (ecp22 maxRetries)',
  },
  {
    at: 'evb.rte',
    label: 'ECP ack timer exponent (RTE)',
    kind: 'integer',
    creates: true,
    min: 0,
    max: 31,
    unit: '10 µs × 2^n',
    default: EVB_DEFAULTS.rte,
    source: 'EVB TLV RTE (ecp22 ackTimer)',
  },
  {
    at: 'evb.rwd',
    label: 'resource wait exponent (RWD)',
    kind: 'integer',
    creates: true,
    min: 0,
    max: 31,
    unit: '10 µs × 2^n',
    default: EVB_DEFAULTS.rwd,
    source: 'EVB TLV RWD (vdp22 resourceWaitDelay)',
  },
  {
    at: 'evb.rka',
    label: 'keep-alive exponent (RKA)',
    kind: 'integer',
    creates: true,
    min: 0,
    max: 31,
    unit: '10 µs × 2^n',
    default: EVB_DEFAULTS.rka,
    source: 'EVB TLV RKA (vdp22 reinitKeepAlive)',
  },
];

const common = (): SettingDecl[] => [
  {
    at: 'version',
    label: 'VDP version',
    kind: 'choice',
    choices: ['2012', '0.2'],
    default: '2012',
    source: '802.1Qbg-2012 or VDP 0.2 (lldpad qbg/)',
  },
  {
    at: 'behaviour',
    label: 'behaviour',
    kind: 'choice',
    choices: ['standard', 'lldpad'],
    default: 'standard',
    source: 'lldpad ecp22/vdp22 state machines',
    help: 'lldpad: what lldpad really does where it departs from the standard',
  },
  ...evb(),
];

export const vdpStationSettings: DeviceSettings = {
  type: 'vdp-station',
  settings: [
    ...common(),
    { at: 'evbOn', label: 'EVB TLV exchanged', kind: 'flag', default: true, source: 'lldp_evb22' },
    {
      at: 'vdpRole',
      label: "lldpad's VDP role",
      kind: 'choice',
      choices: ['station', 'bridge'],
      default: 'station',
      source: 'lldpad vdp22_request (-EOPNOTSUPP in the bridge role)',
    },
    { at: 'groupIds', label: 'group IDs agreed (BGID and SGID)', kind: 'flag', default: false, source: 'lldp_evb22' },
    {
      at: 'lldpad',
      label: 'lldpad process',
      kind: 'choice',
      choices: ['running', 'stopped', 'crashed'],
      default: 'running',
      source: 'libvirt virNetDevVPortProfileGetLldpadPid, virNetlinkCommand',
      help: 'stopped: no pid file; crashed: the pid file names a process with no netlink socket',
    },
    {
      at: 'portProfiles',
      label: 'port profiles by',
      kind: 'choice',
      choices: ['lldpad', 'enic'],
      default: 'lldpad',
      source: 'IFLA_PORT_* (lldpad VDP or enic firmware 802.1Qbh)',
    },
    { at: 'guests.*.mac', label: 'MAC address', kind: 'mac', source: 'VDP filter info (MAC)' },
    { at: 'guests.*.ip', label: 'IPv4 address', kind: 'ipv4', source: 'guest interface' },
    {
      at: 'guests.*.vlan',
      label: 'VLAN',
      kind: 'integer',
      min: 0,
      max: 4095,
      default: 0,
      source: 'VDP filter info (VID)',
    },
  ],
};

export const vdpSwitchSettings: DeviceSettings = {
  type: 'vdp-switch',
  settings: [
    ...common(),
    {
      at: 'types.*.answer',
      label: 'VSI manager answers',
      kind: 'choice',
      choices: ['success', 'keep', 'deassoc', 'pending'],
      default: 'success',
      source: 'vdp22br response (VSI manager)',
    },
    { at: 'types.*.hard', label: 'hard error', kind: 'flag', default: false, source: 'VDP status hard error bit' },
    {
      at: 'types.*.acl.*.action',
      label: 'ACL rule',
      kind: 'choice',
      choices: ['permit', 'deny'],
      source: 'VSI type ACL',
    },
  ],
};
