// Per-port counters of the switch: frames received, sent, reflected (sent back out the
// port they came in on), dropped, denied by policy and mirrored. `dropped` moves only where
// something counts the drop: none of the Linux bridge's own drops do (br_handle_frame's
// invalid source, br_allowed_ingress, should_deliver in br_forward and br_flood all end in a
// plain kfree_skb), so today only the 802.1Qbg S-VLAN component's unknown S-VID counts
// (an 802.1Q port's discard counter, not Linux). Kept as flat state
// `counters/<port>/<name>` (a number) so a view or a lesson checkpoint can read any one of
// them at any step, and as node counters `<port> <name>` at the end of the run.
import type { DeviceContext } from '../../sim/device';

export type CounterName = 'rx' | 'tx' | 'reflected' | 'dropped' | 'denied' | 'mirrored';

interface Counter {
  value: number;
  /** Its state key and its node counter name, built once: bump runs for every frame. */
  readonly state: string;
  readonly node: string;
}

export class Counters {
  private readonly byPort = new Map<string, Map<CounterName, Counter>>();

  bump(ctx: DeviceContext, port: string, name: CounterName, by = 1): void {
    const c = this.counter(port, name);
    c.value += by;
    ctx.set(c.state, c.value);
    ctx.count(c.node, by);
  }

  get(port: string, name: CounterName): number {
    return this.byPort.get(port)?.get(name)?.value ?? 0;
  }

  private counter(port: string, name: CounterName): Counter {
    let perPort = this.byPort.get(port);
    if (!perPort) this.byPort.set(port, (perPort = new Map()));
    let c = perPort.get(name);
    if (!c) perPort.set(name, (c = { value: 0, state: `counters/${port}/${name}`, node: `${port} ${name}` }));
    return c;
  }
}
