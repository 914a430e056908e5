// The checkpoint gate, as plain functions of (checkpoints, which answers are final,
// cursor): the lesson page, presenter mode and the tests that walk every lesson all use
// these, so "where does the stepper stop" and "which question is on screen" can never
// disagree. Checkpoints come sorted by step (resolveLesson), lesson order within a step.
export interface GateCheckpoint {
  readonly id: string;
  /** The step the question is about; the stepper stops just before it. */
  readonly stepIndex: number;
}

export type IsFinal = (id: string) => boolean;

/** Furthest cursor a forward move from `from` may reach: just before the next open checkpoint. */
export function gateFor(checkpoints: readonly GateCheckpoint[], isFinal: IsFinal, from: number): number {
  for (const c of checkpoints) if (c.stepIndex > from && !isFinal(c.id)) return c.stepIndex - 1;
  return Infinity;
}

/**
 * The question the stepper is waiting on at `cursor`: the first open checkpoint asked just
 * before the next step. Several on one step are asked one after another, in lesson order.
 */
export function pendingAt<C extends GateCheckpoint>(
  checkpoints: readonly C[],
  isFinal: IsFinal,
  cursor: number,
): C | undefined {
  return checkpoints.find((c) => c.stepIndex - 1 === cursor && !isFinal(c.id));
}

/**
 * Checkpoints answered (or tried) about the steps around `cursor`: asked here and not yet
 * shown, or about the step the cursor is on. Their feedback stays on screen beside the
 * next question.
 */
export function answeredAt<C extends GateCheckpoint>(
  checkpoints: readonly C[],
  hasAnswer: (id: string) => boolean,
  isFinal: IsFinal,
  cursor: number,
): C[] {
  return checkpoints.filter(
    (c) => (c.stepIndex - 1 === cursor || c.stepIndex === cursor) && hasAnswer(c.id) && isFinal(c.id),
  );
}
