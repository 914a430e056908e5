// The FDB rows a bridge shows at a cursor: its entries (`<mac>@<vid>` -> port) plus the ones
// the last cursor move removed (kept, struck through, so the change is visible), each with
// what the move did to it. Pure, so a Node test can check it.
import { changeKind, type ChangeKind, type KeyChange } from '../state-diff';

export interface FdbRow {
  readonly key: string;
  readonly mac: string;
  readonly vid: string;
  readonly port: string;
  readonly change?: ChangeKind;
  /** The port before a move. */
  readonly before?: string;
}

export function fdbRows(entries: Record<string, unknown>, diff: ReadonlyMap<string, KeyChange>): FdbRow[] {
  const row = (key: string, port: unknown, c: KeyChange | undefined): FdbRow => {
    const [mac, vid = '0'] = key.split('@');
    return {
      key,
      mac,
      vid,
      port: String(port),
      ...(c && { change: changeKind(c) }),
      ...(c && c.before !== undefined && { before: String(c.before) }),
    };
  };
  const out = Object.entries(entries).map(([key, port]) => row(key, port, diff.get(key)));
  for (const [key, c] of diff) if (c.after === undefined) out.push(row(key, c.before, c));
  return out;
}
