// Writes a machine's macrostep into the trace: one `state` step whose decision reads the
// chain of states ("STATION_PROCWAIT → STATION_PROCWAIT_2 → ASSOC_NEW → ..."), whose
// detail carries the transition ids for the statechart's animation, and the state key
// `sm/<instance>` = { machine, state, timers } that the statechart lights at any cursor.
import type { AnyStateMachine } from 'xstate';
import type { DeviceContext } from '../../sim/device';
import { machineShape, type MachineEdge } from './machines/kit';
import { pathText, type Macrostep, type MachineRunner } from './runner';

const edgeMaps = new WeakMap<AnyStateMachine, Map<string, MachineEdge>>();

export function edgesOf(m: AnyStateMachine): Map<string, MachineEdge> {
  let e = edgeMaps.get(m);
  if (!e) {
    e = new Map(machineShape(m).edges.map((x) => [x.id, x]));
    edgeMaps.set(m, e);
  }
  return e;
}

export interface MachineLabel {
  /** State key under the node: `sm/<instance>`. */
  instance: string;
  /** What a student calls it: "VDP station, VSI of vm1". */
  title: string;
  /** Spec clause / lldpad function the machine follows. */
  source: string;
}

/** Record a macrostep (nothing when no transition was taken). `why` says what caused it. */
export function recordMacro(
  ctx: DeviceContext,
  runner: MachineRunner<AnyStateMachine>,
  label: MachineLabel,
  m: Macrostep,
  why: string,
  detail: Record<string, unknown> = {},
): void {
  publish(ctx, runner, label);
  if (m.took.length === 0) return;
  const path = pathText(m, edgesOf(runner.machine));
  const timers = m.timers.length
    ? ` Timers started: ${m.timers.map((t) => `${t.name} ${fmtNs(t.ns)}`).join(', ')}.`
    : '';
  ctx.note('state', {
    decision: `${label.title}: ${why}: ${path}.${timers}`,
    source: label.source,
    layer: 'control',
    detail: {
      sm: label.instance,
      machine: runner.machine.id,
      from: m.from,
      to: m.to,
      took: m.took,
      timers: m.timers,
      ...detail,
    },
  });
}

export function publish(ctx: DeviceContext, runner: MachineRunner<AnyStateMachine>, label: MachineLabel): void {
  ctx.set(`sm/${label.instance}`, {
    machine: runner.machine.id,
    title: label.title,
    state: runner.value,
    timers: runner.runningTimers,
  });
}

/** "2.56 ms", "15.756 s". */
export function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(5)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(1)} µs`;
  return `${ns} ns`;
}
