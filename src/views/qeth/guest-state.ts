// What one guest would print: `ip addr` (with whether the card registered each address),
// the qeth driver's own address table and its disposition, route4/route6 as sysfs reads
// them back, isolation, and the last kernel message. Read from the guest's state keys.

export interface GuestState {
  readonly id: string;
  readonly ifname: string;
  readonly devno: string;
  readonly layer: number;
  readonly mac?: string;
  readonly addrs: readonly {
    readonly ip: string;
    readonly prefix: number;
    readonly card: string;
    readonly registered: boolean;
  }[];
  readonly driver: readonly { readonly ip: string; readonly disp: string; readonly flags: number }[];
  readonly route4?: string;
  readonly isolation?: string;
  readonly dmesg?: string;
}

export function guestState(state: ReadonlyMap<string, unknown>, id: string): GuestState | undefined {
  const dev = state.get(`${id}/device`) as { devno: string; ifname: string; layer: number } | undefined;
  if (!dev) return undefined;
  const addrs: GuestState['addrs'][number][] = [];
  const driver: GuestState['driver'][number][] = [];
  const p = `${id}/`;
  for (const [k, v] of state) {
    if (!k.startsWith(p)) continue;
    const key = k.slice(p.length);
    if (key.startsWith('ip/')) {
      const a = v as { prefix: number; card: string };
      addrs.push({ ip: key.slice(3), prefix: a.prefix, card: a.card, registered: a.card === 'registered' });
    } else if (key.startsWith('driver/')) {
      const d = v as { disp: string; flags: number };
      driver.push({ ip: key.slice(7), disp: d.disp, flags: d.flags });
    }
  }
  const link = state.get(`${id}/link`) as { mac?: string } | undefined;
  return {
    id,
    ifname: dev.ifname,
    devno: dev.devno,
    layer: dev.layer,
    ...(link?.mac && { mac: link.mac }),
    addrs: addrs.sort((a, b) => a.ip.localeCompare(b.ip)),
    driver: driver.sort((a, b) => a.ip.localeCompare(b.ip)),
    ...(typeof state.get(`${id}/route4`) === 'string' && { route4: state.get(`${id}/route4`) as string }),
    ...(typeof state.get(`${id}/isolation`) === 'string' && { isolation: state.get(`${id}/isolation`) as string }),
    ...(typeof state.get(`${id}/dmesg`) === 'string' && { dmesg: state.get(`${id}/dmesg`) as string }),
  };
}
