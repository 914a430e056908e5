// A real trace for the app's unit tests: the learning-bridge scenario run by the engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRun } from '../../src/app/run/build-run';

export function learningRun() {
  const json = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/scenarios/bridge/learning.json'), 'utf8'));
  const run = buildRun(json);
  if (!run.ok) throw new Error(run.issues.map((i) => i.message).join('\n'));
  return run;
}

/** An in-memory localStorage. */
export class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}
