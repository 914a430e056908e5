// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// Which machine instances exist up to the cursor, the state each is in, and the
// transitions the step at the cursor took: everything the statecharts light up, read
// from the trace's machine steps (detail.sm / machine / to / took).
import type { AnyStateMachine } from 'xstate';
import type { Trace } from '../../../src/engine/sim/types';
import { allMachines, machineShape, type MachineShape } from '../../../src/engine/devices/vdp/machines';

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

/** Every machine instance that has run by `cursor`, in the order they first appeared. */
export function instancesAt(trace: Trace, cursor: number): Instance[] {
  const out = new Map<string, Instance>();
  const types = new Map(trace.topology.nodes.map((n) => [n.id, n.type]));
  for (let i = 0; i <= cursor && i < trace.steps.length; i++) {
    const s = trace.steps[i];
    const d = s.detail as MachineDetail | undefined;
    if (s.kind !== 'state' || !d?.sm || !d.machine) continue;
    const key = `${s.node}/${d.sm}`;
    const machine = allMachines.find((m) => m.id === d.machine);
    if (!machine) continue;
    const prev = out.get(key);
    const title = /^([^:]+):/.exec(s.decision)?.[1] ?? d.sm;
    out.set(key, {
      key,
      node: s.node,
      sm: d.sm,
      machine,
      shape: machineShape(machine),
      title: prev?.title ?? title,
      side: types.get(s.node) === 'vdp-switch' ? 'switch' : 'station',
      state: d.to,
      lastStep: i,
      took: i === cursor ? d.took : [],
    });
  }
  return [...out.values()];
}

/** Default pick per side: the VDP machine (not ECP) that moved most recently; else any. */
export function pickDefault(list: readonly Instance[], side: Instance['side']): Instance | undefined {
  const mine = list.filter((x) => x.side === side);
  const vdp = mine.filter((x) => x.sm.includes('/vsi/') || x.sm.startsWith('vsi/'));
  const pool = vdp.length ? vdp : mine;
  return pool.reduce<Instance | undefined>((a, b) => (!a || b.lastStep > a.lastStep ? b : a), undefined);
}
