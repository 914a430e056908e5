// Every scenario the site ships: the labs' files and the lessons' own.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

export function bundledScenarios(): { file: string; json: unknown }[] {
  const files: string[] = [];
  for (const lab of readdirSync(join(root, 'src/scenarios')))
    for (const f of readdirSync(join(root, 'src/scenarios', lab)))
      if (f.endsWith('.json')) files.push(`src/scenarios/${lab}/${f}`);
  for (const l of readdirSync(join(root, 'lessons')))
    if (existsSync(join(root, 'lessons', l, 'scenario.json'))) files.push(`lessons/${l}/scenario.json`);
  return files.sort().map((file) => ({ file, json: JSON.parse(readFileSync(join(root, file), 'utf8')) }));
}

export function readScenario(file: string): unknown {
  return JSON.parse(readFileSync(join(root, file), 'utf8'));
}
