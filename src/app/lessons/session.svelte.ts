// A lesson being followed: the Player over its trace with the checkpoint gate, and what the
// page shows at the cursor (the text part, the question waiting, the feedback of those just
// answered). The gate's rules live in gate.ts; answers go to an AnswerBook: the student's
// saved progress in a lesson, the presenter's reveals in the room.
import { Player } from '../run/player.svelte';
import { progress } from '../progress/progress.svelte';
import { isFinal, own, withTry, type CheckpointAnswer } from '../progress/store';
import { currentSection, lessonMarks, type LessonMark, type ResolvedCheckpoint } from './resolve';
import { answeredAt, gateFor, pendingAt } from './gate';
import type { LoadedLesson } from './load-lesson';

export interface AnswerBook {
  get(id: string): CheckpointAnswer | undefined;
  /** Record one more try; returns the record. */
  record(id: string, choice: string, correct: boolean): CheckpointAnswer;
}

/** The student's answers, kept in saved progress under the lesson's id. */
export function progressBook(lesson: string): AnswerBook {
  return {
    get: (id) => own(progress.lesson(lesson)?.answers ?? {}, id),
    record(id, choice, correct) {
      let rec!: CheckpointAnswer;
      progress.update(lesson, (p) => {
        rec = withTry(own(p.answers, id), choice, correct);
        return { ...p, answers: { ...p.answers, [id]: rec } };
      });
      return rec;
    },
  };
}

/** Presenter mode: the room predicts, the presenter reveals; nothing is saved. */
export class RevealBook implements AnswerBook {
  revealed = $state.raw<ReadonlySet<string>>(new Set());

  get(id: string): CheckpointAnswer | undefined {
    return this.revealed.has(id) ? { choice: '', correct: true, tries: 1, firstTryCorrect: true } : undefined;
  }

  record(id: string): CheckpointAnswer {
    this.revealed = new Set([...this.revealed, id]);
    return this.get(id)!;
  }
}

export class LessonSession {
  readonly player: Player;
  readonly marks: readonly LessonMark[];

  constructor(
    readonly loaded: Extract<LoadedLesson, { ok: true }>,
    step: number,
    readonly book: AnswerBook = progressBook(loaded.entry.id),
  ) {
    const cps = loaded.lesson.checkpoints;
    const final = (id: string) => isFinal(book.get(id));
    // A deep link or a reload past an open question lands on that question.
    this.player = new Player(loaded.run.trace, Math.min(step - 1, gateFor(cps, final, -1)), (from) =>
      gateFor(cps, final, from),
    );
    this.marks = lessonMarks(loaded.lesson);
  }

  get id(): string {
    return this.loaded.entry.id;
  }

  get checkpoints(): readonly ResolvedCheckpoint[] {
    return this.loaded.lesson.checkpoints;
  }

  answerOf(id: string): CheckpointAnswer | undefined {
    return this.book.get(id);
  }

  isFinal = (id: string): boolean => isFinal(this.book.get(id));

  get section(): number {
    return currentSection(this.loaded.lesson.sections, this.player.cursor);
  }

  /** The question the stepper waits on at the cursor, if any. */
  get pending(): ResolvedCheckpoint | undefined {
    return pendingAt(this.checkpoints, this.isFinal, this.player.cursor);
  }

  /** Questions about the steps around the cursor that are answered: their feedback shows. */
  get answered(): ResolvedCheckpoint[] {
    return answeredAt(this.checkpoints, (id) => this.book.get(id) !== undefined, this.isFinal, this.player.cursor);
  }

  get gated(): boolean {
    return this.pending !== undefined;
  }

  /** One try at a checkpoint; wrong first tries leave it open for another. */
  answer(id: string, choice: string): CheckpointAnswer | undefined {
    const k = this.checkpoints.find((c) => c.id === id);
    if (!k || this.isFinal(id)) return undefined;
    return this.book.record(id, choice, choice === k.truth);
  }

  /** The next text part or question after the cursor (a checkpoint's mark is the step before it). */
  nextMark(): number | undefined {
    const c = this.player.cursor;
    for (const m of this.marks) {
      const at = m.kind === 'checkpoint' ? m.step - 1 : m.step;
      if (at > c) return at;
    }
    return undefined;
  }

  /** Move to the next text part or question (stops at the gate like any forward move). */
  toNextMark(): boolean {
    const at = this.nextMark() ?? this.player.last;
    const before = this.player.cursor;
    this.player.stop();
    return this.player.seek(at) !== before;
  }

  /** How many checkpoints were right on the first try, of how many answered. */
  get score(): { firstTry: number; answered: number; total: number } {
    let firstTry = 0;
    let answered = 0;
    for (const c of this.checkpoints) {
      const a = this.book.get(c.id);
      if (!a) continue;
      answered++;
      if (a.firstTryCorrect) firstTry++;
    }
    return { firstTry, answered, total: this.checkpoints.length };
  }

  /** Record the cursor as the lesson's progress (0 = before the first step). */
  save(): void {
    const s = this.player.cursor + 1;
    const last = this.player.last;
    progress.update(this.id, (p) => ({ ...p, step: s, done: p.done || s - 1 === last }));
  }
}
