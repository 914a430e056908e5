// One cursor over several runs of a scenario, for side-by-side views: the run with the
// most steps leads, and every other run shows the step at the same virtual time (the last
// one at or before it) or at the same fraction of the run. The VEPA lab's comparison steps
// its panes the same way (views/vepa/cost/cursor-map.ts, reused here); this class holds
// the cursor, the stepping and the playing for any set of traces.
import { mapCursor, type CursorMode } from '../../views/vepa/cost/cursor-map';
import { stepCount } from '../../engine/sim/trace-access';
import type { Trace } from '../../engine/sim/types';

/** The run the shared cursor walks: the one with the most steps (the first of equals). */
export function leaderOf(traces: readonly Trace[]): number {
  let best = 0;
  traces.forEach((t, i) => {
    if (stepCount(t) > stepCount(traces[best])) best = i;
  });
  return best;
}

export class SharedCursor {
  /** The leader's step; -1 before the first. */
  cursor = $state(-1);
  previous = $state(-1);
  mode = $state<CursorMode>('time');
  playing = $state(false);
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly traces: readonly Trace[]) {}

  get lead(): number {
    return leaderOf(this.traces);
  }

  get last(): number {
    return this.traces.length ? stepCount(this.traces[this.lead]) - 1 : -1;
  }

  /** Each run's own step under the shared cursor. */
  cursors(): number[] {
    return this.cursorsAt(this.cursor);
  }

  cursorsAt(c: number): number[] {
    const lead = this.lead;
    return this.traces.map((t, i) => (i === lead ? c : mapCursor(this.traces[lead], t, c, this.mode)));
  }

  seek(target: number): void {
    const t = Math.max(-1, Math.min(this.last, Math.trunc(Number.isFinite(target) ? target : -1)));
    if (t === this.cursor) return;
    this.previous = this.cursor;
    this.cursor = t;
  }

  /** Put the cursor where run `run` is at its own step `step` (the leader's matching step). */
  seekIn(run: number, step: number): void {
    const lead = this.lead;
    this.seek(run === lead ? step : mapCursor(this.traces[run], this.traces[lead], step, this.mode));
  }

  play(everyMs = 450): void {
    this.stop();
    this.playing = true;
    this.#timer = setInterval(() => {
      if (this.cursor >= this.last) this.stop();
      else this.seek(this.cursor + 1);
    }, everyMs);
  }

  stop(): void {
    this.playing = false;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
