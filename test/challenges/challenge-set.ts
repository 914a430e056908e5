// Every challenge folder read the way the app reads it, for the challenge tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHALLENGE_ROOT = join(import.meta.dirname, '../../challenges');

export const challengeFolders: readonly string[] = readdirSync(CHALLENGE_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

export const has = (id: string, file: string): boolean => existsSync(join(CHALLENGE_ROOT, id, file));
export const text = (id: string, file: string): string => readFileSync(join(CHALLENGE_ROOT, id, file), 'utf8');
export const json = (id: string, file: string): unknown => JSON.parse(text(id, file)) as unknown;
