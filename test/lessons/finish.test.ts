// Every lesson can be finished. A simulated student drives the real LessonSession and Player
// (the code the lesson page runs) through each lesson folder: stepping, jumping to the end,
// stepping back, reloading at random points, answering each question wrong first and then
// right. Whenever the stepper cannot move forward before the last step, a question must be
// waiting (never an answered one in its place), and the walk must reach the last step.
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LessonSession, RevealBook } from '../../src/app/lessons/session.svelte';
import { progress } from '../../src/app/progress/progress.svelte';
import { lessonFolders, loadFolder } from './load-folder';

const folders = lessonFolders();

type Action =
  | { t: 'forward' }
  | { t: 'back'; n: number }
  | { t: 'end' }
  | { t: 'start' }
  | { t: 'next-part' }
  | { t: 'seek'; at: number }
  | { t: 'reload' }
  | { t: 'answer'; right: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant<Action>({ t: 'forward' }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 5 }).map<Action>((n) => ({ t: 'back', n })), weight: 1 },
  { arbitrary: fc.constant<Action>({ t: 'end' }), weight: 3 },
  { arbitrary: fc.constant<Action>({ t: 'start' }), weight: 1 },
  { arbitrary: fc.constant<Action>({ t: 'next-part' }), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map<Action>((at) => ({ t: 'seek', at })), weight: 1 },
  { arbitrary: fc.constant<Action>({ t: 'reload' }), weight: 1 },
  { arbitrary: fc.boolean().map<Action>((right) => ({ t: 'answer', right })), weight: 3 },
);

/** A blocked stepper always has its question on screen. */
function expectNoDeadEnd(s: LessonSession, where: string): void {
  const p = s.player;
  if (p.cursor >= p.last) return;
  const before = p.cursor;
  const moved = p.forward();
  if (moved) p.seek(before);
  else expect(s.pending, `${where}: the stepper is stuck at step ${before + 1} with no question on screen`).toBeDefined();
}

function answerPending(s: LessonSession, right: boolean): void {
  const k = s.pending;
  if (!k) return;
  const wrong = k.choices.find((c) => c !== k.truth)!;
  s.answer(k.id, right ? k.truth! : wrong);
}

/** The student who just wants to finish: End, answer (wrong, then right), continue, repeat. */
function finishByEnd(id: string): { session: LessonSession; rounds: number } {
  let s = new LessonSession(loadFolder(id), 0);
  let rounds = 0;
  while (s.player.cursor < s.player.last && rounds++ < 500) {
    s.player.toEnd();
    s.save();
    expectNoDeadEnd(s, id);
    if (s.player.cursor === s.player.last) break;
    const k = s.pending!;
    answerPending(s, false);
    expect(s.isFinal(k.id), `${id}: a wrong first try at "${k.id}" leaves it open for another`).toBe(false);
    expect(s.pending?.id, `${id}: the same question stays on screen after a wrong try`).toBe(k.id);
    answerPending(s, true);
    expect(s.isFinal(k.id)).toBe(true);
    // Continue ("Show step N"), and every few rounds reload the page where we are.
    s.player.seek(k.stepIndex);
    s.save();
    if (rounds % 3 === 0) s = new LessonSession(s.loaded, s.player.cursor + 1);
  }
  return { session: s, rounds };
}

describe('every lesson can be finished', () => {
  beforeEach(() => progress.reset());

  it.each(folders)('%s: End, wrong then right, continue, reload: reaches the last step', (id) => {
    const { session } = finishByEnd(id);
    expect(session.player.cursor).toBe(session.player.last);
    const score = session.score;
    expect(score.answered).toBe(score.total);
    expect(score.firstTry, 'every first try was wrong').toBe(0);
    expect(progress.lesson(id)?.done).toBe(true);
  });

  it.each(folders)('%s: random stepping, back-steps, reloads and answers never dead-end', (id) => {
    const loaded = loadFolder(id);
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 60 }), (actions) => {
        progress.reset();
        let s = new LessonSession(loaded, 0);
        for (const a of actions) {
          const p = s.player;
          if (a.t === 'forward') p.forward();
          else if (a.t === 'back') for (let i = 0; i < a.n; i++) p.back();
          else if (a.t === 'end') p.toEnd();
          else if (a.t === 'start') p.toStart();
          else if (a.t === 'next-part') s.toNextMark();
          else if (a.t === 'seek') p.seek(Math.round(a.at * p.last));
          else if (a.t === 'answer') answerPending(s, a.right);
          else if (a.t === 'reload') {
            s.save();
            s = new LessonSession(loaded, s.player.cursor + 1);
          }
          s.save();
          expectNoDeadEnd(s, id);
          // Nothing ever jumps past an open question.
          for (const c of s.checkpoints)
            if (c.stepIndex <= s.player.cursor) expect(s.isFinal(c.id), `${id}: passed "${c.id}" unanswered`).toBe(true);
        }
        // Then finish from wherever the walk left off.
        let guard = 0;
        while (s.player.cursor < s.player.last && guard++ < 500) {
          if (!s.toNextMark()) answerPending(s, guard % 2 === 0);
        }
        expect(s.player.cursor).toBe(s.player.last);
      }),
      { seed: 12, numRuns: 15 },
    );
  });

  it.each(folders)('%s: presenter mode reveals every question in turn and reaches the end', (id) => {
    const loaded = loadFolder(id);
    const book = new RevealBook();
    const s = new LessonSession(loaded, 0, book);
    const asked: string[] = [];
    let guard = 0;
    while (s.player.cursor < s.player.last && guard++ < 500) {
      s.player.toEnd();
      const k = s.pending;
      if (!k) continue;
      asked.push(k.id);
      s.answer(k.id, '');
      expect(s.answered.map((c) => c.id)).toContain(k.id);
    }
    expect(s.player.cursor).toBe(s.player.last);
    expect(asked).toEqual(loaded.lesson.checkpoints.map((c) => c.id));
    expect(progress.lesson(id), 'presenter mode saves nothing').toBeUndefined();
  });
});
