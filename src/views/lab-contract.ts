// What a lab plugs into the app: its scenarios and its mechanism view. The app owns the
// stepper, topology, step log, inspector and lessons; a lab's view draws the mechanism
// itself (the qeth table, the macvlan hash, the statecharts, the rings) as a pure
// function of (trace, cursor, state).
import type { Component } from 'svelte';
import type { Trace } from '../engine/sim/types';
import type { StateIndex } from '../engine/sim/state-index';

export interface LabViewProps {
  readonly trace: Trace;
  /** Index of the current step; -1 before the first. */
  readonly cursor: number;
  /** Where the cursor was before the last move: what changed is the state between the two. */
  readonly previous: number;
  /** Device state at any step: `state.at(cursor)`, `state.under(cursor, 'osa/table/')`. */
  readonly state: StateIndex;
  /** True in presenter mode: larger type, fewer details. */
  readonly presenting: boolean;
}

export interface LabScenario {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** The scenario JSON, loaded lazily so each lab's data ships in its own chunk. */
  readonly load: () => Promise<unknown>;
}

export interface LabDefinition {
  readonly id: 'bridge' | 'qeth' | 'macvlan' | 'vepa' | 'vdp' | 'virtio';
  readonly title: string;
  readonly summary: string;
  readonly scenarios: readonly LabScenario[];
  /** The mechanism view, loaded when the lab is first opened (code splitting). */
  readonly view: () => Promise<{ default: Component<LabViewProps> }>;
}
