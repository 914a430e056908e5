// Each device folder's words module must load on its own, before the mechanism files that
// call it: a bundle may evaluate it first. A words module that imports a file which calls
// a sentence while it loads (an import cycle) fails here, as it failed every lab page once
// (qeth's ipa-codes.ts built its return-code table from words.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '../../src/engine/devices');
const wordsModules = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? wordsModules(join(dir, e.name)) : e.name === 'words.ts' ? [join(dir, e.name)] : [],
  );

it('every words.ts loads first, with every export a function', async () => {
  const files = wordsModules(ROOT);
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const f of files) {
    const m = (await import(f)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(m)) expect(typeof v, `${f}: ${k}`).toBe('function');
  }
  // And the device folders themselves load after them.
  for (const f of files) await import(join(f, '..', 'index.ts')).catch(() => undefined);
});
