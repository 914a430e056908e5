// Which machine instances exist up to the cursor, the state each is in, and the
// transitions the step at the cursor took: everything the statecharts light up, read
// from the trace's machine steps (detail.sm / machine / to / took).
import type { AnyStateMachine } from 'xstate';
import type { Trace } from '../../engine/sim/types';
import { countUpTo, stepAt, stepsWhere } from '../../engine/sim/trace-access';
import { allMachines, machineShape, type MachineShape } from '../../engine/devices/vdp/machines';

export interface Instance {
  /** `<node>/<sm key>`, unique in the trace. */
  key: string;
  node: string;
  sm: string;
  machine: AnyStateMachine;
  shape: MachineShape;
  title: string;
  side: 'station' | 'switch';
  /** State after the last step of this instance at or before the cursor. */
  state: string;
  /** Index of that last step. */
  lastStep: number;
  /** Transitions taken by the step at the cursor, when it belongs to this instance. */
  took: string[];
}

interface MachineDetail {
  sm: string;
  machine: string;
  to: string;
  took: string[];
}

/** Each machine instance's steps, in the order instances first appear, with the title its first step gives. */
interface InstanceSteps {
  readonly key: string;
  readonly title: string;
  readonly steps: Int32Array;
}

const instanceStepsOf = new WeakMap<Trace, InstanceSteps[]>();

/** Made once per trace from the state steps (the kind column finds them); a cursor then costs a search per instance. */
function instanceSteps(trace: Trace): InstanceSteps[] {
  const hit = instanceStepsOf.get(trace);
  if (hit) return hit;
  const byKey = new Map<string, { title: string; steps: number[] }>();
  for (const i of stepsWhere(trace, (_node, kind) => kind === 'state')) {
    const s = stepAt(trace, i)!;
    const d = s.detail as MachineDetail | undefined;
    if (!d?.sm || !d.machine || !allMachines.some((m) => m.id === d.machine)) continue;
    const key = `${s.node}/${d.sm}`;
    let k = byKey.get(key);
    if (!k) byKey.set(key, (k = { title: /^([^:]+):/.exec(s.decision)?.[1] ?? d.sm, steps: [] }));
    k.steps.push(i);
  }
  const out = [...byKey].map(([key, k]) => ({ key, title: k.title, steps: Int32Array.from(k.steps) }));
  instanceStepsOf.set(trace, out);
  return out;
}

/** Every machine instance that has run by `cursor`, in the order they first appeared. */
export function instancesAt(trace: Trace, cursor: number): Instance[] {
  const out: Instance[] = [];
  const types = new Map(trace.topology.nodes.map((n) => [n.id, n.type]));
  for (const x of instanceSteps(trace)) {
    const n = countUpTo(x.steps, cursor);
    if (n === 0) continue;
    const i = x.steps[n - 1];
    const s = stepAt(trace, i)!;
    const d = s.detail as unknown as MachineDetail;
    const machine = allMachines.find((m) => m.id === d.machine)!;
    out.push({
      key: x.key,
      node: s.node,
      sm: d.sm,
      machine,
      shape: machineShape(machine),
      title: x.title,
      side: types.get(s.node) === 'vdp-switch' ? 'switch' : 'station',
      state: d.to,
      lastStep: i,
      took: i === cursor ? d.took : [],
    });
  }
  return out;
}

/** Default pick per side: the VDP machine (not ECP) that moved most recently; else any. */
export function pickDefault(list: readonly Instance[], side: Instance['side']): Instance | undefined {
  const mine = list.filter((x) => x.side === side);
  const vdp = mine.filter((x) => x.sm.includes('/vsi/') || x.sm.startsWith('vsi/'));
  const pool = vdp.length ? vdp : mine;
  return pool.reduce<Instance | undefined>((a, b) => (!a || b.lastStep > a.lastStep ? b : a), undefined);
}
