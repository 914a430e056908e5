// Model-based testing kit for the VDP/ECP machines. @xstate/graph's getShortestPaths
// finds a path to every (abstracted) state; every event the state offers is then tried
// from there, so each (state, event) edge of the machine is walked once. Each walk is
// replayed twice: through XState's pure transition() and through the engine's
// MachineRunner (whose timers go through a fake ctx.schedule), and the two must agree on
// the states reached and the transitions taken. Coverage = distinct transition ids taken
// (kit.ts tags every transition) over the ids the machine object defines.
import { getShortestPaths } from '@xstate/graph';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { machineShape } from '../../src/engine/devices/vdp/machines/kit';
import { MachineRunner } from '../../src/engine/devices/vdp/runner';
import type { DeviceContext } from '../../src/engine/sim/device';

export type Ev = { type: string } & Record<string, unknown>;

export interface ModelSpec {
  name: string;
  machine: AnyStateMachine;
  /** One traversal per input (e.g. standard and lldpad behaviour). */
  inputs: unknown[];
  events: (snapshot: any) => Ev[];
  /** Abstract the context so the state space stays finite but keeps what guards read. */
  abstract: (snapshot: any) => unknown;
}

export interface ModelResult {
  name: string;
  states: { defined: number; visited: number; missing: string[] };
  transitions: { defined: number; taken: number; missing: string[] };
  walks: number;
  disagreements: string[];
}

/** The after-events a state offers: `xstate.after.<delay>.<machine>.<state>`. */
export function afterEvents(machine: AnyStateMachine, snapshot: any): Ev[] {
  const node = (machine.root.states as Record<string, any>)[String(snapshot.value)];
  if (!node) return [];
  return [...new Set((node.after ?? []).map((d: any) => d.eventType as string))].map((type) => ({
    type: type as string,
  }));
}

function fakeCtx(timers: Map<string, (c: DeviceContext) => void>): DeviceContext {
  const ctx: any = {
    now: 0,
    node: 'mbt',
    schedule: (_d: number, label: string, fn: (c: DeviceContext) => void) => timers.set(label, fn),
    note() {},
    set() {},
    count() {},
  };
  return ctx as DeviceContext;
}

/** Replay through the engine's runner; a timer event fires the scheduled callback instead of being sent. */
function replayRunner(
  machine: AnyStateMachine,
  input: unknown,
  events: Ev[],
): { value: string; took: string[]; error?: string } {
  const timers = new Map<string, (c: DeviceContext) => void>();
  const took: string[] = [];
  const ctx = fakeCtx(timers);
  const runner = new MachineRunner(machine, (c, ev) => {
    const m = runner.send(c, ev as Ev);
    took.push(...m.took);
  });
  took.push(...runner.start(ctx, input).took);
  for (const e of events) {
    if (e.type.startsWith('xstate.after.')) {
      const name = e.type.split('.')[2];
      const fn = timers.get(`${machine.id} ${name}`);
      if (!fn) return { value: runner.value, took, error: `timer ${name} was not scheduled by the engine` };
      fn(ctx);
    } else took.push(...runner.send(ctx, e).took);
  }
  return { value: runner.value, took };
}

function replayPure(
  machine: AnyStateMachine,
  input: unknown,
  events: Ev[],
): { value: string; took: string[]; snapshot: any } {
  const took: string[] = [];
  let [snap, actions] = (initialTransition as any)(machine, input);
  const collect = (acts: any[]) => acts.forEach((a) => a.type === 'took' && took.push(a.params.id));
  collect(actions);
  for (const e of events) {
    [snap, actions] = (transition as any)(machine, snap, e);
    collect(actions);
  }
  return { value: String(snap.value), took, snapshot: snap };
}

export function runModel(spec: ModelSpec): ModelResult {
  const shape = machineShape(spec.machine);
  const taken = new Set<string>();
  const visited = new Set<string>();
  const disagreements: string[] = [];
  let walks = 0;
  for (const input of spec.inputs) {
    const serializeState = (s: any): string => JSON.stringify([s.value, spec.abstract(s)]);
    const paths = getShortestPaths(spec.machine, {
      input,
      events: spec.events as any,
      serializeState: serializeState as any,
      limit: 5000,
    } as any);
    for (const p of paths) {
      const base = p.steps.slice(1).map((s: any) => s.event as Ev);
      // The path's own end snapshot, rebuilt: the graph may hand back another snapshot
      // with the same abstraction, whose context (sequence numbers) differs.
      const end = replayPure(spec.machine, input, base).snapshot;
      visited.add(String(end.value));
      for (const e of [undefined, ...spec.events(end)]) {
        const walk = e ? [...base, e] : base;
        walks++;
        const pure = replayPure(spec.machine, input, walk);
        const eng = replayRunner(spec.machine, input, walk);
        pure.took.forEach((id) => taken.add(id));
        const key = walk.map((x) => x.type).join(',');
        if (eng.error) disagreements.push(`${key}: ${eng.error}`);
        else if (eng.value !== pure.value || eng.took.join() !== pure.took.join()) {
          disagreements.push(
            `${key}: engine ${eng.value} [${eng.took.join(' ')}] vs transition() ${pure.value} [${pure.took.join(' ')}]`,
          );
        }
      }
    }
  }
  const definedIds = shape.edges.map((e) => e.id);
  const stateKeys = shape.states.map((s) => s.key);
  // Transient states are passed through inside a macrostep: count them visited when a taken edge targets them.
  for (const e of shape.edges) if (taken.has(e.id) && e.target) visited.add(e.target);
  visited.add(shape.initial);
  return {
    name: spec.name,
    states: {
      defined: stateKeys.length,
      visited: stateKeys.filter((k) => visited.has(k)).length,
      missing: stateKeys.filter((k) => !visited.has(k)),
    },
    transitions: {
      defined: definedIds.length,
      taken: definedIds.filter((id) => taken.has(id)).length,
      missing: definedIds.filter((id) => !taken.has(id)),
    },
    walks,
    disagreements,
  };
}
