// Which step kinds are a node deciding something, as opposed to a frame moving.
import type { StepKind } from '../../engine/sim/types';

const MOVES: ReadonlySet<StepKind> = new Set(['inject', 'transmit', 'arrive', 'receive']);

export const isDecision = (k: StepKind): boolean => !MOVES.has(k);

/** Short words for the log's kind badges. */
export const KIND_LABEL: Readonly<Record<StepKind, string>> = {
  inject: 'inject',
  transmit: 'send',
  arrive: 'arrive',
  receive: 'receive',
  decide: 'decide',
  forward: 'forward',
  deliver: 'deliver',
  drop: 'drop',
  state: 'state',
  command: 'command',
  timer: 'timer',
  fault: 'fault',
};
