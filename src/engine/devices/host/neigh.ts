// The host's neighbour table, as net/core/neighbour.c keeps it for ARP (arp_tbl) and ND
// (nd_tbl). Every IP packet the host originates leaves through output() (neigh_output:
// neigh_resolve_output -> neigh_event_send). An unknown next hop queues the packet on the
// entry (NUD_INCOMPLETE, __neigh_event_send) and solicits it (arp_solicit / ndisc_solicit);
// neigh_timer_handler retries every retrans_time and, after mcast_probes solicitations,
// fails the entry (NUD_FAILED) and neigh_invalidate frees the queue. update() is
// __neigh_update: what ARP and ND messages may change, and what they may not.
//
// Not modelled: the timers that age a used entry (REACHABLE -> STALE after reachable_time,
// DELAY -> PROBE after delay_first_probe_time, 5 s). An entry that goes DELAY stays DELAY.
// (Linux would send a unicast ARP probe 5 s after a host answers a ping; modelled, that probe
// stretches every bundled run that ends with a ping to 5 s, so it waits for a scenario end time.)
import { formatIp, formatMac, type IpAddress } from '../../frame/address';
import type { DeviceContext } from '../../sim/device';
import * as say from './words';

/** The NUD states a host's entries take here (include/uapi/linux/neighbour.h). NONE: created, not yet used. */
export type Nud = 'NONE' | 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'FAILED' | 'PERMANENT';

/** NUD_VALID: the entry has a link-layer address that may be used. */
export const isValid = (s: Nud): boolean => s === 'REACHABLE' || s === 'STALE' || s === 'DELAY' || s === 'PERMANENT';
/** NUD_CONNECTED: NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE. */
const isConnected = (s: Nud): boolean => s === 'REACHABLE' || s === 'PERMANENT';

/** A packet the host wants to send to a next hop, before it has an Ethernet header. */
export interface Outgoing {
  /** What it is, for the steps ("ICMP echo reply id 1 seq 1"). */
  readonly what: string;
  /** Its length in bytes (the frame it becomes), for the queue's truesize estimate. */
  readonly len: number;
  /** Add the Ethernet header for this MAC and send it (neigh->ops->queue_xmit). */
  readonly transmit: (ctx: DeviceContext, lladdr: Uint8Array, why: string) => void;
  /** neigh->ops->error_report when the entry fails (arp_error_report: dst_link_failure). */
  readonly failed?: (ctx: DeviceContext) => void;
}

interface Entry {
  state: Nud;
  lladdr?: Uint8Array;
  /** neigh->updated: last effective change (the ARP locktime counts from it). */
  updated: number;
  queue: Outgoing[];
  queueBytes: number;
  /** Solicitations sent while INCOMPLETE. */
  probes: number;
  /** Bumped when the entry leaves INCOMPLETE, so a pending retry timer knows it is stale. */
  gen: number;
}

export interface NeighParams {
  /** mcast_solicit: broadcast (or solicited-node multicast) probes before NUD_FAILED (3). */
  readonly mcastProbes: number;
  /** retrans_time (1 s). */
  readonly retransNs: number;
  /** unres_qlen_bytes: bytes of skb truesize an unresolved entry may queue (SK_WMEM_MAX). */
  readonly queueLenBytes: number;
  /** locktime (1 s for ARP, include/net/neighbour.h NEIGH_VAR LOCKTIME; ND does not use it). */
  readonly locktimeNs: number;
}

/** What the table needs from its host: the solicitation it sends (arp_solicit / ndisc_solicit). */
export interface Solicitor {
  solicit(dst: IpAddress, ctx: DeviceContext, attempt: number, of: number, queued?: string): void;
}

/**
 * skb->truesize of a packet of `len` bytes: SKB_TRUESIZE(len) = len + the aligned sizes of
 * struct sk_buff (256) and struct skb_shared_info (320) on x86_64. Real skbs are a little
 * larger (kmalloc rounds the data area up); this is the lower bound.
 */
export const skbTruesize = (len: number): number => len + 256 + 320;
/** SK_WMEM_MAX = SKB_TRUESIZE(256) * 256 = 212992 (include/net/sock.h): the default unres_qlen_bytes. */
export const SK_WMEM_MAX = skbTruesize(256) * 256;

/** arp_tbl's locktime: 1 s (net/ipv4/arp.c, arp_tbl .parms [NEIGH_VAR_LOCKTIME] = 1 * HZ). */
export const ARP_LOCKTIME_NS = 1e9;

export interface UpdateFlags {
  /** NEIGH_UPDATE_F_OVERRIDE: a different lladdr may replace the cached one. */
  readonly override?: boolean;
  /** NEIGH_UPDATE_F_WEAK_OVERRIDE: a different lladdr only suspects a connected entry (STALE). */
  readonly weak?: boolean;
  /** NEIGH_UPDATE_F_ADMIN: an administrative change (ip neigh), allowed on PERMANENT entries. */
  readonly admin?: boolean;
}

/** What __neigh_update did: changed the entry, left it as it was, or refused. */
export type UpdateResult = 'changed' | 'unchanged' | 'permanent' | 'kept-lladdr';

export class NeighTable {
  private readonly entries = new Map<string, Entry>();
  /** Entries that just became valid with packets queued: flushed after the step that resolved them. */
  private readonly flushPending = new Set<string>();

  constructor(
    private readonly host: Solicitor,
    private readonly p: NeighParams,
  ) {}

  state(key: string): Nud | undefined {
    return this.entries.get(key)?.state;
  }

  lladdr(key: string): Uint8Array | undefined {
    const e = this.entries.get(key);
    return e && isValid(e.state) ? e.lladdr : undefined;
  }

  /** neigh->updated of an entry (for arp_process's locktime test). */
  updatedAt(key: string): number | undefined {
    return this.entries.get(key)?.updated;
  }

  /** __neigh_lookup(..., creat = 1): the entry, created in NUD_NONE when absent. */
  create(dst: IpAddress, ctx: DeviceContext): void {
    const key = formatIp(dst);
    if (!this.entries.has(key))
      this.entries.set(key, { state: 'NONE', updated: ctx.now, queue: [], queueBytes: 0, probes: 0, gen: 0 });
  }

  /** neigh_output for a packet to `dst` (the next hop: on one link, the destination itself). */
  output(dst: IpAddress, out: Outgoing, ctx: DeviceContext): void {
    const key = formatIp(dst);
    const e = this.entries.get(key);
    if (e && e.lladdr && (isConnected(e.state) || e.state === 'DELAY'))
      return out.transmit(ctx, e.lladdr, say.neighHas(key, e.state, formatMac(e.lladdr)));
    if (e && e.lladdr && e.state === 'STALE') {
      // __neigh_event_send: a STALE entry is used at once and goes DELAY (reachability unconfirmed).
      e.state = 'DELAY';
      e.updated = ctx.now;
      this.publish(key, e, ctx);
      return out.transmit(ctx, e.lladdr, say.neighStaleToDelay(key, formatMac(e.lladdr)));
    }
    if (e && e.state === 'INCOMPLETE') return this.enqueue(key, e, out, ctx, say.neighQueuedBehind(key, out.what));
    this.start(dst, ctx, out);
  }

  /** Resolve `dst` with nothing queued (the `arp` command), unless the entry is usable or resolving. */
  probe(dst: IpAddress, ctx: DeviceContext): void {
    const s = this.state(formatIp(dst));
    if (s === undefined || s === 'NONE' || s === 'FAILED') this.start(dst, ctx);
  }

  /** __neigh_event_send on NUD_NONE / NUD_FAILED: go INCOMPLETE, queue, probe at once, arm the timer. */
  private start(dst: IpAddress, ctx: DeviceContext, out?: Outgoing): void {
    const key = formatIp(dst);
    const prev = this.entries.get(key);
    const e: Entry = {
      state: 'INCOMPLETE',
      updated: ctx.now,
      queue: [],
      queueBytes: 0,
      probes: 0,
      gen: (prev?.gen ?? 0) + 1,
    };
    this.entries.set(key, e);
    this.publish(key, e, ctx);
    if (out) this.enqueue(key, e, out, ctx);
    this.solicit(dst, e, ctx, out);
  }

  private solicit(dst: IpAddress, e: Entry, ctx: DeviceContext, first?: Outgoing): void {
    e.probes++;
    const key = formatIp(dst);
    this.host.solicit(dst, ctx, e.probes, this.p.mcastProbes, first?.what);
    const gen = e.gen;
    ctx.schedule(this.p.retransNs, `neigh ${key}`, (c) => this.timer(dst, gen, c));
  }

  /** neigh_timer_handler for an INCOMPLETE entry. */
  private timer(dst: IpAddress, gen: number, ctx: DeviceContext): void {
    const key = formatIp(dst);
    const e = this.entries.get(key);
    if (!e || e.gen !== gen || e.state !== 'INCOMPLETE') return;
    if (e.probes < this.p.mcastProbes) return this.solicit(dst, e, ctx);
    e.state = 'FAILED';
    e.updated = ctx.now;
    this.publish(key, e, ctx);
    ctx.note('decide', {
      decision: say.answerAfterProbesNeighbour(key, e.probes),
      source: 'neigh_timer_handler (NUD_FAILED)',
      layer: 'L3',
    });
    // neigh_invalidate: each queued skb goes to error_report, which frees it.
    const lost = e.queue;
    e.queue = [];
    e.queueBytes = 0;
    for (const out of lost) {
      out.failed?.(ctx);
      ctx.note('drop', {
        decision: say.neighFreedOnFailure(key, out.what),
        source: 'neigh_invalidate (arp_error_report: SKB_DROP_REASON_NEIGH_FAILED)',
        layer: 'L3',
      });
    }
  }

  /** __neigh_event_send on NUD_INCOMPLETE: queue, dropping the oldest beyond unres_qlen_bytes. */
  private enqueue(key: string, e: Entry, out: Outgoing, ctx: DeviceContext, decision?: string): void {
    const size = skbTruesize(out.len);
    while (e.queueBytes + size > this.p.queueLenBytes && e.queue.length > 0) {
      const old = e.queue.shift()!;
      e.queueBytes -= skbTruesize(old.len);
      ctx.note('drop', {
        decision: say.neighQueueFull(key, old.what, this.p.queueLenBytes),
        source: '__neigh_event_send (SKB_DROP_REASON_NEIGH_QUEUEFULL)',
        layer: 'L3',
      });
    }
    e.queue.push(out);
    e.queueBytes += size;
    if (decision)
      ctx.note('decide', {
        decision,
        source: '__neigh_event_send (NUD_INCOMPLETE: arp_queue)',
        layer: 'L3',
        detail: { queued: e.queue.length, queueBytes: e.queueBytes },
      });
  }

  /** __neigh_update for a non-FAILED new state. The entry must exist (create() first). */
  update(
    dst: IpAddress,
    lladdr: Uint8Array | undefined,
    want: Nud,
    f: UpdateFlags,
    ctx: DeviceContext,
    step?: (r: UpdateResult, state: Nud) => void,
  ): UpdateResult {
    const r = this.apply(dst, lladdr, want, f, ctx);
    const key = formatIp(dst);
    const e = this.entries.get(key)!;
    // The step that records the message carries the state change; the queue leaves after it.
    step?.(r, e.state);
    if (r !== 'permanent' && this.flushPending.delete(key)) this.flush(key, e, ctx);
    return r;
  }

  private apply(
    dst: IpAddress,
    lladdr: Uint8Array | undefined,
    want: Nud,
    f: UpdateFlags,
    ctx: DeviceContext,
  ): UpdateResult {
    const key = formatIp(dst);
    const e = this.entries.get(key)!;
    const old = e.state;
    if (!f.admin && old === 'PERMANENT') return 'permanent';
    const oldValid = isValid(old);
    let ll = lladdr ?? (oldValid ? e.lladdr : undefined);
    if (!ll) return 'unchanged';
    let next = want;
    const same = oldValid && e.lladdr !== undefined && sameMac(ll, e.lladdr);
    let kept = false;
    if (oldValid && !same && !f.override) {
      if (!(f.weak && isConnected(old))) return 'kept-lladdr';
      // WEAK_OVERRIDE: keep the connected lladdr but suspect it.
      ll = e.lladdr!;
      next = 'STALE';
      kept = true;
    } else if (same && want === 'STALE' && !f.admin) next = old;
    const llChanged = !e.lladdr || !sameMac(ll, e.lladdr);
    if (next === old && !llChanged) return kept ? 'kept-lladdr' : 'unchanged';
    // "update timestamps iff update is effective" (commit 77d7123342dc).
    e.updated = ctx.now;
    e.state = next;
    e.lladdr = ll.slice();
    if (old === 'INCOMPLETE') e.gen++;
    this.publish(key, e, ctx);
    if (!oldValid && e.queue.length > 0) this.flushPending.add(key);
    return kept ? 'kept-lladdr' : 'changed';
  }

  /** The queue of an entry that just became valid goes out through neigh->output. */
  private flush(key: string, e: Entry, ctx: DeviceContext): void {
    const queued = e.queue;
    e.queue = [];
    e.queueBytes = 0;
    for (const out of queued) {
      if (e.state === 'STALE') {
        e.state = 'DELAY';
        this.publish(key, e, ctx);
      }
      out.transmit(ctx, e.lladdr!, say.resolvedQueued(key, formatMac(e.lladdr!), out.what));
    }
  }

  /** `ip neigh add <ip> lladdr <mac> nud permanent` (neigh_add with NLM_F_CREATE | NLM_F_EXCL): errno. */
  addPermanent(dst: IpAddress, lladdr: Uint8Array, ctx: DeviceContext): number {
    const key = formatIp(dst);
    if (this.entries.has(key)) return -17; // -EEXIST: neigh_add refuses an existing entry under NLM_F_EXCL
    this.create(dst, ctx);
    this.update(dst, lladdr, 'PERMANENT', { override: true, admin: true }, ctx);
    return 0;
  }

  private publish(key: string, e: Entry, ctx: DeviceContext): void {
    ctx.set(`neigh/${key}`, e.state);
    ctx.set(`lladdr/${key}`, e.lladdr && isValid(e.state) ? formatMac(e.lladdr) : undefined);
  }
}

function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 6; i++) if (a[i] !== b[i]) return false;
  return true;
}
