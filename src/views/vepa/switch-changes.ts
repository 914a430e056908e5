// What the last cursor move changed in the adjacent switch, read from the state index's
// difference between `previous` and `cursor` under `<switch>/`: per port, the counters
// that moved and by how much (a hairpin reflection is `reflected` +1) and whether its flags
// changed; per policy, the rules whose hit count moved. The FDB rows use ../bridge/fdb-rows.
// Pure, so Node tests check it.
import type { KeyChange } from '../state-diff';

export interface PortChange {
  /** Counter name -> signed change (rx, tx, reflected, dropped, denied, mirrored). */
  readonly counters: Record<string, number>;
  /** Its flags (hairpin, learning, flood, isolated) or S-channel changed. */
  readonly flags: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function portChanges(diff: ReadonlyMap<string, KeyChange>): Map<string, PortChange> {
  const out = new Map<string, { counters: Record<string, number>; flags: boolean }>();
  const of = (p: string) => {
    let c = out.get(p);
    if (!c) out.set(p, (c = { counters: {}, flags: false }));
    return c;
  };
  for (const [k, c] of diff) {
    const counter = /^counters\/(.+)\/([a-z]+)$/.exec(k);
    if (counter) {
      const d = num(c.after) - num(c.before);
      if (d) of(counter[1]).counters[counter[2]] = d;
    } else if (k.startsWith('port/')) of(k.slice(5)).flags = true;
  }
  return out;
}

interface Acl {
  rules?: { id: string; hits: number }[];
}

/** Per port with a policy, the rules whose hit count the move changed, with the change. */
export function ruleHits(diff: ReadonlyMap<string, KeyChange>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [k, c] of diff) {
    if (!k.startsWith('acl/')) continue;
    const before = new Map(((c.before as Acl | undefined)?.rules ?? []).map((r) => [r.id, r.hits]));
    const m = new Map<string, number>();
    for (const r of (c.after as Acl | undefined)?.rules ?? []) {
      const d = r.hits - (before.get(r.id) ?? 0);
      if (d) m.set(r.id, d);
    }
    if (m.size) out.set(k.slice(4), m);
  }
  return out;
}
