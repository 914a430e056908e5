// What a student may change on an SR-IOV NIC (config.ts): the eswitch mode, the hardware
// bridge mode and each function's MAC, VLAN and spoof check.
import type { DeviceSettings } from '../settings-decl';

export const sriovSettings: DeviceSettings = {
  type: 'sriov-nic',
  settings: [
    {
      at: 'eswitch',
      label: 'eswitch mode',
      kind: 'choice',
      choices: ['legacy', 'switchdev'],
      default: 'legacy',
      source: 'devlink dev eswitch set mode',
    },
    {
      at: 'hwmode',
      label: 'hardware bridge mode',
      kind: 'choice',
      choices: ['veb', 'vepa'],
      default: 'veb',
      source: 'bridge link set hwmode (ndo_bridge_setlink)',
      help: 'veb switches between functions inside the NIC; vepa sends them out the uplink',
    },
    { at: 'functions.*.mac', label: 'MAC address', kind: 'mac', source: 'ip link set vf N mac' },
    {
      at: 'functions.*.vlan',
      label: 'VLAN (0: none)',
      kind: 'integer',
      min: 0,
      max: 4094,
      default: 0,
      source: 'ip link set vf N vlan',
    },
    {
      at: 'functions.*.spoofchk',
      label: 'spoof check',
      kind: 'flag',
      default: true,
      source: 'ip link set vf N spoofchk',
    },
  ],
};
