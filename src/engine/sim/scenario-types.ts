// A scenario after validation: everything the simulator needs, with units resolved.
import type { LinkSpec } from './links';
import type { Time } from './types';
import type { TraceExpectation } from '../scenario/expect-types';

export interface NodeSpec {
  readonly id: string;
  readonly type: string;
  readonly label: string;
  readonly config: unknown;
  readonly ports: readonly string[];
  readonly position?: { x: number; y: number };
  readonly group?: string;
}

export type TrafficItem =
  | {
      readonly kind: 'send';
      readonly at: Time;
      readonly node: string;
      readonly port: string;
      readonly bytes: Uint8Array;
      readonly label?: string;
    }
  | {
      readonly kind: 'command';
      readonly at: Time;
      readonly node: string;
      readonly name: string;
      readonly args: Record<string, unknown>;
      readonly label?: string;
    };

export type FaultItem =
  | { readonly kind: 'link-down' | 'link-up'; readonly at: Time; readonly link: string }
  | {
      readonly kind: 'link-impair';
      readonly at: Time;
      readonly link: string;
      readonly loss?: number;
      readonly duplicate?: number;
      readonly jitterNs?: number;
    };

/** A check on the run, written by the scenario's author; the CLI fails when one does not hold. */
export type Expectation =
  | {
      readonly kind: 'delivered';
      readonly traffic: number;
      readonly nodes: readonly string[];
      readonly exactly: boolean;
    }
  | { readonly kind: 'dropped'; readonly traffic: number; readonly node?: string; readonly reasonIncludes?: string }
  | { readonly kind: 'counter'; readonly node: string; readonly counter: string; readonly equals: number }
  | { readonly kind: 'state'; readonly key: string; readonly equals: unknown }
  | TraceExpectation;

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Stop the run at this virtual time; frames still travelling are counted in flight. */
  readonly until?: Time;
  /** Safety net against broadcast storms in looped topologies. */
  readonly maxSteps: number;
  /** The rest of the run budget (budget.ts); defaults apply when absent. */
  readonly maxEvents?: number;
  /** Virtual-time budget in nanoseconds. */
  readonly maxTime?: Time;
  /** Estimated trace memory budget in bytes. */
  readonly maxMemory?: number;
  readonly nodes: readonly NodeSpec[];
  readonly links: readonly LinkSpec[];
  readonly traffic: readonly TrafficItem[];
  readonly faults: readonly FaultItem[];
  readonly expect: readonly Expectation[];
}
