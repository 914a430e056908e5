// A lesson folder loaded in Node the way the app loads it (parse, run, resolve), for tests
// that walk lessons as a student would.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRun } from '../../src/app/run/build-run';
import { parseCheckpoints, parseLessonMarkdown } from '../../src/app/lessons/parse';
import { resolveLesson } from '../../src/app/lessons/resolve';
import type { LoadedLesson } from '../../src/app/lessons/load-lesson';

export const LESSONS_ROOT = join(import.meta.dirname, '../../lessons');

export const lessonFolders = (): string[] =>
  readdirSync(LESSONS_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

export function loadFolder(id: string): Extract<LoadedLesson, { ok: true }> {
  const dir = join(LESSONS_ROOT, id);
  const parsed = parseLessonMarkdown(readFileSync(join(dir, 'index.md'), 'utf8'));
  const run = buildRun(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')), id);
  if (!run.ok) throw new Error(`${id}: ${run.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const cpFile = join(dir, 'checkpoints.json');
  const cps = existsSync(cpFile)
    ? parseCheckpoints(JSON.parse(readFileSync(cpFile, 'utf8')))
    : { checkpoints: [], problems: [] };
  const lesson = resolveLesson(run.trace, run.state, parsed.sections, cps.checkpoints);
  return { ok: true, entry: { id, ...parsed }, run, lesson };
}
