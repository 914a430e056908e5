// The macvlan port and its devices as the kernel keeps them (drivers/net/macvlan.c,
// include/uapi/linux/if_link.h). Mode values are the kernel's bits, so a mode mask is a
// plain bitwise OR exactly as macvlan_process_broadcast() builds it.
import type { CpuCost } from '../stack/cpu-cost';
import type { HashEra } from './hash';

export const MODE_BITS = { private: 1, vepa: 2, bridge: 4, passthru: 8, source: 16 } as const;
export type MacvlanMode = keyof typeof MODE_BITS;
export const MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru', 'source'];

export function maskNames(mask: number): string {
  return (
    MODES.filter((m) => (MODE_BITS[m] & mask) !== 0)
      .map((m) => m.toUpperCase())
      .join('|') || '(none)'
  );
}

/** A macvtap's reader: the guest's VMM (vhost or QEMU) draining each queue. */
export interface ReaderConfig {
  /** Virtual time between two reads of one queue. */
  readonly everyNs: number;
  /** Frames taken per read. */
  readonly burst: number;
}

export interface MacvtapConfig {
  /** Files the VMM opens on /dev/tapN at start: one queue each (multiqueue when > 1). */
  readonly queues: number;
  /** The macvtap netdev's tx_queue_len, which sizes each ring (TUN_READQ_SIZE 500 by default). */
  readonly txqueuelen: number;
  readonly reader: ReaderConfig;
  /**
   * Whose receive queue: 'current' (drivers/net/tap.c: a ptr_ring per file, sized by
   * tx_queue_len, full → drop) or '2.6.34', the first macvtap (drivers/net/macvtap.c,
   * v2.6.34): one file per device, frames appended to its sk_receive_queue by
   * skb_queue_tail with no length check, until Herbert Xu's "macvtap: Limit packet queue
   * length" (July 2010) made tx_queue_len the limit. '3.13' is the macvtap of v2.6.35 to
   * v3.13 (macvtap_forward behind vlan->receive): queues limited by tx_queue_len, but
   * macvlan counts the frame only when macvtap_forward queued it (a full queue or no open
   * file is rx_errors, not rx_packets, and nothing reaches the stack), and the VMM's read
   * counts it again (macvtap_put_user), until "macvtap: Do not double-count received
   * packets" and the rx_handler conversion of v3.14.
   */
  readonly era: 'current' | '3.13' | '2.6.34';
}

export interface MacvlanConfig {
  readonly name: string;
  readonly mac: Uint8Array;
  readonly mode: MacvlanMode;
  /** Created at start (false: the port exists, the device is made later by `create`). */
  readonly exists: boolean;
  readonly up: boolean;
  readonly bcqueuelen: number;
  readonly nopromisc: boolean;
  readonly nodst: boolean;
  /** SOURCE mode: remote source MACs (`ip link set ... macaddr add`). */
  readonly sources: readonly Uint8Array[];
  /** Multicast groups this device joined (its dev_mc list, synced to the lower device). */
  readonly mcast: readonly Uint8Array[];
  readonly allmulti: boolean;
  /** bclim: sets the port's bc_cutoff when given (v6.4+). */
  readonly bclim?: number;
  readonly macvtap?: MacvtapConfig;
}

export interface LowerConfig {
  readonly name: string;
  readonly mac: Uint8Array;
  /**
   * 'unicast': the NIC has a unicast filter (IFF_UNICAST_FLT) holding its own MAC and
   * every open macvlan's (dev_uc_add). 'promiscuous': it accepts everything (a veth,
   * tap or bridge lower device, or a full filter; see correction W4).
   */
  readonly filter: 'unicast' | 'promiscuous';
  /** Multicast groups the host's own stack joined on the lower device. */
  readonly mcast: readonly Uint8Array[];
  /** L2 forwarding offload (NETIF_F_HW_L2FW_DOFFLOAD): stations the NIC can steer by MAC. */
  readonly l2fwdStations: number;
}

export interface HostConfig {
  readonly lower: LowerConfig;
  readonly hash: HashEra;
  /** 'current' or '2.6.33' (the first kernel with modes: inline broadcast, no source/passthru/macvtap). */
  readonly era: 'current' | '2.6.33';
  /** 'bc_cutoff' (v6.4+, default) or 'queue-all' (v5.x-6.3): how multicast meets the queue. */
  readonly mcastPath: 'bc_cutoff' | 'queue-all';
  /** Delay before the broadcast worker runs after being queued (system_unbound_wq latency). */
  readonly bcWorkerDelayNs: number;
  /**
   * The CPU the broadcast worker (system_unbound_wq) would run on: 'free' (another CPU is
   * idle: the worker runs bcWorkerDelay after it is queued, even while a burst still
   * arrives) or 'busy' (every CPU is in the receive softirq: a process-context worker runs
   * only once frames stop arriving for bcWorkerDelay, after the burst).
   */
  readonly bcWorkerCpu: 'free' | 'busy';
  readonly macvlans: readonly MacvlanConfig[];
  /** CPU cost per frame the host's software handles (stack/cpu-cost.ts); absent: not counted. */
  readonly cpu?: CpuCost;
}

/**
 * Per-device statistics as macvlan_dev_get_stats64 reports them (v6.x): the per-CPU
 * counters macvlan_count_rx and macvlan_start_xmit keep, plus the core stats dev_get_stats
 * adds (dev_core_stats_rx_dropped_inc in __netif_receive_skb_core, tx_dropped in
 * __dev_queue_xmit). rx_dropped as reported = rx_errors + core rx_dropped.
 */
export interface Stats {
  rx_packets: number;
  rx_bytes: number;
  multicast: number;
  rx_errors: number;
  /** Core stat: frames no protocol handler took on this device (__netif_receive_skb_core). */
  core_rx_dropped: number;
  tx_packets: number;
  tx_bytes: number;
  tx_dropped: number;
}

export const zeroStats = (): Stats => ({
  rx_packets: 0,
  rx_bytes: 0,
  multicast: 0,
  rx_errors: 0,
  core_rx_dropped: 0,
  tx_packets: 0,
  tx_bytes: 0,
  tx_dropped: 0,
});

/** One macvlan (or macvtap) device at run time. */
export interface MacvlanDev {
  readonly name: string;
  mac: Uint8Array;
  mode: MacvlanMode;
  up: boolean;
  bcqueuelen: number;
  nopromisc: boolean;
  nodst: boolean;
  mcast: Uint8Array[];
  allmulti: boolean;
  /** Order of creation, to keep port->vlans (list_add_tail) order. */
  readonly seq: number;
  /** True when the NIC steers its unicast into its own queue (ndo_dfwd_add_station). */
  offloaded: boolean;
  readonly stats: Stats;
  readonly macvtap?: MacvtapConfig;
}
