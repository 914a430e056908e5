// Helpers shared by the VDP/ECP machines.
//
// Every transition of a machine is tagged, after createMachine(), with a `took` action
// whose id names it ("STATION_PROCWAIT --RESPONSE--> STATION_PROCWAIT_2"). The pure
// transition() returns those actions in the order taken, so the engine can record the
// whole run-to-completion chain of a macrostep (lldpad's `do { action } while (move())`),
// the statechart can animate the arrows just taken, and the model-based tests can count
// transition coverage. The machine definitions stay free of bookkeeping.
import type { AnyStateMachine } from 'xstate';

export interface MachineEdge {
  /** Unique id: `${source}:${eventLabel}#${index}`. */
  readonly id: string;
  readonly source: string;
  /** Target state key; equals source for a self-loop; undefined for a targetless (internal) transition. */
  readonly target?: string;
  /** Event type, "always" for eventless moves, or "after(delayName)" for timers. */
  readonly event: string;
  readonly guard?: string;
  /** True when the transition re-enters its own state (restarting its timers). */
  readonly reenter: boolean;
}

export interface MachineShape {
  readonly id: string;
  readonly initial: string;
  readonly states: readonly { key: string; final: boolean; description?: string }[];
  readonly edges: readonly MachineEdge[];
}

const shapes = new WeakMap<AnyStateMachine, MachineShape>();

function eventLabel(def: any, ev: string): string {
  if (def.delay !== undefined) return `after(${typeof def.delay === 'string' ? def.delay : String(def.delay)})`;
  return ev === '' ? 'always' : ev;
}

function guardName(g: unknown): string | undefined {
  if (g === undefined) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g && 'type' in g) return String((g as { type: unknown }).type);
  if (typeof g === 'function') return (g as { name?: string }).name || 'guard';
  return undefined;
}

/**
 * Tag every transition of a flat machine with a `took` action and record its shape.
 * The machine's setup() must declare a `took` action (a no-op: the engine reads the
 * returned action list). Call once, right after createMachine().
 */
export function instrument<M extends AnyStateMachine>(machine: M): M {
  const edges: MachineEdge[] = [];
  const root = machine.root as any;
  const states: MachineShape['states'][number][] = [];
  for (const node of Object.values(root.states) as any[]) {
    states.push({ key: node.key, final: node.type === 'final', description: node.description });
    const groups: [string, any[]][] = [...(node.transitions as Map<string, any[]>)];
    if (node.always) groups.push(['', node.always]);
    for (const [ev, defs] of groups) {
      defs.forEach((d: any, i: number) => {
        const label = eventLabel(d, ev);
        const id = `${node.key}:${label}#${i}`;
        const target = d.target?.[0]?.key as string | undefined;
        edges.push({
          id,
          source: node.key,
          target,
          event: label,
          guard: guardName(d.guard),
          reenter: Boolean(d.reenter),
        });
        d.actions = [...d.actions, { type: 'took', params: { id } }];
      });
    }
  }
  // Root-level handlers (events any state accepts) are listed with source "*".
  for (const [ev, defs] of root.transitions as Map<string, any[]>) {
    defs.forEach((d: any, i: number) => {
      const id = `*:${ev}#${i}`;
      edges.push({
        id,
        source: '*',
        target: d.target?.[0]?.key,
        event: ev,
        guard: guardName(d.guard),
        reenter: Boolean(d.reenter),
      });
      d.actions = [...d.actions, { type: 'took', params: { id } }];
    });
  }
  shapes.set(machine, { id: machine.id, initial: String(root.initial?.target?.[0]?.key ?? ''), states, edges });
  return machine;
}

/** States and transitions as read from the machine object (for the statechart and the coverage count). */
export function machineShape(machine: AnyStateMachine): MachineShape {
  const s = shapes.get(machine);
  if (!s) throw new Error(`machine ${machine.id} was not instrumented`);
  return s;
}

/** No-op implementation for actions whose effect the engine performs from the returned action list. */
export const effect = (): void => {};
