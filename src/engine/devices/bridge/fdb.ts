// The forwarding database: (MAC, VLAN) -> port, learned from source addresses on
// ingress (br_fdb_update) and aged out after the ageing time (has_expired). Entries
// move when a MAC shows up on another port; ageing 0 turns learning off.
import type { DeviceContext } from '../../sim/device';
import type { Time } from '../../sim/types';

export interface FdbEntry {
  port: string;
  updated: Time;
  readonly mac: string;
  readonly vid: number;
  /** `<mac>@<vid>`, its state key under `fdb/`. */
  readonly key: string;
}

export type LearnResult = 'new' | 'moved' | 'refreshed' | 'off';

const OFF = { result: 'off' } as const;
const REFRESHED = { result: 'refreshed' } as const;
const NEW = { result: 'new' } as const;
const MISS = {} as const;

export class Fdb {
  /** Every entry by key, in the order learned: the order a flush forgets them. */
  private readonly entries = new Map<string, FdbEntry>();
  /** The same entries by VLAN, then MAC: what a lookup uses, with no key string built per frame. */
  private readonly byVid = new Map<number, Map<string, FdbEntry>>();

  constructor(private readonly ageingNs: number) {}

  static key(mac: string, vid: number): string {
    return `${mac}@${vid}`;
  }

  learn(mac: string, vid: number, port: string, ctx: DeviceContext): { result: LearnResult; from?: string } {
    if (this.ageingNs === 0) return OFF;
    let vlan = this.byVid.get(vid);
    if (!vlan) this.byVid.set(vid, (vlan = new Map()));
    const e = vlan.get(mac);
    if (e && e.port === port) {
      e.updated = ctx.now;
      return REFRESHED;
    }
    const key = e?.key ?? Fdb.key(mac, vid);
    const entry: FdbEntry = { port, updated: ctx.now, mac, vid, key };
    vlan.set(mac, entry);
    this.entries.set(key, entry);
    ctx.set(`fdb/${key}`, port);
    return e ? { result: 'moved', from: e.port } : NEW;
  }

  /** The port for (mac, vid), dropping the entry if it has aged out. */
  lookup(mac: string, vid: number, ctx: DeviceContext): { port?: string; expired?: FdbEntry } {
    const e = this.byVid.get(vid)?.get(mac);
    if (!e) return MISS;
    // has_expired: time_before_eq(updated + hold_time, jiffies), so an entry exactly as old as the ageing time is gone.
    if (ctx.now - e.updated >= this.ageingNs) {
      this.forget(e, ctx);
      return { expired: e };
    }
    return e;
  }

  /** Forget every entry on a port (link down: br_fdb_delete_by_port). */
  flushPort(port: string, ctx: DeviceContext): number {
    let n = 0;
    for (const e of this.entries.values()) {
      if (e.port !== port) continue;
      this.forget(e, ctx);
      n++;
    }
    return n;
  }

  private forget(e: FdbEntry, ctx: DeviceContext): void {
    this.entries.delete(e.key);
    this.byVid.get(e.vid)?.delete(e.mac);
    ctx.set(`fdb/${e.key}`, undefined);
  }
}
