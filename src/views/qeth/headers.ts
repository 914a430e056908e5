// The fake Ethernet header next to the real one: for the latest copy the card put into a
// layer-3 guest's queue (at or before the cursor), the header the guest's tcpdump shows
// (built by qeth_l3_rebuild_skb) and the header the frame really had on the LAN.
import type { Trace } from '../../engine/sim/types';
import {
  countUpTo,
  frameAt,
  kindAt,
  nodeAt,
  originAt,
  portAt,
  stepAt,
  stepsWithDetail,
} from '../../engine/sim/trace-access';
import { parseEthernet } from '../../engine/frame/ethernet';
import { formatMac } from '../../engine/frame/address';

export interface HeaderView {
  readonly dst: string;
  readonly src: string;
  readonly type: string;
}

export interface HeaderPair {
  readonly guestPort: string;
  readonly fake: HeaderView;
  readonly real?: HeaderView;
  readonly fakeSrcIsFakell: boolean;
  readonly qethHdr?: Record<string, unknown>;
  readonly step: number;
}

const FAKELL = '46:41:4b:45:4c:4c';

function header(bytes: Uint8Array): HeaderView {
  const e = parseEthernet(bytes);
  return { dst: formatMac(e.dst), src: formatMac(e.src), type: `0x${e.ethertype.toString(16).padStart(4, '0')}` };
}

/** The card's transmits that carry a qeth header, found once per trace and card. */
const transmitsOf = new WeakMap<Trace, Map<string, Int32Array>>();
function cardTransmits(trace: Trace, card: string): Int32Array {
  let m = transmitsOf.get(trace);
  if (!m) transmitsOf.set(trace, (m = new Map()));
  let l = m.get(card);
  if (!l) m.set(card, (l = stepsWithDetail(trace, card, 'qethHdr').filter((i) => kindAt(trace, i) === 'transmit')));
  return l;
}

export function headerPair(trace: Trace, cursor: number, card = 'osa'): HeaderPair | undefined {
  const sent = cardTransmits(trace, card);
  for (let k = countUpTo(sent, cursor) - 1; k >= 0; k--) {
    const i = sent[k];
    const s = stepAt(trace, i)!;
    if (!s.port || s.port === 'wire' || !s.detail || !('qethHdr' in s.detail) || s.frame === undefined) continue;
    const fake = header(trace.frames[s.frame]);
    let real: HeaderView | undefined;
    for (let j = i; j >= 0 && j > i - 400; j--) {
      if (
        nodeAt(trace, j) === card &&
        portAt(trace, j) === 'wire' &&
        kindAt(trace, j) === 'decide' &&
        originAt(trace, j) === (s.packet?.origin ?? -1) &&
        frameAt(trace, j) >= 0
      ) {
        real = header(trace.frames[frameAt(trace, j)]);
        break;
      }
    }
    return {
      guestPort: s.port,
      fake,
      ...(real && { real }),
      fakeSrcIsFakell: fake.src === FAKELL,
      qethHdr: s.detail.qethHdr as Record<string, unknown>,
      step: i,
    };
  }
  return undefined;
}
