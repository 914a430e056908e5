// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// The fake Ethernet header next to the real one: for the latest copy the card put into a
// layer-3 guest's queue (at or before the cursor), the header the guest's tcpdump shows
// (built by qeth_l3_rebuild_skb) and the header the frame really had on the LAN.
import type { Trace } from '../../../src/engine/sim/types';
import { parseEthernet } from '../../../src/engine/frame/ethernet';
import { formatMac } from '../../../src/engine/frame/address';

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

export function headerPair(trace: Trace, cursor: number, card = 'osa'): HeaderPair | undefined {
  for (let i = Math.min(cursor, trace.steps.length - 1); i >= 0; i--) {
    const s = trace.steps[i];
    if (
      s.node !== card ||
      s.kind !== 'transmit' ||
      !s.port ||
      s.port === 'wire' ||
      !s.detail ||
      !('qethHdr' in s.detail) ||
      s.frame === undefined
    )
      continue;
    const fake = header(trace.frames[s.frame]);
    let real: HeaderView | undefined;
    for (let j = i; j >= 0 && j > i - 400; j--) {
      const w = trace.steps[j];
      if (
        w.node === card &&
        w.port === 'wire' &&
        w.kind === 'decide' &&
        w.packet?.origin === s.packet?.origin &&
        w.frame !== undefined
      ) {
        real = header(trace.frames[w.frame]);
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
