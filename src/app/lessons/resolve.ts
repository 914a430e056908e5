// A lesson tied to its trace: each text section and checkpoint gets the step index its
// query names, and each checkpoint the truth the engine recorded. Shared by the lesson
// pages and the lesson validation test, so both judge a lesson the same way.
import type { StateIndex } from '../../engine/sim/state-index';
import type { Trace } from '../../engine/sim/types';
import type { Checkpoint, LessonSection } from './parse';
import { describeQuery, findStep, truthOf } from './step-query';

export interface ResolvedSection extends LessonSection {
  /** -1 for the introduction (always shown); undefined when the query matches no step. */
  readonly stepIndex: number | undefined;
}

export interface ResolvedCheckpoint extends Checkpoint {
  /** The step the question is about; the stepper stops just before it. */
  readonly stepIndex: number;
  /** What the trace says, as a string comparable with a choice. */
  readonly truth: string | undefined;
}

export interface ResolvedLesson {
  readonly sections: readonly ResolvedSection[];
  readonly checkpoints: readonly ResolvedCheckpoint[];
  readonly problems: readonly string[];
}

export function resolveLesson(trace: Trace, state: StateIndex, sections: readonly LessonSection[], checkpoints: readonly Checkpoint[]): ResolvedLesson {
  const problems: string[] = [];
  const rs = sections.map((s, i): ResolvedSection => {
    if (!s.at) return { ...s, stepIndex: i === 0 ? -1 : undefined };
    const idx = findStep(trace, s.at);
    if (idx < 0) problems.push(`text section ${i} is tied to {${describeQuery(s.at)}}, which matches no step of the trace`);
    return { ...s, stepIndex: idx < 0 ? undefined : idx };
  });
  let prev = -1;
  for (const s of rs) {
    if (s.stepIndex === undefined || s.stepIndex < 0) continue;
    if (s.stepIndex < prev) problems.push(`text sections are out of trace order: {${describeQuery(s.at!)}} is step ${s.stepIndex + 1}, before the section above it (step ${prev + 1})`);
    prev = s.stepIndex;
  }
  const cps: ResolvedCheckpoint[] = [];
  for (const c of checkpoints) {
    const idx = findStep(trace, c.at);
    if (idx < 0) {
      problems.push(`checkpoint "${c.id}" is at {${describeQuery(c.at)}}, which matches no step of the trace`);
      continue;
    }
    const truth = truthOf(trace, state, idx, c.answer);
    if (truth === undefined) problems.push(`checkpoint "${c.id}": step ${idx + 1} has no value for "${c.answer}"`);
    else if (truth !== c.expected) problems.push(`checkpoint "${c.id}": the author expects "${c.expected}" but the trace says "${truth}" (step ${idx + 1}: ${trace.steps[idx].decision})`);
    if (truth !== undefined && !c.choices.includes(truth)) problems.push(`checkpoint "${c.id}": the true answer "${truth}" is not among its choices`);
    cps.push({ ...c, stepIndex: idx, truth });
  }
  cps.sort((a, b) => a.stepIndex - b.stepIndex);
  return { sections: rs, checkpoints: cps, problems };
}

/** Index of the section to show as current at `cursor`: the last one reached. */
export function currentSection(sections: readonly ResolvedSection[], cursor: number): number {
  let cur = 0;
  sections.forEach((s, i) => {
    if (s.stepIndex !== undefined && s.stepIndex <= cursor) cur = i;
  });
  return cur;
}


/** A place in the trace where the lesson says something: a text part or a question. */
export interface LessonMark {
  readonly step: number;
  readonly kind: 'text' | 'checkpoint';
  /** Index into sections or checkpoints. */
  readonly index: number;
}

/** Every text part (after the introduction) and checkpoint, in trace order. */
export function lessonMarks(lesson: Pick<ResolvedLesson, 'sections' | 'checkpoints'>): LessonMark[] {
  const marks: LessonMark[] = [];
  lesson.sections.forEach((s, index) => {
    if (s.stepIndex !== undefined && s.stepIndex >= 0) marks.push({ step: s.stepIndex, kind: 'text', index });
  });
  lesson.checkpoints.forEach((c, index) => marks.push({ step: c.stepIndex, kind: 'checkpoint', index }));
  return marks.sort((a, b) => a.step - b.step || (a.kind === b.kind ? a.index - b.index : a.kind === 'text' ? -1 : 1));
}

/**
 * The longest stretch of steps a student walks with nothing new to read or answer: between
 * the start, each mark and the last step. Lessons keep it short (test/lessons/pacing.test.ts).
 */
export function largestGap(
  lesson: Pick<ResolvedLesson, 'sections' | 'checkpoints'>,
  stepCount: number,
): { steps: number; from: number; to: number } {
  const at = [0, ...lessonMarks(lesson).map((m) => m.step), stepCount - 1];
  let best = { steps: 0, from: 0, to: 0 };
  for (let i = 1; i < at.length; i++)
    if (at[i] - at[i - 1] > best.steps) best = { steps: at[i] - at[i - 1], from: at[i - 1], to: at[i] };
  return best;
}
