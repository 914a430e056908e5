// The card's registration table at a cursor, as rows for the live table: one row per DEVNO
// from the flat state keys the card publishes (table/<devno>, table/<devno>/ip/<addr>,
// table/<devno>/mc/<group>).

export interface TableRow {
  readonly devno: string;
  readonly guest: string;
  readonly active: boolean;
  readonly layer: number;
  readonly route4: string;
  readonly route6: string;
  readonly isolation: string;
  readonly broadcast: boolean;
  readonly ips: readonly string[];
  readonly groups: readonly string[];
  readonly vmac?: string;
  readonly lastRc?: { readonly cmd: string; readonly rc: string; readonly name: string };
}

interface RowState {
  active?: boolean;
  layer?: number;
  route4?: string;
  route6?: string;
  isolation?: string;
  broadcast?: boolean;
  vmac?: string;
  lastRc?: unknown;
}

/** The keys under `prefix` of a state map, prefix removed (like StateIndex.under, without a second lookup). */
export function under(state: ReadonlyMap<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of state) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** `entries` is `state.under(cursor, '<card>/table/')`; `guestOf` maps DEVNO to the guest's label. */
export function tableRows(entries: Record<string, unknown>, guestOf: ReadonlyMap<string, string>): TableRow[] {
  const rows = new Map<string, { s: RowState; ips: string[]; groups: string[] }>();
  const get = (d: string) => {
    let r = rows.get(d);
    if (!r) rows.set(d, (r = { s: {}, ips: [], groups: [] }));
    return r;
  };
  for (const [k, v] of Object.entries(entries)) {
    const [devno, kind, ...rest] = k.split('/');
    const r = get(devno);
    if (kind === undefined) r.s = v as RowState;
    else if (kind === 'ip') r.ips.push(rest.join('/'));
    else if (kind === 'mc') r.groups.push(rest.join('/'));
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([devno, { s, ips, groups }]) => ({
      devno,
      guest: guestOf.get(devno) ?? '',
      active: s.active ?? true,
      layer: s.layer ?? 3,
      route4: s.route4 ?? 'no_router',
      route6: s.route6 ?? 'no_router',
      isolation: s.isolation ?? 'none',
      broadcast: s.broadcast ?? false,
      ips,
      groups,
      ...(s.vmac && { vmac: s.vmac }),
      ...(s.lastRc !== undefined && typeof s.lastRc === 'object' && { lastRc: s.lastRc as TableRow['lastRc'] }),
    }));
}

/** The role shown in the table, in the words of sysfs route4 ("primary router"). */
export const roleText = (r: string): string => (r === 'no_router' ? '' : r.replace('_', ' '));
