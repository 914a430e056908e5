// The agent's posted writes on their way up the bus to host DRAM. A PCI memory write is
// posted: the writer goes on at once and the write lands later, after the bridges between
// the board and the host's memory have passed it on. Three ordering rules of PCI (PCI Local
// Bus 3.0 section 3.2.5 and appendix E; PCIe Base "Transaction Ordering", the table's
// "Posted Request" column) decide what the host can see:
//   * posted writes in one direction land in the order they were issued (no relaxed ordering);
//   * a read completion may not pass a posted write going the same way, so when the host reads
//     a register of the board, every write the board posted before it has landed first
//     (the "flush posted writes" read that drivers do: Documentation/driver-api/device-io.rst);
//   * a read request may not pass a posted write either, so the agent's own reads of host
//     memory wait for its earlier writes.
// INTx is a wire, not a transaction in that stream: it can reach the host's CPU before the
// writes it announces. With `costs.windowWriteLatencyNs` 0 (the default) writes land at issue.
import type { Ram } from './ram';

interface InFlight {
  readonly ram: Ram;
  readonly addr: number;
  readonly data: Uint8Array;
  readonly issuedAt: number;
  readonly landAt: number;
  readonly writer: string;
}

export interface Landed {
  readonly count: number;
  readonly addrs: number[];
  /** When the last of them lands (virtual ns). */
  readonly lastAt: number;
}

export class PostedWrites {
  private readonly queue: InFlight[] = [];
  private lastLandAt = 0;
  /** Told when a landing falls due, so the device can run `landDue` at that time. */
  schedule: ((landAt: number) => void) | undefined;

  constructor(
    readonly latencyNs: number,
    private readonly writer: string,
  ) {}

  /** A write issued at `at` (the writer's time): it lands `latencyNs` later, never before an earlier one. */
  issue(ram: Ram, addr: number, data: Uint8Array, at: number, writer = this.writer): void {
    const landAt = Math.max(this.lastLandAt, at + this.latencyNs);
    this.lastLandAt = landAt;
    this.queue.push({ ram, addr, data: data.slice(), issuedAt: at, landAt, writer });
    this.schedule?.(landAt);
  }

  get inFlight(): number {
    return this.queue.length;
  }

  /** Land what is due by `now`, in order. */
  landDue(now: number): Landed {
    let n = 0;
    while (n < this.queue.length && this.queue[n].landAt <= now) n++;
    return this.land(n);
  }

  /** A read that may not pass them: land them all; the read completes no earlier than the last. */
  drain(): Landed {
    return this.land(this.queue.length);
  }

  /** The writer's own read across the bus: it drains them too, and the device records that it did. */
  drainForOwnRead(what: string): Landed {
    const landed = this.drain();
    if (landed.count) this.ownReadDrained?.(landed, what);
    return landed;
  }

  ownReadDrained: ((landed: Landed, what: string) => void) | undefined;

  private land(n: number): Landed {
    const done = this.queue.splice(0, n);
    for (const w of done) w.ram.write(w.addr, w.data, w.writer);
    return { count: done.length, addrs: done.map((w) => w.addr), lastAt: done.length ? done[n - 1].landAt : 0 };
  }
}
