// Which machine instances exist up to the cursor, the state each is in, and what the last
// move of the cursor did to each: the transitions taken, the state entered, the timers armed
// and the timers that fired. Everything the statecharts light up. The trace's machine steps
// (detail.sm / machine / to / took / timers) are indexed once per trace, reading only the
// steps whose kind column says "state"; a cursor move is a binary search per instance.
import type { AnyStateMachine } from 'xstate';
import type { Trace } from '../../engine/sim/types';
import { kindAt, stepAt, stepCount } from '../../engine/sim/trace-access';
import { allMachines, machineShape, type MachineShape } from '../../engine/devices/vdp/machines';

interface MachineDetail {
  sm: string;
  machine: string;
  to: string;
  took: string[];
  timers?: { name: string; ns: number }[];
}

/** One machine instance's steps, in trace order (parallel arrays). */
interface Track {
  key: string;
  node: string;
  sm: string;
  machine: AnyStateMachine;
  title: string;
  side: 'station' | 'switch';
  steps: number[];
  to: string[];
  took: string[][];
  armed: string[][];
}

export interface MachineIndex {
  readonly tracks: readonly Track[];
}

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
  /** State at the cursor the move started from (undefined: the instance did not exist yet). */
  before: string | undefined;
  /** Transitions taken by this instance's steps the move crossed (forward moves only), in order. */
  took: string[];
  /** Timers (re)started by those steps. */
  armed: string[];
  /** Timers whose expiry those steps handled (an `after(name)` transition taken). */
  fired: string[];
}

/** One pass over the kind column, materialising only the machine steps. */
export function machineIndex(trace: Trace): MachineIndex {
  const tracks = new Map<string, Track>();
  const types = new Map(trace.topology.nodes.map((n) => [n.id, n.type]));
  const n = stepCount(trace);
  for (let i = 0; i < n; i++) {
    if (kindAt(trace, i) !== 'state') continue;
    const s = stepAt(trace, i)!;
    const d = s.detail as MachineDetail | undefined;
    if (!d?.sm || !d.machine) continue;
    const key = `${s.node}/${d.sm}`;
    let t = tracks.get(key);
    if (!t) {
      const machine = allMachines.find((m) => m.id === d.machine);
      if (!machine) continue;
      t = {
        key,
        node: s.node,
        sm: d.sm,
        machine,
        title: /^([^:]+):/.exec(s.decision)?.[1] ?? d.sm,
        side: types.get(s.node) === 'vdp-switch' ? 'switch' : 'station',
        steps: [],
        to: [],
        took: [],
        armed: [],
      };
      tracks.set(key, t);
    }
    t.steps.push(i);
    t.to.push(d.to);
    t.took.push(d.took ?? []);
    t.armed.push((d.timers ?? []).map((x) => x.name));
  }
  return { tracks: [...tracks.values()] };
}

/** Position of the last value <= x in an ascending array, or -1. */
function lastAtOrBefore(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const FIRED = /:after\(([^)]+)\)#\d+$/;

/**
 * Every machine instance that has run by `cursor`, in the order they first appeared, with
 * what the move from `previous` to `cursor` did to it.
 */
export function instancesAt(index: MachineIndex, cursor: number, previous = cursor): Instance[] {
  const out: Instance[] = [];
  for (const t of index.tracks) {
    const at = lastAtOrBefore(t.steps, cursor);
    if (at < 0) continue;
    const was = lastAtOrBefore(t.steps, previous);
    const took: string[] = [];
    const armed: string[] = [];
    if (previous < cursor)
      for (let j = was + 1; j <= at; j++) {
        took.push(...t.took[j]);
        armed.push(...t.armed[j]);
      }
    const fired = took.map((id) => FIRED.exec(id)?.[1]).filter((x): x is string => !!x);
    out.push({
      key: t.key,
      node: t.node,
      sm: t.sm,
      machine: t.machine,
      shape: machineShape(t.machine),
      title: t.title,
      side: t.side,
      state: t.to[at],
      lastStep: t.steps[at],
      before: was >= 0 ? t.to[was] : undefined,
      took,
      armed: [...new Set(armed)],
      fired: [...new Set(fired)],
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
