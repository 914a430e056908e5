// Grading a student's scenario against a challenge's goal: the goal becomes the scenario's
// `expect` list, the engine runs it and its own expectation checker (the one the CLI
// prints ok/FAIL lines with) judges each entry. Nothing here judges anything itself.
import type { Issue } from '../../engine/scenario/issues';
import type { Check, Run } from '../run/build-run';
import type { GoalEntry } from './challenge-file';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The scenario with the goal as its `expect` list (its own expectations are not the challenge's). */
export function withGoal(scenario: unknown, goal: readonly GoalEntry[]): unknown {
  if (!isObject(scenario)) return scenario;
  return { ...scenario, expect: goal.map((g) => g.expectation) };
}

export interface GoalResult {
  readonly description: string;
  readonly holds: boolean;
  /** The checker's words: what held, or what happened instead. */
  readonly reason: string;
}

export type Grade =
  | { readonly ok: true; readonly results: readonly GoalResult[]; readonly solved: boolean }
  | { readonly ok: false; readonly title: string; readonly issues: readonly Issue[] };

/**
 * A graded run (runScenarioJson with `grade`) read against the goal. A problem the loader
 * found in the goal itself (`$.expect[i]`) is the challenge author's, and says so.
 */
export function gradeOf(run: Run, goal: readonly GoalEntry[]): Grade {
  if (!run.ok)
    return {
      ok: false,
      title: run.title,
      issues: run.issues.map((i) => {
        const m = /^\$\.expect\[(\d+)\](.*)$/.exec(i.path);
        return m
          ? {
              ...i,
              path: `challenge.json goal[${m[1]}]${m[2]}`,
              hint: 'a problem in the challenge itself: please report it',
            }
          : i;
      }),
    };
  const checks: readonly Check[] = run.checks ?? [];
  if (checks.length !== goal.length)
    return {
      ok: false,
      title: 'The run was not graded',
      issues: [{ path: '$.expect', message: `the engine judged ${checks.length} of the ${goal.length} goals` }],
    };
  const results = goal.map((g, i): GoalResult => ({
    description: g.description,
    holds: checks[i].ok,
    reason: checks[i].message,
  }));
  return { ok: true, results, solved: results.every((r) => r.holds) };
}
