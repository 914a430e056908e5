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
import * as say from './words';

export type McastPath = 'bc_cutoff' | 'queue-all';
export type FilterVerdict = { path: 'queue' | 'inline' | 'none'; why: string };

function lowerAllOnes(h: MacvlanHost): string | undefined {
  if (h.cfg.lower.filter === 'promiscuous') return say.unicastFilterWentPromiscuous(h.lowerName);
  if (h.promiscuity > 0) return say.promiscuousPassthruMacvlanWithout(h.lowerName);
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
    if (bcast) return { path: 'queue', why: say.broadcastAddressAlwaysPort() };
    const onLower = h.cfg.lower.mcast.some((m) => macEquals(m, 0, dst)) || syncedCount(h, dst) > 0;
    return onLower
      ? { path: 'queue', why: say.multicastListPortFilter(g, h.lowerName) }
      : { path: 'none', why: say.joinedPortFilter(h.lowerName, g) };
  }
  const cutoff = h.port.bcCutoff;
  if (all) {
    return cutoff >= 0
      ? { path: 'queue', why: say.bothPortFiltersAll(all) }
      : {
          path: 'inline',
          why: say.bcCutoffBcFilter(cutoff, all),
        };
  }
  if (bcast) {
    return cutoff >= 0
      ? { path: 'queue', why: say.broadcastBcFilterBc(cutoff) }
      : {
          path: 'inline',
          why: say.bcCutoffBclimBc(cutoff),
        };
  }
  const n = syncedCount(h, dst);
  if (cutoff >= 0 && n > cutoff) return { path: 'queue', why: say.macvlansJoinedMoreBc(n, g, cutoff) };
  if (n > 0)
    return {
      path: 'inline',
      why: say.macvlanJoinedMoreBc(n, g, cutoff),
    };
  return { path: 'none', why: say.macvlanJoinedNeitherPort(g) };
}
