// How the virtio parts write to the trace without knowing about the simulator: a Rec
// records one step (its state changes are flushed first, so they land on that step).
import type { ByteRange, Layer, StepKind } from '../../sim/types';

export interface StepOut {
  readonly kind?: StepKind;
  readonly layer?: Layer;
  readonly decision: string;
  readonly source: string;
  readonly detail?: Record<string, unknown>;
  readonly readBytes?: readonly ByteRange[];
}

export interface Rec {
  step(s: StepOut): void;
  /** Device state `<node>/<key>` (e.g. `vq/host.tx/num_free`), attached to the next step. */
  set(key: string, value: unknown): void;
}

/** A Rec that records nothing (unit tests of the ring arithmetic). */
export const silentRec: Rec = { step: () => {}, set: () => {} };
