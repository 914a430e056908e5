// Presenter and speaker windows stay on the same step through a BroadcastChannel. Each
// window sends its step when the step changes locally and applies steps it receives;
// a received step is remembered so applying it does not echo back and forth.
export type SyncMessage =
  | { readonly type: 'step'; readonly lesson: string; readonly step: number; readonly from: string }
  | { readonly type: 'hello'; readonly lesson: string; readonly from: string };

export const CHANNEL = 'netvirt-lab:presenter';

export function isSyncMessage(m: unknown): m is SyncMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.lesson !== 'string' || typeof r.from !== 'string') return false;
  return (
    r.type === 'hello' || (r.type === 'step' && typeof r.step === 'number' && Number.isInteger(r.step) && r.step >= 0)
  );
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

  close(): void {
    this.channel?.close();
  }

  private receive(m: unknown): void {
    if (!isSyncMessage(m) || m.lesson !== this.lesson || m.from === this.id) return;
    if (m.type === 'hello') {
      this.post({ type: 'step', lesson: this.lesson, step: this.current(), from: this.id });
      return;
    }
    this.lastReceived = m.step;
    this.onStep(m.step);
  }

  private post(m: SyncMessage): void {
    this.channel?.postMessage(m);
  }
}
