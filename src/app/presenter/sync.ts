// Presenter and speaker windows stay on the same step, and agree on which questions have
// been revealed to the room, through a BroadcastChannel. Each window sends its step when
// the step changes locally and applies steps it receives; a received step is remembered
// so applying it does not echo back and forth. Reveals only ever grow, so they are sent as
// the whole set and merged.
export type SyncMessage =
  | { readonly type: 'step'; readonly lesson: string; readonly step: number; readonly from: string }
  | { readonly type: 'reveal'; readonly lesson: string; readonly ids: readonly string[]; readonly from: string }
  | { readonly type: 'hello'; readonly lesson: string; readonly from: string };

export const CHANNEL = 'netvirt-lab:presenter';
/** No lesson has this many questions; a longer list is not from this app. */
const MAX_IDS = 500;

export function isSyncMessage(m: unknown): m is SyncMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.lesson !== 'string' || typeof r.from !== 'string') return false;
  if (r.type === 'hello') return true;
  if (r.type === 'step') return typeof r.step === 'number' && Number.isInteger(r.step) && r.step >= 0;
  if (r.type === 'reveal')
    return Array.isArray(r.ids) && r.ids.length <= MAX_IDS && r.ids.every((id) => typeof id === 'string');
  return false;
}

/** The reveal half of the sync: what this window has revealed, and how to apply another's. */
export interface RevealSync {
  current(): readonly string[];
  apply(ids: readonly string[]): void;
}

export class PresenterSync {
  readonly id = Math.random().toString(36).slice(2);
  private readonly channel: BroadcastChannel | undefined;
  private lastReceived: number | undefined;

  constructor(
    private readonly lesson: string,
    private readonly onStep: (step: number) => void,
    /** Asked by a newly opened window: answer with the current step. */
    private readonly current: () => number,
    private readonly reveals?: RevealSync,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
    this.channel?.addEventListener('message', (e) => this.receive(e.data));
  }

  get available(): boolean {
    return this.channel !== undefined;
  }

  hello(): void {
    this.post({ type: 'hello', lesson: this.lesson, from: this.id });
  }

  /** Tell the other windows about a local step change. */
  send(step: number): void {
    if (step === this.lastReceived) return;
    this.lastReceived = undefined;
    this.post({ type: 'step', lesson: this.lesson, step, from: this.id });
  }

  /** Tell the other windows which questions this one has revealed. */
  sendReveals(ids: readonly string[]): void {
    this.post({ type: 'reveal', lesson: this.lesson, ids: [...ids], from: this.id });
  }

  close(): void {
    this.channel?.close();
  }

  private receive(m: unknown): void {
    if (!isSyncMessage(m) || m.lesson !== this.lesson || m.from === this.id) return;
    if (m.type === 'hello') {
      this.post({ type: 'step', lesson: this.lesson, step: this.current(), from: this.id });
      const ids = this.reveals?.current() ?? [];
      if (ids.length) this.sendReveals(ids);
      return;
    }
    if (m.type === 'reveal') {
      this.reveals?.apply(m.ids);
      return;
    }
    this.lastReceived = m.step;
    this.onStep(m.step);
  }

  private post(m: SyncMessage): void {
    this.channel?.postMessage(m);
  }
}
