// A challenge being worked on: the student's scenario (the start with their changes), its
// latest good run and grade, the problems of a change the engine refused, and the hints
// shown so far. Each change runs in the engine worker with the goal as the scenario's
// expectations; only the latest change's answer lands. A graded run of the student's own
// changes counts as an attempt in saved progress, and a run where every goal holds marks
// the challenge solved.
import type { Issue } from '../../engine/scenario/issues';
import type { Run } from '../run/build-run';
import { progress } from '../progress/progress.svelte';
import type { Grade } from './grade';
import { gradeScenario, type LoadedChallenge } from './load-challenge';

type Good = Extract<Run, { ok: true }>;
type Graded = Extract<Grade, { ok: true }>;

export class ChallengeSession {
  /** The student's scenario: the start with the allowed settings they changed. */
  json: unknown;
  run: Good;
  grade: Graded;
  /** A change the engine could not run: its problems; the last good run stays. */
  problems = $state.raw<{ title: string; issues: readonly Issue[] } | undefined>();
  running = $state(false);
  /** How many hints the student has opened, in order. */
  hints = $state(0);
  #seq = 0;

  constructor(readonly loaded: Extract<LoadedChallenge, { ok: true }>) {
    this.json = $state.raw(loaded.start);
    this.run = $state.raw(loaded.startRun);
    this.grade = $state.raw(loaded.startGrade);
  }

  get id(): string {
    return this.loaded.entry.id;
  }

  get changed(): boolean {
    return this.json !== this.loaded.start;
  }

  /** Run the student's scenario and grade it; the page shows it when it lands. */
  async change(next: unknown): Promise<void> {
    this.json = next;
    this.running = true;
    const mine = ++this.#seq;
    const { run, grade } = await gradeScenario(next, this.loaded.file, 'Your scenario');
    if (mine !== this.#seq) return;
    this.running = false;
    if (!run.ok || !grade.ok) {
      this.problems = grade.ok
        ? { title: 'The run was not graded', issues: [] }
        : { title: grade.title, issues: grade.issues };
      return;
    }
    this.problems = undefined;
    this.run = run;
    this.grade = grade;
    if (next !== this.loaded.start) progress.attempt(this.id, grade.solved);
  }

  /** Back to the start scenario (its run is graded again, and not counted as an attempt). */
  reset(): Promise<void> {
    return this.change(this.loaded.start);
  }

  showHint(): void {
    this.hints = Math.min(this.hints + 1, this.loaded.file.hints.length);
  }
}
