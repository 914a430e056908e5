// The qeth lab: one IBM OSA-Express port shared by several Linux guests in qeth layer-3
// mode. Its scenarios are the JSON files in src/scenarios/qeth/ (each its own lazy chunk).
import type { LabDefinition, LabScenario } from '../lab-contract';

const files = import.meta.glob('/src/scenarios/qeth/*.json', { import: 'default' });

const ORDER: Record<string, { title: string; summary: string }> = {
  'router-fallback': { title: 'Registered, primary router, secondary router, drop', summary: 'A registered address reaches its one owner; an unregistered one the primary router, then the secondary when the primary goes down, then nobody.' },
  'duplicate-registration': { title: 'Duplicate registration (0xe005, 0xe00a, takeover)', summary: 'The card refuses an address another guest owns, the driver retries three times and keeps it anyway; an address in use on the LAN; IP takeover.' },
  'eighty-guests': { title: '80 guests on one gigabit card', summary: 'Walk S10 with 80 guests and the copies the card saves by demultiplexing early.' },
  'isolation-forward': { title: 'Isolation "forward" and reflective relay', summary: 'An isolated guest\'s traffic to its neighbour goes out to the adjacent switch and back, and is lost when the switch port leaves hairpin mode.' },
  'isolation-and-layer2': { title: 'Guest to guest: isolation and layer 2', summary: 'Traffic between guests on one card with isolation none and drop, and layer-2 guests that register their own MAC.' },
};

export const qethLab: LabDefinition = {
  id: 'qeth',
  title: 'OSA-Express shared card (qeth layer 3)',
  summary: 'One OSA port, many guests: the card keeps a table of registered addresses, answers ARP itself and copies each unicast packet to exactly one guest; unregistered ones go to the router guests.',
  scenarios: Object.entries(files)
    .map(([path, load]): LabScenario => {
      const id = path.split('/').pop()!.replace(/\.json$/, '');
      return { id, title: ORDER[id]?.title ?? id, summary: ORDER[id]?.summary ?? '', load };
    })
    .sort((a, b) => Object.keys(ORDER).indexOf(a.id) - Object.keys(ORDER).indexOf(b.id)),
  view: () => import('./QethView.svelte'),
};
