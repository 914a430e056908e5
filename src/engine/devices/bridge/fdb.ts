// The forwarding database: (MAC, VLAN) -> port, learned from source addresses on
// ingress (br_fdb_update) and aged out after the ageing time (has_expired). Entries
// move when a MAC shows up on another port; ageing 0 turns learning off.
import type { DeviceContext } from '../../sim/device';
import type { Time } from '../../sim/types';

export interface FdbEntry {
  port: string;
  updated: Time;
}

export type LearnResult = 'new' | 'moved' | 'refreshed' | 'off';

export class Fdb {
  private readonly entries = new Map<string, FdbEntry>();

  constructor(private readonly ageingNs: number) {}

  static key(mac: string, vid: number): string {
    return `${mac}@${vid}`;
  }

  learn(mac: string, vid: number, port: string, ctx: DeviceContext): { result: LearnResult; from?: string } {
    if (this.ageingNs === 0) return { result: 'off' };
    const k = Fdb.key(mac, vid);
    const e = this.entries.get(k);
    if (e && e.port === port) {
      e.updated = ctx.now;
      return { result: 'refreshed' };
    }
    this.entries.set(k, { port, updated: ctx.now });
    ctx.set(`fdb/${k}`, port);
    return e ? { result: 'moved', from: e.port } : { result: 'new' };
  }

  /** The port for (mac, vid), dropping the entry if it has aged out. */
  lookup(mac: string, vid: number, ctx: DeviceContext): { port?: string; expired?: FdbEntry } {
    const k = Fdb.key(mac, vid);
    const e = this.entries.get(k);
    if (!e) return {};
    if (ctx.now - e.updated > this.ageingNs) {
      this.entries.delete(k);
      ctx.set(`fdb/${k}`, undefined);
      return { expired: e };
    }
    return { port: e.port };
  }

  /** Forget every entry on a port (link down: br_fdb_delete_by_port). */
  flushPort(port: string, ctx: DeviceContext): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.port !== port) continue;
      this.entries.delete(k);
      ctx.set(`fdb/${k}`, undefined);
      n++;
    }
    return n;
  }
}
