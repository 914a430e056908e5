// Everything a challenge page needs, loaded when it opens: its text, challenge.json and
// start scenario, and the start graded by the engine. Any failure comes back as a titled
// list of problems for the page, never as an exception.
import type { Issue } from '../../engine/scenario/issues';
import { runScenarioJson } from '../run/run-async';
import type { Run } from '../run/build-run';
import type { ChallengeEntry } from './catalog';
import { parseChallenge, parseChallengeText, type ChallengeFile, type ChallengeText } from './challenge-file';
import { allowedProblems } from './allowed';
import { gradeOf, withGoal, type Grade } from './grade';

export type LoadedChallenge =
  | {
      readonly ok: true;
      readonly entry: ChallengeEntry;
      readonly text: ChallengeText;
      readonly file: ChallengeFile;
      /** The start scenario as the folder holds it. */
      readonly start: unknown;
      readonly startRun: Extract<Run, { ok: true }>;
      readonly startGrade: Extract<Grade, { ok: true }>;
      /** Authoring problems: the page still works, and lists them. */
      readonly problems: readonly string[];
    }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

type Failed = Extract<LoadedChallenge, { ok: false }>;

const failed = (entry: ChallengeEntry, title: string, issues: readonly Issue[]): Failed => ({
  ok: false,
  title: `Challenge “${entry.meta.title}” ${title}`,
  issues,
});

/** Run `scenario` with the challenge's goal as its expectations, and grade it. */
export async function gradeScenario(
  scenario: unknown,
  file: ChallengeFile,
  what: string,
): Promise<{ run: Run; grade: Grade }> {
  const run = await runScenarioJson(withGoal(scenario, file.goal), what, true);
  return { run, grade: gradeOf(run, file.goal) };
}

export async function loadChallenge(entry: ChallengeEntry): Promise<LoadedChallenge> {
  if (!entry.loadScenario || !entry.loadChallenge)
    return failed(entry, 'is incomplete', [
      {
        path: `challenges/${entry.id}`,
        message: `${entry.loadScenario ? 'challenge.json' : 'scenario.json'} is missing`,
        hint: 'a challenge folder holds index.md, scenario.json, challenge.json and solution.json',
      },
    ]);
  let raw: [string, unknown, unknown];
  try {
    raw = await Promise.all([entry.loadText(), entry.loadScenario(), entry.loadChallenge()]);
  } catch (e) {
    return failed(entry, 'could not be loaded', [
      {
        path: `challenges/${entry.id}`,
        message: e instanceof Error ? e.message : String(e),
        hint: 'check the network connection and reload',
      },
    ]);
  }
  const [md, start, json] = raw;
  const text = parseChallengeText(md);
  const parsed = parseChallenge(json);
  if (parsed.problems.length)
    return failed(
      entry,
      'has a broken challenge.json',
      parsed.problems.map((message) => ({ path: `challenges/${entry.id}/challenge.json`, message })),
    );
  const { run, grade } = await gradeScenario(start, parsed.challenge, `The start scenario of “${entry.meta.title}”`);
  if (!run.ok || !grade.ok) return failed(entry, 'cannot run', grade.ok ? [] : grade.issues);
  return {
    ok: true,
    entry,
    text,
    file: parsed.challenge,
    start,
    startRun: run,
    startGrade: grade,
    problems: [...text.problems, ...allowedProblems(start, parsed.challenge.allowed)],
  };
}
