// Per-port counters of the switch: frames received, sent, reflected (sent back out the
// port they came in on), dropped, denied by policy and mirrored. Kept as flat state
// `counters/<port>/<name>` (a number) so a view or a lesson checkpoint can read any one of
// them at any step, and as node counters `<port> <name>` at the end of the run.
import type { DeviceContext } from '../../sim/device';

export type CounterName = 'rx' | 'tx' | 'reflected' | 'dropped' | 'denied' | 'mirrored';

export class Counters {
  private readonly m = new Map<string, number>();

  bump(ctx: DeviceContext, port: string, name: CounterName, by = 1): void {
    const k = `${port}/${name}`;
    const v = (this.m.get(k) ?? 0) + by;
    this.m.set(k, v);
    ctx.set(`counters/${k}`, v);
    ctx.count(`${port} ${name}`, by);
  }

  get(port: string, name: CounterName): number {
    return this.m.get(`${port}/${name}`) ?? 0;
  }
}
