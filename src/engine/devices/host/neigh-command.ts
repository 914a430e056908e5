// The `neigh-add` scenario command: `ip neigh add <ip> lladdr <mac> dev eth0 nud permanent`.
// iproute2 sends RTM_NEWNEIGH with NLM_F_CREATE | NLM_F_EXCL; neigh_add (net/core/neighbour.c)
// creates the entry and __neigh_update installs it with NEIGH_UPDATE_F_ADMIN. A PERMANENT
// entry is then out of reach of ARP and ND: __neigh_update returns at once for any update
// without NEIGH_UPDATE_F_ADMIN when the old state has NUD_PERMANENT.
import { formatIp, formatMac, ip, mac } from '../../frame/address';
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import type { DeviceContext } from '../../sim/device';
import type { HostConfig } from './config';
import type { Host } from './host';
import * as say from './words';

/** Arguments: {ip, lladdr, nud?: "permanent"}; ip must be of a family the host has an address of. */
export function readNeighAddArgs(r: Reader, issues: IssueList, cfg: HostConfig | undefined): void {
  r.onlyKeys(['ip', 'lladdr', 'nud']);
  const a = r.at('ip').ip();
  if (a && cfg && (a.version === 4 ? !cfg.ip : !cfg.ip6))
    issues.add(r.at('ip').path, `the host has no IPv${a.version} address, so it has no table for this entry`);
  const ll = r.at('lladdr').mac();
  if (ll && (ll[0] & 1) === 1)
    issues.add(
      r.at('lladdr').path,
      'a neighbour lladdr must be unicast (the lowest bit of the first byte is the multicast bit)',
    );
  // iproute2's default state for `ip neigh add` is NUD_PERMANENT; other states are not modelled.
  r.at('nud').string({ default: 'permanent', oneOf: ['permanent'], hint: 'only "nud permanent" entries are modelled' });
}

export function neighAdd(h: Host, args: Record<string, unknown>, ctx: DeviceContext): void {
  const dst = ip(String(args.ip));
  const ll = mac(String(args.lladdr));
  const key = formatIp(dst);
  const before = h.neigh.state(key);
  const errno = h.neigh.addPermanent(dst, ll, ctx);
  ctx.note('state', {
    decision: errno === 0 ? say.neighAdded(key, formatMac(ll)) : say.neighAddExists(key, before ?? 'NONE'),
    source: 'neigh_add (RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL)',
    layer: 'L3',
    detail: { returns: { errno, to: 'ip neigh add' } },
  });
}
