// The run budget: what bounds the work of one run, whatever the scenario says. `maxSteps`
// alone bounded only what is recorded, and some models (the virtio ring's polling and
// timers) run millions of events that record nothing, so a large `until` could run for
// hours. The budget counts events processed, virtual time reached, recorded steps and an
// estimate of the trace's memory; the first limit reached ends the run with one final
// step that says which, where and how to raise it. The limits and their ranges live here,
// so the loader, the JSON schema's documentation and the simulator agree.
import { stepAt, stepCount } from './trace-access';
import type { Time, Trace } from './types';

/** Longest duration a scenario may give: about 11.6 days, well inside exact integers (2^53 ns). */
export const MAX_DURATION_NS = 1e15;

export interface BudgetLimit {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The limits a scenario may set at its top level. Ranges are what fits: the bench keeps
 * about 70 bytes per recorded step (120 is the target we estimate with), so 5,000,000 steps
 * is at most 600 MB; 2 GiB of estimated trace is the most a browser tab's worker can hold.
 */
export const BUDGET_LIMITS = {
  maxSteps: { default: 2_000_000, min: 1, max: 5_000_000 },
  maxEvents: { default: 10_000_000, min: 1, max: 200_000_000 },
  /** Virtual time, in nanoseconds: one hour by default. */
  maxTime: { default: 3600e9, min: 1, max: MAX_DURATION_NS },
  /** Estimated bytes of trace (see estimateBytes). */
  maxMemory: { default: 1024 * 2 ** 20, min: 2 ** 20, max: 2 * 2 ** 30 },
} as const satisfies Record<string, BudgetLimit>;

export type BudgetKey = keyof typeof BUDGET_LIMITS;

export interface RunBudget {
  readonly maxSteps: number;
  readonly maxEvents: number;
  readonly maxTime: Time;
  readonly maxMemory: number;
}

/** Bytes one recorded step is estimated to keep (the bench's target; it measures about 70). */
export const STEP_BYTES = 120;
/** Bytes one packet copy's ledger and table entries keep. */
export const COPY_BYTES = 48;

/** An estimate of the trace's memory: steps, distinct frame bytes and packet copies. */
export const estimateBytes = (steps: number, frameBytes: number, copies: number): number =>
  steps * STEP_BYTES + frameBytes + copies * COPY_BYTES;

/** The budget a scenario asks for, with the defaults for what it leaves out. */
export function budgetOf(s: Partial<RunBudget>): RunBudget {
  return {
    maxSteps: s.maxSteps ?? BUDGET_LIMITS.maxSteps.default,
    maxEvents: s.maxEvents ?? BUDGET_LIMITS.maxEvents.default,
    maxTime: s.maxTime ?? BUDGET_LIMITS.maxTime.default,
    maxMemory: s.maxMemory ?? BUDGET_LIMITS.maxMemory.default,
  };
}

/** What the run has used so far, checked after every event. */
export interface BudgetUse {
  readonly events: number;
  readonly steps: number;
  readonly bytes: number;
}

export interface BudgetStop {
  readonly key: BudgetKey;
  readonly decision: string;
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0)} MiB`;
const sec = (ns: number): string => `${+(ns / 1e9).toFixed(6)}s`;

/** The limit this use has reached, if any, with the words of the final step. */
export function budgetReached(b: RunBudget, use: BudgetUse, now: Time): BudgetStop | undefined {
  const at = `at t=${sec(now)}`;
  if (use.events >= b.maxEvents)
    return {
      key: 'maxEvents',
      decision: `Run stopped: budget of ${b.maxEvents} events reached ${at} (${use.steps} steps recorded); raise maxEvents in the scenario to run further, or give a smaller "until".`,
    };
  if (use.steps >= b.maxSteps)
    return {
      key: 'maxSteps',
      decision: `Run stopped: budget of ${b.maxSteps} steps reached ${at} (maxSteps): the scenario may loop, for example a broadcast storm in a looped topology; raise maxSteps to record more.`,
    };
  if (use.bytes >= b.maxMemory)
    return {
      key: 'maxMemory',
      decision: `Run stopped: budget of ${mib(b.maxMemory)} of trace reached ${at} (about ${mib(use.bytes)} estimated for ${use.steps} steps); raise maxMemory to record more.`,
    };
  return undefined;
}

/** The final step's words when the next event lies beyond the virtual-time budget. */
export const timeBudgetDecision = (b: RunBudget, next: Time): string =>
  `Run stopped: budget of ${sec(b.maxTime)} of virtual time reached (the next event is at t=${sec(next)}); raise maxTime in the scenario, or give a smaller "until".`;

/** The source every budget step names: the CLI and the app recognise a stopped run by it. */
export const BUDGET_SOURCE = 'NetVirt Lab run budget';

/** The limit that stopped this trace, read from its last step, or undefined when it ran out on its own. */
export function budgetStopOf(t: Trace): { key: BudgetKey; decision: string; step: number } | undefined {
  const n = stepCount(t);
  const last = n > 0 ? stepAt(t, n - 1) : undefined;
  const key = last?.detail?.budget;
  if (!last || last.source !== BUDGET_SOURCE || typeof key !== 'string' || !Object.hasOwn(BUDGET_LIMITS, key))
    return undefined;
  return { key: key as BudgetKey, decision: last.decision, step: n - 1 };
}
