// Per-port flags of the Linux bridge that matter for VEPA (include/linux/if_bridge.h BR_*,
// set with `bridge link set dev X <flag> on|off`, net/bridge/br_netlink.c br_setport):
//   hairpin     BR_HAIRPIN_MODE  reflective relay: a frame may leave by the port it came in on
//   learning    BR_LEARNING      learn source MACs on this port (br_handle_frame_finish)
//   flood       BR_FLOOD         receive unknown-unicast floods (br_flood, BR_PKT_UNICAST)
//   mcastFlood  BR_MCAST_FLOOD   receive multicast floods
//   bcastFlood  BR_BCAST_FLOOD   receive broadcast floods
//   isolated    BR_ISOLATED      isolated -> isolated is blocked, even through hairpin (br_skb_isolated)
// Defaults are new_nbp()'s: learning and the three flood flags on, hairpin and isolated off.
import type { Reader } from '../../scenario/read';

export interface PortFlags {
  readonly hairpin: boolean;
  readonly learning: boolean;
  readonly flood: boolean;
  readonly mcastFlood: boolean;
  readonly bcastFlood: boolean;
  readonly isolated: boolean;
}

export const FLAG_NAMES = ['hairpin', 'learning', 'flood', 'mcastFlood', 'bcastFlood', 'isolated'] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

export const DEFAULT_FLAGS: PortFlags = {
  hairpin: false,
  learning: true,
  flood: true,
  mcastFlood: true,
  bcastFlood: true,
  isolated: false,
};

/** The kernel's name for each flag, for decisions and docs. */
export const KERNEL_FLAG: Record<FlagName, string> = {
  hairpin: 'BR_HAIRPIN_MODE',
  learning: 'BR_LEARNING',
  flood: 'BR_FLOOD',
  mcastFlood: 'BR_MCAST_FLOOD',
  bcastFlood: 'BR_BCAST_FLOOD',
  isolated: 'BR_ISOLATED',
};

/** Read whichever flags `r` has (config or command args); the rest stay as in `base`. */
export function readFlags(r: Reader, base: PortFlags): PortFlags {
  const out: Record<string, boolean> = { ...base };
  for (const f of FLAG_NAMES) {
    if (!r.has(f)) continue;
    const v = r.at(f).boolean();
    if (v !== undefined) out[f] = v;
  }
  return out as unknown as PortFlags;
}

export function flagChanges(before: PortFlags, after: PortFlags): string[] {
  return FLAG_NAMES.filter((f) => before[f] !== after[f]).map((f) => `${f} ${after[f] ? 'on' : 'off'}`);
}
