// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// What the qeth view lights at a cursor: the card's latest demultiplexing decision for the
// frame at the cursor (its branch, matched table row and decision path), the guests that
// got a copy so far, and the IPA command being answered. Read only from the trace.
import type { Trace } from '../../../src/engine/sim/types';
import type { PathStep } from '../../../src/views/qeth/geometry/decision-flow';

export interface DemuxDetail {
  readonly branch: string;
  readonly targets: readonly string[];
  readonly matched?: { readonly devno: string; readonly key: string };
  readonly path: readonly PathStep[];
  readonly toLan: boolean;
}

export interface IpaDetail {
  readonly devno?: string;
  readonly cmd: string;
  readonly rc?: number;
  readonly rcName?: string;
}

export interface Focus {
  readonly demux?: DemuxDetail;
  /** Index of the step that holds `demux`. */
  readonly demuxStep?: number;
  /** Card ports (DEVNOs) that got a copy of this frame up to the cursor. */
  readonly copiedTo: ReadonlySet<string>;
  readonly ipa?: IpaDetail;
}

const LOOKBACK = 400;

export function focusAt(trace: Trace, cursor: number, card = 'osa'): Focus {
  const copiedTo = new Set<string>();
  if (cursor < 0) return { copiedTo };
  const here = trace.steps[cursor];
  const ipa = here.detail && 'ipa' in here.detail ? (here.detail.ipa as IpaDetail) : undefined;
  const origin = here.packet?.origin;
  if (origin === undefined) return { copiedTo, ...(ipa && { ipa }) };
  for (let i = cursor; i >= 0 && i > cursor - LOOKBACK; i--) {
    const s = trace.steps[i];
    if (s.packet?.origin !== origin || s.node !== card) continue;
    if (s.kind === 'transmit' && s.port && s.port !== 'wire') copiedTo.add(s.port);
    if (s.kind === 'decide' && s.detail && 'demux' in s.detail) {
      return { demux: s.detail.demux as DemuxDetail, demuxStep: i, copiedTo, ...(ipa && { ipa }) };
    }
  }
  return { copiedTo, ...(ipa && { ipa }) };
}
