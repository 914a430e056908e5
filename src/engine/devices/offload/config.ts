// Configuration of an SR-IOV NIC with an embedded switch (eswitch): the functions the host
// created (VFs and, in switchdev mode only, subfunctions), each with the MAC and VLAN the host set for it
// (`ip link set <pf> vf N mac ... vlan ...`, `devlink port function set ... hw_addr`),
// the eswitch mode (`devlink dev eswitch set ... mode legacy|switchdev`) and, in legacy
// mode, the hardware bridge mode (`bridge link set dev <pf> hwmode veb|vepa`).
import { readCpuCost, type CpuCost } from '../stack/cpu-cost';
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { isMulticastMac } from '../../frame/address';
import { sfNeedsSwitchdev, sfNeedsSwitchdevHint } from './words';

export interface FunctionConfig {
  readonly name: string;
  readonly kind: 'vf' | 'sf';
  readonly mac: Uint8Array;
  /** VLAN the host set (VST: the eswitch tags/untags; the guest never sees it). 0 = none. */
  readonly vlan: number;
  /** Drop frames whose source MAC is not the function's own (`spoofchk on`, the default). */
  readonly spoofchk: boolean;
}

export interface NicConfig {
  readonly uplink: string;
  readonly pfMac: Uint8Array;
  readonly eswitch: 'legacy' | 'switchdev';
  readonly hwmode: 'veb' | 'vepa';
  readonly functions: readonly FunctionConfig[];
  /** CPU cost of each frame the host's software handles for this NIC (stack/cpu-cost.ts); absent: not counted. */
  readonly cpu?: CpuCost;
}

export function readNicConfig(r: Reader, issues: IssueList): NicConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['uplink', 'pfMac', 'eswitch', 'hwmode', 'functions', 'cpu']);
  const uplink = r.at('uplink').string({ default: 'p0' });
  const pfMac = r.at('pfMac').mac();
  const eswitch = r.at('eswitch').string({ default: 'legacy', oneOf: ['legacy', 'switchdev'] }) as
    NicConfig['eswitch'] | undefined;
  const hwmode = r.at('hwmode').string({ default: 'veb', oneOf: ['veb', 'vepa'] }) as NicConfig['hwmode'] | undefined;
  if (eswitch === 'switchdev' && r.has('hwmode'))
    issues.add(
      r.at('hwmode').path,
      'hwmode applies to the legacy eswitch only',
      "in switchdev mode the host's software switch over the representors decides",
    );
  const functions: FunctionConfig[] = [];
  const names = new Set<string>();
  for (const f of r.at('functions').array() ?? []) {
    if (!f.object()) continue;
    f.onlyKeys(['name', 'kind', 'mac', 'vlan', 'spoofchk']);
    const name = f.at('name').string({ pattern: /^[a-z][\w-]{0,14}$/, hint: 'a port name like "vf0" or "sf1"' });
    const kind = f.at('kind').string({ default: name?.startsWith('sf') ? 'sf' : 'vf', oneOf: ['vf', 'sf'] }) as
      'vf' | 'sf' | undefined;
    const mac = f.at('mac').mac();
    if (mac && isMulticastMac(mac)) issues.add(f.at('mac').path, 'a function MAC must be unicast');
    const vlan = f.at('vlan').number({ default: 0, integer: true, min: 0, max: 4094 });
    const spoofchk = f.at('spoofchk').boolean({ default: true });
    if (name && names.has(name)) issues.add(f.at('name').path, `function "${name}" is listed twice`);
    if (name === uplink) issues.add(f.at('name').path, `"${name}" is the uplink's name`);
    if (name) names.add(name);
    // mlx5 creates SFs only in switchdev mode (mlx5_devlink_sf_port_new), and going back to
    // legacy deletes them all (mlx5_sf_esw_event → mlx5_sf_del_all): no SF in a legacy eswitch.
    if (kind === 'sf' && eswitch === 'legacy') {
      issues.add(f.at('kind').path, sfNeedsSwitchdev(), sfNeedsSwitchdevHint());
      continue;
    }
    if (name && kind && mac && vlan !== undefined && spoofchk !== undefined)
      functions.push({ name, kind, mac, vlan, spoofchk });
  }
  const cpuBefore = issues.items.length;
  const cpu = readCpuCost(r);
  if (issues.items.length > cpuBefore) return undefined;
  if (!uplink || !pfMac || !eswitch || !hwmode) return undefined;
  return { uplink, pfMac, eswitch, hwmode, functions, ...(cpu && { cpu }) };
}
