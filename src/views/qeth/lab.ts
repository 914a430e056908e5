// The qeth lab: one IBM OSA-Express port shared by several Linux guests in qeth layer-3
// mode. Its scenarios are the JSON files in src/scenarios/qeth/ (each its own lazy chunk).
import type { LabDefinition } from '../lab-contract';
import { labScenarios, type ScenarioTitles } from '../lab-scenarios';

const files = import.meta.glob('/src/scenarios/qeth/*.json', { import: 'default' });

const TITLES: ScenarioTitles = {
  'router-fallback': [
    'Registered, primary router, secondary router, drop',
    'A registered address reaches its one owner; an unregistered one the primary router, then the secondary when the primary goes down, then nobody.',
  ],
  'duplicate-registration': [
    'Duplicate registration (0xe005, 0xe00a, takeover)',
    'The card refuses an address another guest owns, the driver retries three times and keeps it anyway; an address in use on the LAN; IP takeover.',
  ],
  'eighty-guests': [
    '80 guests on one gigabit card',
    'Walk S10 with 80 guests and the copies the card saves by demultiplexing early.',
  ],
  'isolation-forward': [
    'Isolation "forward" and reflective relay',
    "An isolated guest's traffic to its neighbour goes out to the adjacent switch and back, and is lost when the switch port leaves hairpin mode.",
  ],
  'qeth-isolation-via-router': [
    'Isolation "drop" crossed through a LAN router',
    "Isolated guests' direct ping is dropped; with routes via a LAN router the qeth header's next hop sends it out and back in.",
  ],
  'isolation-and-layer2': [
    'Guest to guest: isolation and layer 2',
    'Traffic between guests on one card with isolation none and drop, and layer-2 guests that register their own MAC.',
  ],
  'table-or-flood': [
    "The card's table or flooding",
    'Four frames by the registration table, then by a flood counterfactual; copies and guest CPU (lesson qeth-04).',
  ],
  'one-mac-for-all': [
    'One MAC for all: IPv6',
    "Shared-MAC link-local addresses collide; the card's unique id and layer 2 fix it (lesson qeth-05).",
  ],
};

export const qethLab: LabDefinition = {
  id: 'qeth',
  title: 'OSA-Express shared card (qeth layer 3)',
  summary:
    'One OSA port, many guests: the card keeps a table of registered addresses, answers ARP itself and copies each unicast packet to exactly one guest; unregistered ones go to the router guests.',
  scenarios: labScenarios(files, TITLES),
  view: () => import('./QethView.svelte'),
};
