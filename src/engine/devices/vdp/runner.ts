// Runs one XState machine inside a device with the pure transition() function, so the
// engine's virtual clock drives its timers: a delayed event that transition() hands back
// (an `after` timer such as respWaitDelay) is scheduled with ctx.schedule, and cancelled
// by token when the machine leaves the state. Nothing here starts an XState actor.
import { initialTransition, transition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { DeviceContext } from '../../sim/device';
import { machineShape } from './machines/kit';

export interface Effect {
  readonly type: string;
  readonly params: Record<string, unknown>;
}

export interface Macrostep {
  /** State before and after the macrostep. */
  readonly from: string;
  readonly to: string;
  /** Ids of the transitions taken, in order (see kit.ts). */
  readonly took: readonly string[];
  /** Actions the device must perform (send a frame, deliver, notify ...), in order. */
  readonly effects: readonly Effect[];
  /** Timers started in this macrostep: delay name and duration in ns. */
  readonly timers: readonly { name: string; ns: number }[];
}

/** Called when one of the machine's timers fires; the device sends the event and records it. */
export type TimerFired = (ctx: DeviceContext, event: { type: string }, name: string) => void;

const SKIP = new Set(['took', 'xstate.raise', 'xstate.cancel', 'xstate.assign']);

export class MachineRunner<M extends AnyStateMachine> {
  snapshot!: SnapshotFrom<M>;
  private readonly live = new Map<string, number>();
  /** When each running timer fires (virtual ns), by delay name. */
  private readonly due = new Map<string, number>();
  private token = 0;

  constructor(
    readonly machine: M,
    private readonly onTimer: TimerFired,
  ) {}

  get value(): string {
    return String((this.snapshot as { value: unknown }).value);
  }

  get context(): SnapshotFrom<M>['context'] {
    return (this.snapshot as { context: unknown }).context as SnapshotFrom<M>['context'];
  }

  get done(): boolean {
    return (this.snapshot as { status: string }).status === 'done';
  }

  /** When the running timer `name` fires (virtual ns), or undefined. */
  dueAt(name: string): number | undefined {
    return this.due.get(name);
  }

  /** Timers running now (delay names), for the views. */
  get runningTimers(): string[] {
    return [...this.live.keys()].map((id) => id.split('.')[2]);
  }

  start(ctx: DeviceContext, input?: unknown): Macrostep {
    const [snap, actions] = (initialTransition as (m: AnyStateMachine, i?: unknown) => [SnapshotFrom<M>, unknown[]])(
      this.machine,
      input,
    );
    this.snapshot = snap;
    return this.apply(ctx, machineShape(this.machine).initial, actions);
  }

  send(ctx: DeviceContext, event: { type: string } & Record<string, unknown>): Macrostep {
    const from = this.value;
    const [snap, actions] = (
      transition as (m: AnyStateMachine, s: unknown, e: unknown) => [SnapshotFrom<M>, unknown[]]
    )(this.machine, this.snapshot, event);
    this.snapshot = snap;
    return this.apply(ctx, from, actions);
  }

  private apply(ctx: DeviceContext, from: string, actions: unknown[]): Macrostep {
    const took: string[] = [];
    const effects: Effect[] = [];
    const timers: { name: string; ns: number }[] = [];
    for (const raw of actions) {
      const a = raw as { type: string; params?: Record<string, unknown> };
      if (a.type === 'took') took.push(String(a.params?.id));
      else if (a.type === 'xstate.cancel') {
        const id = String(a.params?.sendId);
        this.live.delete(id);
        // A timer started and cancelled in the same macrostep never ran: do not report it.
        const name = id.split('.')[2];
        const i = timers.findIndex((t) => t.name === name);
        if (i >= 0) timers.splice(i, 1);
      } else if (a.type === 'xstate.raise' && a.params?.delay !== undefined) {
        const id = String(a.params.id);
        const ev = a.params.event as { type: string };
        const delay = Number(a.params.delay);
        const name = id.split('.')[2] ?? id;
        const tok = ++this.token;
        this.live.set(id, tok);
        this.due.set(name, ctx.now + delay);
        timers.push({ name, ns: delay });
        ctx.schedule(delay, `${this.machine.id} ${name}`, (c) => {
          if (this.live.get(id) !== tok) return; // cancelled or restarted since
          this.live.delete(id);
          this.due.delete(name);
          this.onTimer(c, ev, name);
        });
      } else if (!SKIP.has(a.type)) effects.push({ type: a.type, params: a.params ?? {} });
    }
    return { from, to: this.value, took, effects, timers };
  }
}

/** "A → B → C" from the took ids, for decisions a student reads. */
export function pathText(m: Macrostep, shapeEdges: ReadonlyMap<string, { source: string; target?: string }>): string {
  const states = [m.from];
  for (const id of m.took) {
    const e = shapeEdges.get(id);
    if (e?.target && e.target !== states[states.length - 1]) states.push(e.target);
    else if (e?.target && e.target === states[states.length - 1]) states.push(`${e.target} (re-entered)`);
  }
  return states.join(' → ');
}
