// The VEPA / Edge Virtual Bridging lab: why guest-to-guest traffic goes out to the
// adjacent switch and back (reflective relay), what the switch can then police, how
// S-channels make several virtual ports on one wire, and what it costs on the uplink.
import type { LabDefinition } from '../lab-contract';
import { vepaScenarios } from './scenarios';

export const vepaLab: LabDefinition = {
  id: 'vepa',
  title: 'VEPA and hairpin (Edge Virtual Bridging)',
  summary:
    'Guest-to-guest frames go out to the adjacent switch and come back: hairpin on, off, policed by an ACL, split into S-channels, and what the round trip costs.',
  scenarios: vepaScenarios,
  view: () => import('./VepaView.svelte'),
};
