// Per-port counters of the switch: frames received, sent, reflected (sent back out the
// port they came in on), dropped, denied by policy and mirrored. Kept as flat state
// `counters/<port>/<name>` (a number) so a view or a lesson checkpoint can read any one of
// them at any step, and as node counters `<port> <name>` at the end of the run.
import type { DeviceContext } from '../../sim/device';

export type CounterName = 'rx' | 'tx' | 'reflected' | 'dropped' | 'denied' | 'mirrored';

export class Counters {
  private readonly m = new Map<string, number>();
  /** Key strings per (port, counter), built once: bump runs for every frame. */
  private readonly keys = new Map<string, Map<CounterName, { k: string; state: string; node: string }>>();

  bump(ctx: DeviceContext, port: string, name: CounterName, by = 1): void {
    let perPort = this.keys.get(port);
    if (!perPort) this.keys.set(port, (perPort = new Map()));
    let key = perPort.get(name);
    if (!key) perPort.set(name, (key = { k: `${port}/${name}`, state: `counters/${port}/${name}`, node: `${port} ${name}` }));
    const v = (this.m.get(key.k) ?? 0) + by;
    this.m.set(key.k, v);
    ctx.set(key.state, v);
    ctx.count(key.node, by);
  }

  get(port: string, name: CounterName): number {
    return this.m.get(`${port}/${name}`) ?? 0;
  }
}
