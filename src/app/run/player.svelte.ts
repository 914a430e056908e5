// The stepper: the cursor over a trace and everything that moves it. The cursor is the
// only mutable thing the UI owns about a run; stepping back is just a smaller cursor.
// `gate` lets a lesson stop forward motion before an unanswered checkpoint.
import { nextStepWhere, stepCount } from '../../engine/sim/trace-access';
import type { Trace } from '../../engine/sim/types';
import { isDecision } from './step-kinds';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
/** Time per step at speed 1 while playing. */
const BASE_STEP_MS = 900;

export class Player {
  /** Index of the current step; -1 = before the first step. */
  cursor = $state(-1);
  /** Where the cursor was before the last move: views animate from here. */
  previous = $state(-1);
  playing = $state(false);
  speed = $state(1);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly trace: Trace,
    start = -1,
    /** Furthest cursor a forward move may reach from `from` (lessons stop before checkpoints). */
    private readonly gate: (from: number) => number = () => Infinity,
  ) {
    this.cursor = this.clamp(start);
    this.previous = this.cursor;
  }

  get last(): number {
    return stepCount(this.trace) - 1;
  }

  get stepMs(): number {
    return BASE_STEP_MS / this.speed;
  }

  clamp(i: number): number {
    return Math.max(-1, Math.min(this.last, Math.trunc(Number.isFinite(i) ? i : -1)));
  }

  /** Move to `target`; forward moves stop at the gate. Returns the cursor reached. */
  seek(target: number): number {
    let t = this.clamp(target);
    if (t > this.cursor) t = Math.min(t, Math.max(this.cursor, this.gate(this.cursor)));
    if (t !== this.cursor) {
      this.previous = this.cursor;
      this.cursor = t;
    }
    return this.cursor;
  }

  /** Set from outside (a synced window, a deep link): no gate, no animation. */
  jump(target: number): void {
    const t = this.clamp(target);
    this.previous = t;
    this.cursor = t;
  }

  forward(): boolean {
    const before = this.cursor;
    return this.seek(this.cursor + 1) !== before;
  }

  back(): void {
    this.stop();
    this.seek(this.cursor - 1);
  }

  toStart(): void {
    this.stop();
    this.seek(-1);
  }

  toEnd(): void {
    this.stop();
    this.seek(this.last);
  }

  /** Next step after the cursor where `node` makes a decision (not just carries the frame). */
  nextDecisionAt(node: string): number {
    return nextStepWhere(this.trace, this.cursor + 1, (n, kind) => n === node && isDecision(kind));
  }

  toNextDecision(node: string): boolean {
    const i = this.nextDecisionAt(node);
    if (i < 0) return false;
    this.stop();
    this.seek(i);
    return this.cursor === i;
  }

  toggle(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  play(): void {
    if (this.cursor >= this.last) this.seek(-1);
    this.playing = true;
    this.tick();
  }

  stop(): void {
    this.playing = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  setSpeed(s: number): void {
    this.speed = (SPEEDS as readonly number[]).includes(s) ? s : 1;
  }

  private tick(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (!this.playing) return;
      if (!this.forward() || this.cursor >= this.last) this.stop();
      else this.tick();
    }, this.stepMs);
  }

  destroy(): void {
    this.stop();
  }
}
