// What the cursor step means for the VEPA picture: which link lights up, whether the
// switch reflected the frame (hairpin) or refused to (no hairpin), what the switch policy
// decided, and whether the macvlan host filtered the sender's own reflected copy.
// Read from the steps' `detail`, which the bridge and macvlan devices fill in.
import type { Trace } from '../../../engine/sim/types';
import { stepAt } from '../../../engine/sim/trace-access';

export interface Highlights {
  readonly links: ReadonlySet<string>;
  readonly hairpinAt?: string;
  readonly noHairpinAt?: string;
  readonly port?: string;
  readonly aclAt?: { node: string; verdict: 'allow' | 'deny'; text: string };
  readonly senderCopyAt?: string;
}

interface FanEntry {
  name: string;
  eligible: boolean;
  why: string;
}

export function stepHighlights(trace: Trace, cursor: number): Highlights {
  const s = stepAt(trace, cursor);
  if (!s) return { links: new Set() };
  const d = s.detail ?? {};
  const links = new Set<string>(s.link ? [s.link.id] : []);
  const out: { -readonly [K in keyof Highlights]: Highlights[K] } = { links };
  if (d.reflected === true) {
    out.hairpinAt = s.node;
    out.port = s.port;
  }
  if (d.rule === 'never-out-ingress') out.noHairpinAt = s.node;
  const acl = d.acl as { verdict: 'allow' | 'deny'; by?: string } | undefined;
  if (acl) out.aclAt = { node: s.node, verdict: acl.verdict, text: `${acl.verdict}${acl.by ? ` (${acl.by})` : ''}` };
  const fan = d.fanout as FanEntry[] | undefined;
  if (fan?.some((f) => !f.eligible && f.why.startsWith('the sender itself'))) out.senderCopyAt = s.node;
  return out;
}
