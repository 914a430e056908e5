// Publishes one stack's row of the card table as flat state keys, so views can read the
// table at any step with `state.under(cursor, '<card>/table/')`:
//   table/<devno>              {layer, active, route4, route6, isolation, broadcast, echoFilter, vmac, lastRc}
//   table/<devno>/ip/<addr>    {prefix, flags, version}
//   table/<devno>/mc/<group>   true (a layer-2 stack's SETGMAC group MACs appear here too)
// Keys that disappeared since the last publish are removed.
import type { DeviceContext } from '../../sim/device';
import type { CardTable } from './card-table';

export function publishTable(
  ctx: DeviceContext,
  t: CardTable,
  devno: string,
  published: Map<string, unknown>,
  lastRc?: unknown,
): void {
  const r = t.stacks.get(devno);
  const next = new Map<string, unknown>();
  if (r) {
    const prev = published.get(`table/${devno}`) as { lastRc?: unknown } | undefined;
    next.set(`table/${devno}`, {
      layer: r.layer,
      active: r.active,
      route4: r.route4,
      route6: r.route6,
      isolation: r.isolation,
      broadcast: r.broadcast,
      echoFilter: r.echoFilter,
      ...(r.vmac && { vmac: r.vmac }),
      ...((lastRc ?? prev?.lastRc) !== undefined && { lastRc: lastRc ?? prev?.lastRc }),
    });
    for (const [ip, e] of r.ips)
      next.set(`table/${devno}/ip/${ip}`, { prefix: e.prefix, flags: e.flags, version: e.version });
    for (const g of r.groups) next.set(`table/${devno}/mc/${g}`, true);
    for (const m of r.gmacs) next.set(`table/${devno}/mc/${m}`, true);
  }
  const prefix = `table/${devno}`;
  for (const k of [...published.keys()]) {
    if ((k === prefix || k.startsWith(prefix + '/')) && !next.has(k)) {
      ctx.set(k, undefined);
      published.delete(k);
    }
  }
  for (const [k, v] of next) {
    ctx.set(k, v);
    published.set(k, v);
  }
}
