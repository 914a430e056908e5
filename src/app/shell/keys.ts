// The page that shows a stepper registers here for the stepper's shortcuts; the shell's
// one keydown listener routes to it. Only one stepper owns the keys at a time.
import type { Action } from './shortcuts';

type Handler = (a: Action) => boolean;
let current: Handler | undefined;

export function claimStepperKeys(h: Handler): () => void {
  current = h;
  return () => {
    if (current === h) current = undefined;
  };
}

/** Returns true when a stepper handled the action. */
export const routeAction = (a: Action): boolean => current?.(a) ?? false;
