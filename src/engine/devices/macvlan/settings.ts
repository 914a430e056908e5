// What a student may change on a host with macvlans (config.ts): each macvlan's mode and
// broadcast queue, its MAC and state, its macvtap rings, and the lower device's filter.
import type { DeviceSettings } from '../settings-decl';
import { DEFAULT_BC_QUEUE_LEN, MAX_TAP_QUEUES, TUN_READQ_SIZE } from './config';
import { MODES } from './types';

export const macvlanSettings: DeviceSettings = {
  type: 'macvlan',
  settings: [
    {
      at: 'macvlans.*.mode',
      label: 'mode',
      kind: 'choice',
      choices: MODES,
      default: 'vepa',
      source: 'IFLA_MACVLAN_MODE (macvlan_handle_frame, macvlan_queue_xmit)',
      help: 'bridge delivers between macvlans inside the host; vepa sends everything out the lower device',
    },
    { at: 'macvlans.*.mac', label: 'MAC address', kind: 'mac', ifPresent: true, source: 'macvlan_hash_add' },
    { at: 'macvlans.*.up', label: 'up', kind: 'flag', default: true, source: 'IFF_UP (macvlan_open)' },
    {
      at: 'macvlans.*.bcqueuelen',
      label: 'broadcast queue length',
      kind: 'integer',
      min: 0,
      max: 0xffffffff,
      unit: 'frames',
      default: DEFAULT_BC_QUEUE_LEN,
      source: 'IFLA_MACVLAN_BC_QUEUE_LEN (macvlan_broadcast_enqueue)',
      help: 'broadcasts waiting for the worker; past it they are dropped',
    },
    {
      at: 'macvlans.*.nodst',
      label: 'nodst (source mode)',
      kind: 'flag',
      default: false,
      source: 'MACVLAN_FLAG_NODST',
    },
    { at: 'macvlans.*.allmulti', label: 'allmulticast', kind: 'flag', default: false, source: 'IFF_ALLMULTI' },
    {
      at: 'macvlans.*.macvtap.queues',
      label: 'macvtap queues',
      kind: 'integer',
      min: 0,
      max: MAX_TAP_QUEUES,
      default: 1,
      source: 'tap_open (one queue per open file)',
    },
    {
      at: 'macvlans.*.macvtap.txqueuelen',
      label: 'macvtap ring size',
      kind: 'integer',
      min: 0,
      max: 10_000,
      unit: 'frames',
      default: TUN_READQ_SIZE,
      source: 'tx_queue_len (tap_queue_resize)',
    },
    {
      at: 'lower.filter',
      label: 'lower device filter',
      kind: 'choice',
      choices: ['unicast', 'promiscuous'],
      default: 'unicast',
      source: 'IFF_UNICAST_FLT (dev_uc_add)',
    },
    {
      at: 'lower.l2fwdStations',
      label: 'L2 forwarding offload stations',
      kind: 'integer',
      min: 0,
      max: 256,
      default: 0,
      source: 'NETIF_F_HW_L2FW_DOFFLOAD',
    },
    {
      at: 'mcastPath',
      label: 'multicast path',
      kind: 'choice',
      choices: ['bc_cutoff', 'queue-all'],
      default: 'bc_cutoff',
      source: 'macvlan_handle_frame (v6.4+ bc_cutoff)',
    },
    {
      at: 'bcWorkerDelay',
      label: 'broadcast worker delay',
      kind: 'duration',
      min: 0,
      max: 1e9,
      default: 2000,
      source: 'macvlan_process_broadcast (system_unbound_wq)',
    },
  ],
};
