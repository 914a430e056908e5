// A cross-lab lesson shows more than one lab's mechanism view; the one on screen follows
// the step: the OSA card's table while the card decides, macvlan's hash while the host
// does. Which lab draws which device type is the edit panel's table (lab-of.ts). Pure, so
// the choice is tested without a page.
import type { Trace } from '../engine/sim/types';
import { nodeAt, stepCount } from '../engine/sim/trace-access';
import { LAB_DEVICE_TYPES, type LabId } from '../app/edit/lab-of';

/**
 * The lab among `shown` (the lesson's own lab first) whose view the step at `cursor` is
 * about: the first shown lab that draws the type of the latest step's device, looking
 * back over steps on plain hosts and links, which every lab draws; undefined when no step
 * so far is on a lab's device (the caller keeps the lesson's own lab).
 */
export function labForStep(trace: Trace, cursor: number, shown: readonly string[]): string | undefined {
  const types = new Map(trace.topology.nodes.map((n) => [n.id, n.type]));
  // Bounded look-back: a long stretch of host steps keeps the last lab without a full scan.
  for (let i = Math.min(cursor, stepCount(trace) - 1), seen = 0; i >= 0 && seen < 200; i--, seen++) {
    const type = types.get(nodeAt(trace, i));
    if (!type || type === 'host') continue;
    const lab = shown.find((l) => LAB_DEVICE_TYPES[l as LabId]?.includes(type));
    if (lab) return lab;
  }
  return undefined;
}
