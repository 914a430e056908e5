// Reading one step of a trace without making all of them. A RecordedTrace (fresh from the
// engine) answers from its columns; a plain Trace (a copy, a test fixture) from its array.
// Views and lesson code use these, never `trace.steps`, so a long trace stays columns.
import { RecordedTrace } from './recorded-trace';
import type { Layer, Step, StepKind, Time, Trace } from './types';

export function stepCount(t: Trace): number {
  return t instanceof RecordedTrace ? t.stepCount : t.steps.length;
}

/** Step i, or undefined outside the trace. */
export function stepAt(t: Trace, i: number): Step | undefined {
  if (!Number.isInteger(i) || i < 0 || i >= stepCount(t)) return undefined;
  return t instanceof RecordedTrace ? t.step(i) : t.steps[i];
}

export function nodeAt(t: Trace, i: number): string {
  return t instanceof RecordedTrace ? t.nodeAt(i) : t.steps[i].node;
}

export function portAt(t: Trace, i: number): string | undefined {
  return t instanceof RecordedTrace ? t.portAt(i) : t.steps[i].port;
}

export function kindAt(t: Trace, i: number): StepKind {
  return t instanceof RecordedTrace ? t.kindAt(i) : t.steps[i].kind;
}

export function layerAt(t: Trace, i: number): Layer {
  return t instanceof RecordedTrace ? t.layerAt(i) : t.steps[i].layer;
}

export function timeAt(t: Trace, i: number): Time {
  return t instanceof RecordedTrace ? t.timeAt(i) : t.steps[i].time;
}

export function sourceAt(t: Trace, i: number): string {
  return t instanceof RecordedTrace ? t.sourceAt(i) : t.steps[i].source;
}

/** Step i's packet copy, or 0 when it has none. */
export function pidAt(t: Trace, i: number): number {
  return t instanceof RecordedTrace ? t.pidAt(i) : (t.steps[i].packet?.pid ?? 0);
}

/** Step i's index into `frames`, or -1 when it carries no bytes. */
export function frameAt(t: Trace, i: number): number {
  return t instanceof RecordedTrace ? t.frameAt(i) : (t.steps[i].frame ?? -1);
}

/** The first step at or after `from` whose node and kind satisfy `match`, or -1; a long trace is scanned by its columns. */
export function nextStepWhere(t: Trace, from: number, match: (node: string, kind: StepKind) => boolean): number {
  if (t instanceof RecordedTrace) return t.nextWhere(from, match);
  for (let i = Math.max(0, from); i < t.steps.length; i++) if (match(t.steps[i].node, t.steps[i].kind)) return i;
  return -1;
}
