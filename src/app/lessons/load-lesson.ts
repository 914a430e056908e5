// Everything a lesson page needs, loaded when the lesson opens: its text, its scenario (run
// by the engine) and its checkpoints, resolved against the trace. Any failure comes back
// as a titled list of problems for the page, never as an exception.
import type { Issue } from '../../engine/scenario/issues';
import type { Run } from '../run/build-run';
import { runScenarioJson } from '../run/run-async';
import type { LessonEntry } from './catalog';
import { parseCheckpoints, parseLessonMarkdown, type ParsedLesson } from './parse';
import { resolveLesson, type ResolvedLesson } from './resolve';

export type LoadedLesson =
  | {
      readonly ok: true;
      readonly entry: LessonEntry;
      readonly text: ParsedLesson;
      readonly run: Extract<Run, { ok: true }>;
      readonly lesson: ResolvedLesson;
    }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

type Failed = Extract<LoadedLesson, { ok: false }>;

const unreachable = (entry: LessonEntry, e: unknown): Failed => ({
  ok: false,
  title: `Lesson “${entry.meta.title}” could not be loaded`,
  issues: [
    {
      path: `lessons/${entry.id}`,
      message: e instanceof Error ? e.message : String(e),
      hint: 'check the network connection and reload',
    },
  ],
});

/** The lesson's text alone (it arrives first, so the introduction paints while the engine runs). */
export async function loadLessonText(entry: LessonEntry): Promise<ParsedLesson | Failed> {
  try {
    return parseLessonMarkdown(await entry.loadText());
  } catch (e) {
    return unreachable(entry, e);
  }
}

export async function loadLesson(entry: LessonEntry, known?: ParsedLesson): Promise<LoadedLesson> {
  if (!entry.loadScenario)
    return {
      ok: false,
      title: `Lesson “${entry.meta.title}” has no scenario`,
      issues: [
        {
          path: `lessons/${entry.id}/scenario.json`,
          message: 'file not found',
          hint: 'every lesson folder needs a scenario.json',
        },
      ],
    };
  const text = known ?? (await loadLessonText(entry));
  if ('ok' in text) return text;
  let json: unknown;
  let cpJson: unknown = { checkpoints: [] };
  try {
    json = await entry.loadScenario();
    if (entry.loadCheckpoints) cpJson = await entry.loadCheckpoints();
  } catch (e) {
    return unreachable(entry, e);
  }
  const run = await runScenarioJson(json, `The scenario of lesson “${entry.meta.title}”`);
  if (!run.ok) return run;
  const cps = parseCheckpoints(cpJson);
  const lesson = resolveLesson(run.trace, run.state, text.sections, cps.checkpoints);
  return {
    ok: true,
    entry,
    text,
    run,
    lesson: { ...lesson, problems: [...text.problems, ...cps.problems, ...lesson.problems] },
  };
}
