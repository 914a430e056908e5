// struct macvlan_port: what the lower device's rx_handler_data points to. It holds the
// 256-bucket vlan_hash of *open* macvlans keyed by their own MAC (macvlan_hash_add is
// called only from macvlan_open, correction W1), the list of all macvlans (port->vlans,
// passthru uses its first entry), the SOURCE-mode entries keyed by remote source MAC,
// and the broadcast queue's length limit.
import { formatMac, macEquals } from '../../frame/address';
import { macBucket, MACVLAN_HASH_SIZE, type HashEra } from './hash';
import type { MacvlanDev } from './types';
import * as say from './words';

export interface SourceEntry {
  readonly addr: Uint8Array;
  readonly vlan: MacvlanDev;
}

/** One comparison along a bucket's chain, for the view and the decision text. */
export interface ChainProbe {
  readonly name: string;
  readonly mac: string;
  readonly match: boolean;
}

export interface Lookup {
  readonly bucket: number;
  readonly chain: readonly ChainProbe[];
  readonly found?: MacvlanDev;
}

export class MacvlanPort {
  /** hlist heads: hlist_add_head_rcu puts the newest entry first. */
  readonly vlanHash: MacvlanDev[][] = Array.from({ length: MACVLAN_HASH_SIZE }, () => []);
  readonly sourceHash: SourceEntry[][] = Array.from({ length: MACVLAN_HASH_SIZE }, () => []);
  /** port->vlans, in creation order (list_add_tail_rcu). */
  readonly vlans: MacvlanDev[] = [];
  passthru = false;
  bcQueueLenUsed = 0;
  /** bc_cutoff (bclim): port-wide, last writer wins (update_port_bc_cutoff); default 1. */
  bcCutoff = 1;

  constructor(
    readonly era: HashEra,
    readonly lowerMac: Uint8Array,
  ) {}

  bucket(addr: Uint8Array): number {
    return macBucket(addr, this.era);
  }

  /** macvlan_hash_lookup: walk the bucket's chain comparing full MACs. */
  lookup(addr: Uint8Array): Lookup {
    const bucket = this.bucket(addr);
    const chain: ChainProbe[] = [];
    for (const v of this.vlanHash[bucket]) {
      const match = macEquals(v.mac, 0, addr);
      chain.push({ name: v.name, mac: formatMac(v.mac), match });
      if (match) return { bucket, chain, found: v };
    }
    return { bucket, chain };
  }

  hashAdd(v: MacvlanDev): void {
    this.vlanHash[this.bucket(v.mac)].unshift(v);
  }

  hashDel(v: MacvlanDev): void {
    for (const chain of this.vlanHash) {
      const i = chain.indexOf(v);
      if (i >= 0) chain.splice(i, 1);
    }
  }

  inHash(v: MacvlanDev): boolean {
    return this.vlanHash[this.bucket(v.mac)].includes(v);
  }

  /** macvlan_addr_busy: the lower device's MAC (unless passthru) or an open macvlan's. */
  addrBusy(addr: Uint8Array): string | undefined {
    if (!this.passthru && macEquals(this.lowerMac, 0, addr)) return say.lowerDeviceOwnMac();
    const l = this.lookup(addr);
    return l.found ? `open macvlan ${l.found.name} already uses it` : undefined;
  }

  /** Every open macvlan in hash_for_each order: bucket 0..255, each chain head first. */
  *hashOrder(): Generator<{ bucket: number; vlan: MacvlanDev }> {
    for (let b = 0; b < MACVLAN_HASH_SIZE; b++) for (const vlan of this.vlanHash[b]) yield { bucket: b, vlan };
  }

  addSource(vlan: MacvlanDev, addr: Uint8Array): void {
    const chain = this.sourceHash[this.bucket(addr)];
    if (chain.some((e) => e.vlan === vlan && macEquals(e.addr, 0, addr))) return;
    chain.unshift({ addr: new Uint8Array(addr), vlan });
  }

  delSource(vlan: MacvlanDev, addr: Uint8Array): void {
    const chain = this.sourceHash[this.bucket(addr)];
    const i = chain.findIndex((e) => e.vlan === vlan && macEquals(e.addr, 0, addr));
    if (i >= 0) chain.splice(i, 1);
  }

  flushSources(vlan: MacvlanDev): void {
    for (const chain of this.sourceHash)
      for (let i = chain.length - 1; i >= 0; i--) if (chain[i].vlan === vlan) chain.splice(i, 1);
  }

  sourcesOf(vlan: MacvlanDev): Uint8Array[] {
    return this.sourceHash.flatMap((c) => c.filter((e) => e.vlan === vlan).map((e) => e.addr));
  }

  /** Entries whose remote MAC equals `addr` (macvlan_forward_source walks one bucket). */
  sourceMatches(addr: Uint8Array): SourceEntry[] {
    return this.sourceHash[this.bucket(addr)].filter((e) => macEquals(e.addr, 0, addr));
  }

  /** update_port_bc_queue_len: the maximum any macvlan on the port requests. */
  updateBcQueueLen(): void {
    this.bcQueueLenUsed = this.vlans.reduce((m, v) => Math.max(m, v.bcqueuelen), 0);
  }
}
