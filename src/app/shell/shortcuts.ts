// Every keyboard shortcut in one list: the help overlay shows it and the key handler
// follows it, so the two cannot drift apart.
export type Action =
  | 'forward'
  | 'back'
  | 'toggle'
  | 'start'
  | 'end'
  | 'next-part'
  | 'next-decision'
  | 'faster'
  | 'slower'
  | 'help'
  | 'theme'
  | 'close'
  | 'zoom';

export interface Shortcut {
  readonly keys: readonly string[];
  readonly action: Action;
  readonly does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['ArrowRight', 'PageDown'], action: 'forward', does: 'Step forward (PageDown: presentation clicker)' },
  { keys: ['ArrowLeft', 'PageUp'], action: 'back', does: 'Step back' },
  { keys: [' '], action: 'toggle', does: 'Play or pause' },
  { keys: ['Home'], action: 'start', does: 'Jump to the start' },
  { keys: ['End'], action: 'end', does: 'Jump to the end' },
  {
    keys: ['n'],
    action: 'next-part',
    does: 'Next part of the lesson or its next question (on a lab page: next decision)',
  },
  { keys: ['d'], action: 'next-decision', does: 'Next decision at the chosen node' },
  { keys: ['+', '='], action: 'faster', does: 'Play faster' },
  { keys: ['-'], action: 'slower', does: 'Play slower' },
  { keys: ['z'], action: 'zoom', does: 'Zoom the layer stage on the deciding device (and back)' },
  { keys: ['t'], action: 'theme', does: 'Switch theme (system, light, dark)' },
  { keys: ['?'], action: 'help', does: 'Show or hide this help' },
  { keys: ['Escape'], action: 'close', does: 'Close this help or the side panel' },
];

const byKey = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

export const keyName = (k: string): string =>
  k === ' ' ? 'Space' : k === 'ArrowRight' ? '→' : k === 'ArrowLeft' ? '←' : k;

/**
 * The action a key press asks for, or undefined when the press belongs to the focused
 * control: typing in a field, arrows in a slider or list, Space/Enter on a button that is
 * not one of the stepper's own.
 */
export function actionFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): Action | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const action = byKey.get(e.key);
  if (!action) return undefined;
  const el = e.target as HTMLElement | null;
  const tag = el?.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el?.isContentEditable) return undefined;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    // The scrubber moves itself with arrows, Home/End and PageUp/PageDown (same effect);
    // every other shortcut still works on it.
    if (type === 'range') return /^(Arrow|Home$|End$|Page)/.test(e.key) ? undefined : action;
    if (type !== 'radio' && type !== 'checkbox') return undefined;
    if (e.key.startsWith('Arrow') || e.key === ' ') return undefined;
  }
  const inStepper = el?.closest?.('[data-stepper-keys]') !== null && el?.closest?.('[data-stepper-keys]') !== undefined;
  if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter') && !inStepper)
    return undefined;
  return action;
}
