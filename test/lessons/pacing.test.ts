// No lesson makes a student walk more than MAX_GAP steps with nothing new to read or answer
// (issue 12): between the start, each text part, each checkpoint and the last step. A long
// trace is paced with text parts pinned to steps, or the scenario is made shorter.
import { describe, expect, it } from 'vitest';
import { largestGap } from '../../src/app/lessons/resolve';
import { lessonFolders, loadLesson } from './lesson-set';

const MAX_GAP = 40;

const gaps = lessonFolders.map((id) => {
  const l = loadLesson(id);
  const steps = l.trace?.steps.length ?? 0;
  return { id, steps, gap: l.resolved ? largestGap(l.resolved, steps) : undefined };
});

describe('lesson pacing', () => {
  it(`every lesson has a text part or a question at least every ${MAX_GAP} steps`, () => {
    const measured = gaps.filter((g) => g.gap);
    expect(measured.length, 'lessons whose scenario runs').toBe(lessonFolders.length);
    const worst = measured.reduce((a, b) => (b.gap!.steps > a.gap!.steps ? b : a));
    const over = measured.filter((g) => g.gap!.steps > MAX_GAP);
    const say = (g: (typeof gaps)[number]) =>
      `${g.id}: ${g.gap!.steps} steps between step ${g.gap!.from + 1} and step ${g.gap!.to + 1} (of ${g.steps})`;
    expect(over.map(say), `worst: ${say(worst)}`).toEqual([]);
  });
});
