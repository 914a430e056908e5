// The learning-bridge lab: the app's first content. Its scenarios are every JSON file in
// src/scenarios/bridge/ (each its own lazy chunk); its view is the FDB at the cursor.
import type { LabDefinition, LabScenario } from '../../views/lab-contract';

const files = import.meta.glob('/src/scenarios/bridge/*.json', { import: 'default' });

const title = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]+/g, ' ');

export const bridgeLab: LabDefinition = {
  id: 'bridge',
  title: 'Learning bridge',
  summary: 'A Linux bridge learns where each MAC address lives, floods what it does not know, and forwards the rest to one port.',
  scenarios: Object.entries(files)
    .map(([path, load]): LabScenario => {
      const id = path.split('/').pop()!.replace(/\.json$/, '');
      return { id, title: title(id), summary: '', load };
    })
    .sort((a, b) => a.id.localeCompare(b.id)),
  view: () => import('../../views/bridge/FdbView.svelte'),
};
