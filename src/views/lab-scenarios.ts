// A lab's scenario list from its `import.meta.glob` of src/scenarios/<lab>/*.json: one
// lazy chunk per file, titled from the lab's table and sorted in that table's teaching
// order (files the table does not name come last, by id, titled from their file name).
import type { LabScenario } from './lab-contract';

export type ScenarioTitles = Readonly<Record<string, readonly [title: string, summary: string]>>;

const fromFileName = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]+/g, ' ');

export function labScenarios(
  files: Record<string, () => Promise<unknown>>,
  titles: ScenarioTitles = {},
): LabScenario[] {
  const order = Object.keys(titles);
  const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
  return Object.entries(files)
    .map(([path, load]): LabScenario => {
      const id = path
        .split('/')
        .pop()!
        .replace(/\.json$/, '');
      const [title, summary] = titles[id] ?? [fromFileName(id), ''];
      return { id, title, summary, load };
    })
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
