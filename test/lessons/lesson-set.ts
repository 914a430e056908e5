// Every lesson folder read, run and resolved the way the app does it, once per test file:
// the pacing, give-away and wording tests all judge the same resolved lessons.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRun } from '../../src/app/run/build-run';
import { parseCheckpoints, parseLessonMarkdown, type Checkpoint, type ParsedLesson } from '../../src/app/lessons/parse';
import { resolveLesson, type ResolvedLesson } from '../../src/app/lessons/resolve';
import type { Trace } from '../../src/engine/sim/types';

export const LESSON_ROOT = join(import.meta.dirname, '../../lessons');

export const lessonFolders: readonly string[] = readdirSync(LESSON_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

export interface LessonText {
  readonly id: string;
  readonly parsed: ParsedLesson;
  readonly checkpoints: readonly Checkpoint[];
}

export interface LoadedLesson extends LessonText {
  /** Undefined when the scenario does not run (lessons.test.ts reports why). */
  readonly trace?: Trace;
  readonly resolved?: ResolvedLesson;
}

/** The lesson's text only: index.md and checkpoints.json, parsed; no scenario run. */
export function readLesson(id: string): LessonText {
  const dir = join(LESSON_ROOT, id);
  const parsed = parseLessonMarkdown(readFileSync(join(dir, 'index.md'), 'utf8'));
  const cpFile = join(dir, 'checkpoints.json');
  const checkpoints = existsSync(cpFile) ? parseCheckpoints(JSON.parse(readFileSync(cpFile, 'utf8'))).checkpoints : [];
  return { id, parsed, checkpoints };
}

/** The lesson's text tied to its run: the trace and every text part and checkpoint resolved to a step. */
export function loadLesson(id: string): LoadedLesson {
  const text = readLesson(id);
  const run = buildRun(JSON.parse(readFileSync(join(LESSON_ROOT, id, 'scenario.json'), 'utf8')), `${id}/scenario.json`);
  if (!run.ok) return text;
  return { ...text, trace: run.trace, resolved: resolveLesson(run.trace, run.state, text.parsed.sections, text.checkpoints) };
}
