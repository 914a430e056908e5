// A cross-lab lesson shows more than one lab's mechanism view; the one on screen follows
// the step: the OSA card's table while the card decides, macvlan's hash while the host
// does. Pure, so the choice is tested without a page.
import type { Trace } from '../engine/sim/types';

/** Which labs draw a device type's mechanism, most specific first (a macvlan is the
 * macvlan lab's device, and also the VEPA lab's station). Hosts belong to no lab. */
const LABS_OF_TYPE: ReadonlyMap<string, readonly string[]> = new Map([
  ['qeth-osa', ['qeth']],
  ['qeth-guest', ['qeth']],
  ['macvlan', ['macvlan', 'vepa']],
  ['sriov-nic', ['macvlan']],
  ['evb-station', ['vepa']],
  ['bridge', ['vepa', 'bridge']],
  ['vdp-station', ['vdp']],
  ['vdp-switch', ['vdp']],
  ['virtio-backplane', ['virtio']],
  ['virtio-bounce', ['virtio']],
  ['virtio-dma-driver', ['virtio']],
  ['virtio-stack', ['virtio']],
]);

/**
 * The lab among `shown` whose view the step at `cursor` is about, looking back to the
 * latest step on a device of one of them; undefined when no step so far is (the caller
 * keeps the lesson's own lab).
 */
export function labForStep(trace: Trace, cursor: number, shown: readonly string[]): string | undefined {
  const types = new Map(trace.topology.nodes.map((n) => [n.id, n.type]));
  // Bounded look-back: a long stretch of host steps keeps the last lab without a full scan.
  for (let i = Math.min(cursor, trace.steps.length - 1), seen = 0; i >= 0 && seen < 200; i--, seen++) {
    const type = types.get(trace.steps[i].node);
    const lab = type && LABS_OF_TYPE.get(type)?.find((l) => shown.includes(l));
    if (lab) return lab;
  }
  return undefined;
}
