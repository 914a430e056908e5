// A lesson being followed: the Player over its trace with the checkpoint gate, and what the
// page shows at the cursor (current text section, the checkpoint waiting or just answered).
// Answers go to the progress store; the stepper stops before each unanswered checkpoint.
import { Player } from '../run/player.svelte';
import { progress } from '../progress/progress.svelte';
import { currentSection, gateFor } from './resolve';
import type { LoadedLesson } from './load-lesson';

export class LessonSession {
  readonly player: Player;

  constructor(
    readonly loaded: Extract<LoadedLesson, { ok: true }>,
    step: number,
  ) {
    const cps = loaded.lesson.checkpoints;
    const answered = (id: string) => progress.lesson(loaded.entry.id)?.answers[id] !== undefined;
    this.player = new Player(loaded.run.trace, Math.min(step - 1, gateFor(cps, answered, -1)), (from) => gateFor(cps, answered, from));
  }

  get id(): string {
    return this.loaded.entry.id;
  }

  get answers() {
    return progress.value.lessons[this.id]?.answers ?? {};
  }

  get section(): number {
    return currentSection(this.loaded.lesson.sections, this.player.cursor);
  }

  /** The checkpoint at the cursor: waiting just before its step, or just answered at it. */
  get checkpoint() {
    const c = this.player.cursor;
    return this.loaded.lesson.checkpoints.find((k) => k.stepIndex - 1 === c || (k.stepIndex === c && this.answers[k.id]));
  }

  get gated(): boolean {
    const k = this.checkpoint;
    return !!k && !this.answers[k.id] && k.stepIndex - 1 === this.player.cursor;
  }

  answer(choice: string): void {
    const k = this.checkpoint;
    if (!k) return;
    progress.update(this.id, (p) => ({ ...p, answers: { ...p.answers, [k.id]: { choice, correct: choice === k.truth } } }));
  }

  /** Record the cursor as the lesson's progress (0 = before the first step). */
  save(): void {
    const s = this.player.cursor + 1;
    const last = this.player.last;
    progress.update(this.id, (p) => ({ ...p, step: s, done: p.done || s - 1 === last }));
  }
}
