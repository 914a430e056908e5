// Switches that remove one piece of the coherence protocol, each reproducing a failure
// from the fact sheet (virtio-backplane.md section 5):
//   noCleanAvail      the host does not clean the avail line after writing avail.idx:
//                     the agent reads a stale avail.idx from DRAM; with EVENT_IDX it
//                     re-arms avail_event at the old index and the next add does not kick
//                     (a lost wakeup, section 5.2).
//   noCleanDesc       the host cleans the avail line but not the descriptor lines: the
//                     index is published before its descriptor (section 5.3).
//   noWmb             the virtio_wmb() before avail.idx is removed: the write buffer may
//                     make idx visible first (section 1.6, "Updating idx").
//   noInvalidateUsed  the host reads used.idx from a stale cached line (section 5.4).
//   noInvalidateAvail the agent reads the host ring through its cached window without
//                     invalidating (section 5.2, the agent's side of the same bug).
//   noCleanUsed       the agent writes the used ring, used.flags and avail_event into its
//                     cached window without cleaning: nothing reaches host DRAM, the host
//                     never sees a completion and TX stalls once the ring is full. Alone it
//                     leaves the agent invalidating only ("invalidate-only still stalls");
//                     with noInvalidateAvail the cached window has no maintenance at all.
//   noDoorbell        the host's board driver writes the transmit queue's notify word in
//                     BAR0 but does not ring the board's message register: the agent,
//                     which cannot see BAR writes, is never told (the source thread's
//                     board); only a polling agent (agentPollNs) finds the frames.
// The fifth failure, false sharing, is a layout choice (ringLayout "spec-min"), not a switch.
// The switches act on the host's transmit queue only, the ring the fact sheet's
// illustrations use, so the receive path keeps working as a control.
import type { Reader } from '../../scenario/read';

export interface Breaks {
  noCleanAvail: boolean;
  noCleanDesc: boolean;
  noWmb: boolean;
  noInvalidateUsed: boolean;
  noInvalidateAvail: boolean;
  noCleanUsed: boolean;
  noDoorbell: boolean;
}

export const BREAK_NAMES = [
  'noCleanAvail',
  'noCleanDesc',
  'noWmb',
  'noInvalidateUsed',
  'noInvalidateAvail',
  'noCleanUsed',
  'noDoorbell',
] as const;

export const NO_BREAKS: Readonly<Breaks> = {
  noCleanAvail: false,
  noCleanDesc: false,
  noWmb: false,
  noInvalidateUsed: false,
  noInvalidateAvail: false,
  noCleanUsed: false,
  noDoorbell: false,
};

export function readBreaks(r: Reader): Breaks {
  const out: Breaks = { ...NO_BREAKS };
  if (!r.has('breaks')) return out;
  const br = r.at('breaks');
  if (!br.object()) return out;
  br.onlyKeys([...BREAK_NAMES]);
  for (const k of BREAK_NAMES) out[k] = br.at(k).boolean({ default: false }) ?? false;
  return out;
}
