// A device type's stack: the layers and sub-stages a frame crosses inside one node, in the
// order the kernel (or the card, or the standard) calls them, top (closest to the
// application) to bottom (the wire). Pure data plus matchers; the layer stage
// (src/views/stage) draws one column per node from it and places each trace step in the
// slot whose matcher accepts the step's facts. Each device folder declares its stack in
// its own layers.ts; this file holds the shape, the matcher helpers and the lookup.
import type { Layer, StepKind } from '../../sim/types';

/** What a slot matcher may read of a step: the columns a trace keeps, plus `detail`. */
export interface StepFacts {
  readonly layer: Layer;
  readonly kind: StepKind;
  readonly source: string;
  readonly port?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface SlotDecl {
  readonly id: string;
  /** A few words, shown in the slot box. */
  readonly label: string;
  readonly match: (s: StepFacts) => boolean;
}

export interface StackDecl {
  /** Device types (scenario `type`) drawn with this stack. */
  readonly types: readonly string[];
  /** Top to bottom; the last slot is where the node's links attach (wire or port side). */
  readonly slots: readonly SlotDecl[];
  /**
   * Where a step that no matcher accepts goes, and why that is right for this device
   * (e.g. plain "device state" records of its configuration). Frame steps must never need it.
   */
  readonly catchAll: { readonly slot: string; readonly why: string };
}

/** The step's `source` contains one of these strings. */
export const sourceHas =
  (...parts: readonly string[]) =>
  (s: StepFacts): boolean =>
    parts.some((p) => s.source.includes(p));

/** The step's `source` matches the pattern. */
export const sourceIs =
  (re: RegExp) =>
  (s: StepFacts): boolean =>
    re.test(s.source);

export const all =
  (...ms: readonly ((s: StepFacts) => boolean)[]) =>
  (s: StepFacts): boolean =>
    ms.every((m) => m(s));

export const any =
  (...ms: readonly ((s: StepFacts) => boolean)[]) =>
  (s: StepFacts): boolean =>
    ms.some((m) => m(s));

export const layerIs =
  (...ls: readonly Layer[]) =>
  (s: StepFacts): boolean =>
    ls.includes(s.layer);

export const kindIs =
  (...ks: readonly StepKind[]) =>
  (s: StepFacts): boolean =>
    ks.includes(s.kind);

export const never = (): boolean => false;

/** The wire (or port) slot every stack ends with: links attach here, no step decides in it. */
export const wireSlot = (label: string): SlotDecl => ({ id: 'wire', label, match: never });

export interface Placement {
  readonly slot: number;
  /** True when no matcher accepted the step and it went to the stack's catch-all. */
  readonly caught: boolean;
}

/** The slot a step lands in: the first slot (top to bottom) whose matcher accepts it, else the catch-all. */
export function placeStep(stack: StackDecl, s: StepFacts): Placement {
  const i = stack.slots.findIndex((d) => d.match(s));
  if (i >= 0) return { slot: i, caught: false };
  return { slot: stack.slots.findIndex((d) => d.id === stack.catchAll.slot), caught: true };
}
