// The port's multicast filters, modelled as exact sets of groups rather than the kernel's
// 256-bit mc_hash bitmaps (so no false positives from hash collisions).
//  * v6.4+ (Herbert Xu, "Skip broadcast queue if multicast with single receiver" and
//    IFLA_MACVLAN_BC_CUTOFF): macvlan_compute_filter over the lower device's list, where
//    `synced` counts the macvlans that synced a group to it. mc_filter (cutoff 0) holds
//    groups with synced > 0, bc_filter (cutoff = bc_cutoff, default 1) groups with
//    synced > cutoff; both hold broadcast unless the cutoff is negative. A PROMISC or
//    ALLMULTI lower device fills both (empties bc_filter when the cutoff is negative).
//    bc_filter → broadcast queue; only mc_filter → delivered inline (macvlan_multicast_rx).
//  * v5.x-6.3: one port mc_filter = the lower device's whole list plus broadcast (all ones
//    when PROMISC/ALLMULTI), and everything in it is queued.
import { formatMac, isBroadcastMac, macEquals } from '../../frame/address';
import type { MacvlanHost } from './host';

export type McastPath = 'bc_cutoff' | 'queue-all';
export type FilterVerdict = { path: 'queue' | 'inline' | 'none'; why: string };

function lowerAllOnes(h: MacvlanHost): string | undefined {
  if (h.cfg.lower.filter === 'promiscuous')
    return `${h.lowerName} has no unicast filter, so it went promiscuous when the first macvlan opened (correction W4)`;
  if (h.promiscuity > 0) return `${h.lowerName} is promiscuous (a passthru macvlan without nopromisc)`;
  for (const v of h.devs.values()) if (v.up && v.allmulti) return `${v.name} is ALLMULTI, so ${h.lowerName} is too`;
  return undefined;
}

/** How many open macvlans synced `group` to the lower device (ha->synced). */
export function syncedCount(h: MacvlanHost, group: Uint8Array): number {
  let n = 0;
  for (const v of h.devs.values()) if (v.up && v.mcast.some((g) => macEquals(g, 0, group))) n++;
  return n;
}

export function classifyMulticast(h: MacvlanHost, dst: Uint8Array): FilterVerdict {
  const all = lowerAllOnes(h);
  const bcast = isBroadcastMac(dst);
  const g = formatMac(dst);
  if (h.cfg.mcastPath === 'queue-all') {
    if (all) return { path: 'queue', why: `the port filter is all ones: ${all}` };
    if (bcast) return { path: 'queue', why: 'the broadcast address is always in the port filter' };
    const onLower = h.cfg.lower.mcast.some((m) => macEquals(m, 0, dst)) || syncedCount(h, dst) > 0;
    return onLower
      ? { path: 'queue', why: `${g} is on ${h.lowerName}'s multicast list, so it is in the port filter` }
      : { path: 'none', why: `no one on ${h.lowerName} joined ${g}, so it is not in the port filter` };
  }
  const cutoff = h.port.bcCutoff;
  if (all) {
    return cutoff >= 0
      ? { path: 'queue', why: `both port filters are all ones: ${all}` }
      : {
          path: 'inline',
          why: `bc_cutoff is ${cutoff}, so bc_filter is empty even though ${all}; mc_filter is all ones`,
        };
  }
  if (bcast) {
    return cutoff >= 0
      ? { path: 'queue', why: `broadcast is in bc_filter (bc_cutoff ${cutoff} ≥ 0)` }
      : {
          path: 'inline',
          why: `bc_cutoff is ${cutoff} (bclim -1): bc_filter is empty, so even broadcast skips the queue and is delivered inline`,
        };
  }
  const n = syncedCount(h, dst);
  if (cutoff >= 0 && n > cutoff)
    return { path: 'queue', why: `${n} macvlans joined ${g}, more than bc_cutoff ${cutoff}, so it is in bc_filter` };
  if (n > 0)
    return {
      path: 'inline',
      why: `${n} macvlan${n === 1 ? '' : 's'} joined ${g} (not more than bc_cutoff ${cutoff}): in mc_filter only, so it skips the queue`,
    };
  return { path: 'none', why: `no macvlan joined ${g}, so it is in neither port filter` };
}
