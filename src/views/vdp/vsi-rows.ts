// The switch-port VSI policies at a cursor (state `<switch>/port/<p>/vsi/<mac>@<vlan>`, set by
// the bridge's VSI manager), plus the ones the last cursor move removed (kept, struck
// through, so the change shows), each with what the move did to it: installed, changed
// (pre-associated → associated, another type) or removed. Pure, so a Node test checks it.
import { changeKind, type ChangeKind, type KeyChange } from '../state-diff';

export interface VsiPolicy {
  readonly uuid: string;
  readonly type: string;
  readonly stage: string;
  readonly vlans: readonly number[];
}

export interface VsiRow {
  /** State key relative to the switch: `port/p1/vsi/52:54:00:12:34:56@100`. */
  readonly key: string;
  readonly node: string;
  readonly port: string;
  readonly mac: string;
  readonly vlan: string;
  readonly policy: VsiPolicy;
  readonly change?: ChangeKind;
  /** What changed, in words ("pre-associated → associated"). */
  readonly what?: string;
}

const KEY = /^([^/]+)\/port\/([^/]+)\/vsi\/(.+)@(\d+)$/;
const stageText = (s: string): string => (s === 'assoc' ? 'associated' : 'pre-associated');

function describe(before: VsiPolicy, after: VsiPolicy): string {
  const parts: string[] = [];
  if (before.stage !== after.stage) parts.push(`${stageText(before.stage)} → ${stageText(after.stage)}`);
  if (before.type !== after.type) parts.push(`type ${before.type} → ${after.type}`);
  if (before.uuid !== after.uuid) parts.push('another VSI');
  return parts.join(', ') || 'rewritten';
}

/**
 * `state` is the state map at the cursor; `diff` is stateDiff(state, previous, cursor)
 * (full keys, no prefix). Rows are ordered by switch, port, MAC.
 */
export function vsiRows(state: ReadonlyMap<string, unknown>, diff: ReadonlyMap<string, KeyChange>): VsiRow[] {
  const out: VsiRow[] = [];
  const row = (key: string, policy: VsiPolicy, c: KeyChange | undefined): VsiRow | undefined => {
    const m = KEY.exec(key);
    if (!m) return undefined;
    const kind = c && changeKind(c);
    return {
      key,
      node: m[1],
      port: m[2],
      mac: m[3],
      vlan: m[4],
      policy,
      ...(kind && { change: kind }),
      ...(kind === 'changed' && { what: describe(c!.before as VsiPolicy, c!.after as VsiPolicy) }),
      ...(kind === 'added' && { what: 'installed' }),
      ...(kind === 'removed' && { what: 'removed' }),
    };
  };
  for (const [k, v] of state) {
    const r = KEY.test(k) ? row(k, v as VsiPolicy, diff.get(k)) : undefined;
    if (r) out.push(r);
  }
  for (const [k, c] of diff) {
    if (c.after !== undefined || !KEY.test(k)) continue;
    const r = row(k, c.before as VsiPolicy, c);
    if (r) out.push(r);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export { stageText };
