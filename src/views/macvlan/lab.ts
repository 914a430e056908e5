// The macvlan/macvtap lab: demux by MAC in the lower device's hash table, the five modes
// and their broadcast masks, macvtap queues, and where the demux lives when the NIC does
// it (per-MAC queues, SR-IOV eswitch).
import type { LabDefinition } from '../lab-contract';
import { macvlanScenarios } from './scenarios';

export const macvlanLab: LabDefinition = {
  id: 'macvlan',
  title: 'macvlan and macvtap',
  summary:
    'One NIC, many MAC addresses: how Linux macvlan finds the right device for each frame, what its five modes do with a broadcast, how a macvtap queue fills, and what changes when the NIC does the demux.',
  scenarios: macvlanScenarios,
  view: () => import('./MacvlanView.svelte'),
};
