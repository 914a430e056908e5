// Everything a lesson page needs, loaded when the lesson opens: its scenario (run by the
// engine) and its checkpoints, resolved against the trace. Any failure comes back as a
// titled list of problems for the page, never as an exception.
import type { Issue } from '../../engine/scenario/issues';
import type { Run } from '../run/build-run';
import { runScenarioJson } from '../run/run-async';
import type { LessonEntry } from './catalog';
import { parseCheckpoints } from './parse';
import { resolveLesson, type ResolvedLesson } from './resolve';

export type LoadedLesson =
  | { readonly ok: true; readonly entry: LessonEntry; readonly run: Extract<Run, { ok: true }>; readonly lesson: ResolvedLesson }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

export async function loadLesson(entry: LessonEntry): Promise<LoadedLesson> {
  if (!entry.loadScenario) return { ok: false, title: `Lesson “${entry.meta.title}” has no scenario`, issues: [{ path: `lessons/${entry.id}/scenario.json`, message: 'file not found', hint: 'every lesson folder needs a scenario.json' }] };
  let json: unknown;
  let cpJson: unknown = { checkpoints: [] };
  try {
    json = await entry.loadScenario();
    if (entry.loadCheckpoints) cpJson = await entry.loadCheckpoints();
  } catch (e) {
    return { ok: false, title: `Lesson “${entry.meta.title}” could not be loaded`, issues: [{ path: `lessons/${entry.id}`, message: e instanceof Error ? e.message : String(e), hint: 'check the network connection and reload' }] };
  }
  const run = await runScenarioJson(json, `The scenario of lesson “${entry.meta.title}”`);
  if (!run.ok) return run;
  const cps = parseCheckpoints(cpJson);
  const lesson = resolveLesson(run.trace, run.state, entry.sections, cps.checkpoints);
  return { ok: true, entry, run, lesson: { ...lesson, problems: [...entry.problems, ...cps.problems, ...lesson.problems] } };
}
