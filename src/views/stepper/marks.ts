// Marks on the scrubber: where a lesson's text parts and questions are, and where frames
// are dropped, so a student sees what lies ahead and can aim for it.
import { stepsWhere } from '../../engine/sim/trace-access';
import type { Trace } from '../../engine/sim/types';

export type ScrubMarkKind = 'text' | 'checkpoint' | 'drop';

export interface ScrubMark {
  /** Step index the mark sits on. */
  readonly step: number;
  readonly kind: ScrubMarkKind;
  /** Words for a tooltip and the marks list. */
  readonly label: string;
}

const dropCache = new WeakMap<Trace, readonly number[]>();

/** Every drop step of a trace, found once per trace from its kind column. */
export function dropSteps(trace: Trace): readonly number[] {
  let d = dropCache.get(trace);
  if (!d) {
    // The kind is asked once per site (a few hundred), not once per step.
    dropCache.set(trace, (d = [...stepsWhere(trace, (_node, kind) => kind === 'drop')]));
  }
  return d;
}

/** Drops as marks; a trace with thousands of drops is thinned to at most `max` marks. */
export function dropMarks(trace: Trace, max = 200): ScrubMark[] {
  const all = dropSteps(trace);
  const every = Math.max(1, Math.ceil(all.length / max));
  const out: ScrubMark[] = [];
  for (let i = 0; i < all.length; i += every)
    out.push({ step: all[i], kind: 'drop', label: `Drop at step ${all[i] + 1}` });
  return out;
}

/** Position of a step on a scrubber whose range runs from -1 (before the first step) to `last`. */
export const markPercent = (step: number, last: number): number => (last < 0 ? 0 : ((step + 1) / (last + 1)) * 100);
