// Per-port counters of the switch: frames received, sent, reflected (sent back out the
// port they came in on), dropped and denied by policy. Kept as state `counters/<port>` so a
// view can show them at any step, and as node counters `<port> <name>` at the end.
import type { DeviceContext } from '../../sim/device';

export type CounterName = 'rx' | 'tx' | 'reflected' | 'dropped' | 'denied' | 'mirrored';

export class Counters {
  private readonly m = new Map<string, Record<string, number>>();

  bump(ctx: DeviceContext, port: string, name: CounterName, by = 1): void {
    const c = { ...(this.m.get(port) ?? {}) };
    c[name] = (c[name] ?? 0) + by;
    this.m.set(port, c);
    ctx.set(`counters/${port}`, c);
    ctx.count(`${port} ${name}`, by);
  }

  get(port: string): Readonly<Record<string, number>> {
    return this.m.get(port) ?? {};
  }
}
