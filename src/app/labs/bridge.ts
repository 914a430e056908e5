// The learning-bridge lab: the app's first content. Its scenarios are every JSON file in
// src/scenarios/bridge/ (each its own lazy chunk); its view is the FDB at the cursor.
import type { LabDefinition } from '../../views/lab-contract';
import { labScenarios } from '../../views/lab-scenarios';

const files = import.meta.glob('/src/scenarios/bridge/*.json', { import: 'default' });
// Only `vite build --mode bench` (npm run bench:ui) adds the benchmark's million-step trace.
const benchFiles =
  import.meta.env.MODE === 'bench'
    ? import.meta.glob('/test/bench/scenarios/bridge/*.json', { import: 'default' })
    : {};

export const bridgeLab: LabDefinition = {
  id: 'bridge',
  title: 'Learning bridge',
  summary:
    'A Linux bridge learns where each MAC address lives, floods what it does not know, and forwards the rest to one port.',
  scenarios: labScenarios({ ...files, ...benchFiles }),
  view: () => import('../../views/bridge/FdbView.svelte'),
};
