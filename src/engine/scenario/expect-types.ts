// The parts of a scenario's `expect` list that look into the trace's steps: which steps
// happen, when, how often, in which order, what a command returned and what a frame held.
// The loader (expect-read.ts) builds these; the checker (expect.ts) runs them.
import type { Layer, StepKind, Time } from '../sim/types';

/** Text to find: a substring, or a regular expression written "/…/flags". */
export type TextMatch = { readonly includes: string } | { readonly regex: RegExp };

/** A value to compare a detail or frame field with; strings written "/…/" are patterns. */
export type ValueMatch = { readonly equals: unknown } | { readonly regex: RegExp };

/** What a step must look like; every given field must hold. */
export interface StepMatcher {
  readonly node?: string;
  readonly port?: string;
  readonly kind?: StepKind;
  readonly layer?: Layer;
  readonly source?: TextMatch;
  readonly text?: TextMatch;
  /** Dotted paths into Step.detail (`netlink.errno`) and what each must be. */
  readonly detail?: ReadonlyMap<string, ValueMatch>;
  /** Only steps at this time, or within [from, to] (inclusive). */
  readonly from?: Time;
  readonly to?: Time;
}

export interface Count {
  readonly min: number;
  readonly max: number;
}

export type TraceExpectation =
  | { readonly kind: 'step'; readonly id?: string; readonly match: StepMatcher; readonly count: Count }
  | {
      readonly kind: 'order';
      /** Each entry is a step matcher (ids are resolved at load); each must happen after the previous. */
      readonly chain: readonly { readonly label: string; readonly match: StepMatcher }[];
      readonly within?: Time;
    }
  | {
      readonly kind: 'returns';
      /** Scenario traffic index of the command. */
      readonly command: number;
      readonly node: string;
      readonly errno: number;
    }
  | {
      readonly kind: 'frame';
      /** An index into Trace.frames, or the frame of the first step that matches. */
      readonly frame: number | StepMatcher;
      readonly fields: ReadonlyMap<string, ValueMatch>;
    }
  | {
      readonly kind: 'state-at';
      readonly key: string;
      /** Undefined: the end of the run. */
      readonly at?: Time;
      /** `{ unset: true }` or the value it must have. */
      readonly want: { readonly unset: true } | { readonly equals: unknown };
    };
