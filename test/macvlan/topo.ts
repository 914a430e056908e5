// Test topologies for the macvlan lab: host H (lower device eth0 on switch port p1),
// guests gX linked to H's macvlan ports, an external host on the switch.
import { MAC } from '../helpers/run';

export interface MvSpec {
  name: string;
  mode: string;
  n: number;
  extra?: Record<string, unknown>;
}

export const LOWER_MAC = '02:00:00:00:00:10';
export const EXT_MAC = '02:00:00:00:00:99';

export function hostTopo(
  mvs: MvSpec[],
  opts: {
    hostConfig?: Record<string, unknown>;
    switchNode?: unknown;
    traffic?: unknown[];
    guests?: boolean;
    until?: string;
  } = {},
) {
  const nodes: unknown[] = [
    {
      id: 'H',
      type: 'macvlan',
      config: {
        lower: { name: 'eth0', mac: LOWER_MAC },
        macvlans: mvs.map((m) => ({ name: m.name, mac: MAC(m.n), mode: m.mode, ...m.extra })),
        ...opts.hostConfig,
      },
    },
    opts.switchNode ?? { id: 'sw', type: 'host', config: { mac: EXT_MAC, ip: '10.0.0.99' } },
  ];
  const links: unknown[] = [{ id: 'uplink', a: 'H:eth0', b: 'sw:eth0' }];
  if (opts.guests !== false) {
    for (const m of mvs) {
      nodes.push({ id: `g${m.name.slice(2)}`, type: 'host', config: { mac: MAC(m.n), ip: `10.0.0.${m.n}` } });
      links.push({ id: `l${m.name}`, a: `g${m.name.slice(2)}:eth0`, b: `H:${m.name}`, latency: 0 });
    }
  }
  return {
    name: 'macvlan test',
    seed: 1,
    nodes,
    links,
    traffic: opts.traffic ?? [],
    ...(opts.until && { until: opts.until }),
  };
}

/** Frame bytes as hex: dst, src, ethertype, payload padded to 60 bytes. */
export function frameHex(dst: string, src: string, ethertype = '0800'): string {
  const h = (m: string) => m.replace(/:/g, '');
  return (h(dst) + h(src) + ethertype).padEnd(120, '0');
}
