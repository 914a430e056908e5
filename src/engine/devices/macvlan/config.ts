// Reading a `macvlan` node's config and its commands' arguments. Defaults are the
// kernel's: mode vepa (macvlan_common_newlink), bcqueuelen 1000
// (MACVLAN_DEFAULT_BC_QUEUE_LEN), macvtap tx_queue_len 500 (TUN_READQ_SIZE).
import { readCpuCost } from '../stack/cpu-cost';
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { isMulticastMac } from '../../frame/address';
import type { HashEra } from './hash';
import {
  MODES,
  type HostConfig,
  type LowerConfig,
  type MacvlanConfig,
  type MacvtapConfig,
  type MacvlanMode,
  type ReaderConfig,
} from './types';

export const DEFAULT_BC_QUEUE_LEN = 1000;
export const TUN_READQ_SIZE = 500;
export const MAX_TAP_QUEUES = 256;
/** MAX_MACVTAP_QUEUES of the 3.x macvtap (include/linux/if_macvlan.h), the limit of era "3.13". */
export const MAX_MACVTAP_QUEUES_3X = 16;
const NAME = /^[A-Za-z][\w.-]{0,14}$/;
const NAME_HINT = 'an interface name like "eth0" or "mvA" (at most 15 characters, like IFNAMSIZ)';

function macList(r: Reader, what: 'unicast' | 'multicast'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of r.array(false) ?? []) {
    const mac = m.mac();
    if (!mac) continue;
    if (what === 'multicast' && !isMulticastMac(mac))
      r.issues.add(
        m.path,
        'is not a multicast MAC (the I/G bit of the first byte is clear)',
        'e.g. 01:00:5e:00:00:fb or 33:33:00:00:00:01',
      );
    else if (what === 'unicast' && isMulticastMac(mac))
      r.issues.add(
        m.path,
        'is a multicast MAC; source entries are station addresses',
        'a unicast MAC like 02:00:00:00:00:99',
      );
    else out.push(mac);
  }
  return out;
}

export function readReader(r: Reader, def: ReaderConfig): ReaderConfig | undefined {
  if (r.value === undefined) return def;
  if (!r.object('a reader: {"every": "10us", "burst": 1}')) return undefined;
  r.onlyKeys(['every', 'burst']);
  const everyNs = r.at('every').duration({ default: def.everyNs });
  const burst = r.at('burst').number({ default: def.burst, integer: true, min: 1, max: 100000 });
  return everyNs !== undefined && burst !== undefined ? { everyNs: Math.max(1, everyNs), burst } : undefined;
}

const DEFAULT_READER: ReaderConfig = { everyNs: 1000, burst: 64 };

function readMacvtap(r: Reader): MacvtapConfig | undefined {
  if (r.value === true) return { queues: 1, txqueuelen: TUN_READQ_SIZE, reader: DEFAULT_READER, era: 'current' };
  if (!r.object('true or {"queues": 1, "txqueuelen": 500, "reader": {...}}')) return undefined;
  r.onlyKeys(['queues', 'txqueuelen', 'reader', 'era']);
  const era = r.at('era').string({
    default: 'current',
    oneOf: ['current', '3.13', '2.6.34'],
    hint: "2.6.34: the first macvtap's receive queue, with no length limit; 3.13: v2.6.35-3.13 counting",
  }) as MacvtapConfig['era'] | undefined;
  const queues = r.at('queues').number({
    default: 1,
    integer: true,
    min: 0,
    // With era 2.6.34 only the first open succeeds (macvtap_set_queue: one file per device,
    // the others are -EBUSY; commands.ts). Multiqueue came with Krishna Kumar's "macvtap:
    // Implement multiqueue for macvtap driver" (Aug 2010).
    max: era === '3.13' ? MAX_MACVTAP_QUEUES_3X : MAX_TAP_QUEUES,
    hint: 'files the VMM opens on /dev/tapN; 0 = none open',
  });
  // v2.6.34 macvtap used macvlan_setup, which sets tx_queue_len = 0; nothing read it. The
  // limit commit gave macvtap its own setup with TUN_READQ_SIZE (500), as tun has.
  const txqueuelen = r
    .at('txqueuelen')
    .number({ default: era === '2.6.34' ? 0 : TUN_READQ_SIZE, integer: true, min: 0, max: 1_000_000 });
  const reader = readReader(r.at('reader'), DEFAULT_READER);
  return queues !== undefined && txqueuelen !== undefined && reader && era
    ? { queues, txqueuelen, reader, era }
    : undefined;
}

export function readMode(r: Reader, def?: MacvlanMode): MacvlanMode | undefined {
  return r.string({ oneOf: MODES, default: def, hint: 'private, vepa, bridge, passthru or source' }) as
    MacvlanMode | undefined;
}

function readMacvlan(r: Reader, issues: IssueList): MacvlanConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys([
    'name',
    'mac',
    'mode',
    'exists',
    'up',
    'bcqueuelen',
    'bclim',
    'nopromisc',
    'nodst',
    'sources',
    'mcast',
    'allmulti',
    'macvtap',
  ]);
  const name = r.at('name').string({ pattern: NAME, hint: NAME_HINT });
  const mode = readMode(r.at('mode'), 'vepa');
  const mac = r.has('mac') ? r.at('mac').mac() : undefined;
  if (!r.has('mac') && mode !== 'passthru')
    issues.add(
      r.at('mac').path,
      'is required',
      "each macvlan needs its own MAC (passthru inherits the lower device's)",
    );
  if (mac && isMulticastMac(mac))
    issues.add(r.at('mac').path, 'is a multicast MAC (-EADDRNOTAVAIL)', 'clear the I/G bit of the first byte');
  const exists = r.at('exists').boolean({ default: true });
  const up = r.at('up').boolean({ default: true });
  const bcqueuelen = r
    .at('bcqueuelen')
    .number({ default: DEFAULT_BC_QUEUE_LEN, integer: true, min: 0, max: 0xffffffff });
  const nopromisc = r.at('nopromisc').boolean({ default: false });
  const nodst = r.at('nodst').boolean({ default: false });
  if (nopromisc && mode !== 'passthru')
    issues.add(
      r.at('nopromisc').path,
      'nopromisc flag only valid in passthru mode',
      'iproute2 refuses it for other modes',
    );
  const sources = macList(r.at('sources'), 'unicast');
  if (sources.length && mode !== 'source')
    issues.add(
      r.at('sources').path,
      'source MACs need mode "source" (MACADDR_MODE on a non-SOURCE macvlan is -EINVAL)',
    );
  const mcast = macList(r.at('mcast'), 'multicast');
  const allmulti = r.at('allmulti').boolean({ default: false });
  const bclim = r.has('bclim')
    ? r.at('bclim').number({
        integer: true,
        min: -2147483648,
        max: 2147483647,
        hint: 'bc_cutoff: queue groups joined by more than this many macvlans; -1 queues nothing',
      })
    : undefined;
  const macvtap = r.has('macvtap') && r.at('macvtap').value !== false ? readMacvtap(r.at('macvtap')) : undefined;
  if (
    name === undefined ||
    mode === undefined ||
    exists === undefined ||
    up === undefined ||
    bcqueuelen === undefined ||
    nopromisc === undefined ||
    nodst === undefined ||
    allmulti === undefined
  )
    return undefined;
  if (r.has('macvtap') && r.at('macvtap').value !== false && !macvtap) return undefined;
  return {
    name,
    mac: mac ?? new Uint8Array(6),
    mode,
    exists,
    up,
    bcqueuelen,
    nopromisc,
    nodst,
    sources,
    mcast,
    allmulti,
    ...(bclim !== undefined && { bclim }),
    ...(macvtap && { macvtap }),
  };
}

function readLower(r: Reader): LowerConfig | undefined {
  if (!r.object('the lower device: {"name": "eth0", "mac": "..."}')) return undefined;
  r.onlyKeys(['name', 'mac', 'filter', 'mcast', 'l2fwdStations']);
  const name = r.at('name').string({ default: 'eth0', pattern: NAME, hint: NAME_HINT });
  const mac = r.at('mac').mac();
  const filter = r.at('filter').string({ default: 'unicast', oneOf: ['unicast', 'promiscuous'] }) as
    LowerConfig['filter'] | undefined;
  const mcast = macList(r.at('mcast'), 'multicast');
  const l2fwdStations = r.at('l2fwdStations').number({
    default: 0,
    integer: true,
    min: 0,
    max: 256,
    hint: 'stations the NIC can steer by MAC (0 = no L2 forwarding offload)',
  });
  if (name === undefined || !mac || !filter || l2fwdStations === undefined) return undefined;
  return { name, mac, filter, mcast, l2fwdStations };
}

export function readHostConfig(r: Reader, issues: IssueList): HostConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['lower', 'era', 'hash', 'mcastPath', 'bcWorkerDelay', 'bcWorkerCpu', 'macvlans', 'cpu']);
  const lower = readLower(r.at('lower'));
  const hash = r.at('hash').string({ default: 'current', oneOf: ['current', 'prime64', '2009'] }) as
    HashEra | undefined;
  const era = r.at('era').string({
    default: 'current',
    oneOf: ['current', '2.6.33'],
    hint: '2.6.33: the 2009 receive and transmit paths (pair it with "hash": "2009")',
  }) as HostConfig['era'] | undefined;
  const mcastPath = r.at('mcastPath').string({
    default: 'bc_cutoff',
    oneOf: ['bc_cutoff', 'queue-all'],
    hint: 'bc_cutoff: v6.4+ (bc_filter/mc_filter); queue-all: v5.x-6.3',
  }) as HostConfig['mcastPath'] | undefined;
  const bcWorkerDelayNs = r.at('bcWorkerDelay').duration({ default: 2000 });
  const bcWorkerCpu = r.at('bcWorkerCpu').string({
    default: 'free',
    oneOf: ['free', 'busy'],
    hint: 'free: the worker runs during a burst; busy: only after frames stop arriving',
  }) as HostConfig['bcWorkerCpu'] | undefined;
  const macvlans = (r.at('macvlans').array(false) ?? []).map((m) => readMacvlan(m, issues));
  const cpuBefore = issues.items.length;
  const cpu = readCpuCost(r);
  if (issues.items.length > cpuBefore) return undefined;
  if (
    !lower ||
    !era ||
    !hash ||
    !mcastPath ||
    bcWorkerDelayNs === undefined ||
    !bcWorkerCpu ||
    macvlans.some((m) => !m)
  )
    return undefined;
  const list = macvlans as MacvlanConfig[];
  const names = new Set<string>([lower.name]);
  list.forEach((m, i) => {
    if (names.has(m.name))
      issues.add(r.at('macvlans').at(i).at('name').path, `interface name "${m.name}" is used twice (-EEXIST)`);
    names.add(m.name);
  });
  const pt = list.filter((m) => m.exists && m.mode === 'passthru');
  if (pt.length && list.filter((m) => m.exists).length > 1) {
    issues.add(
      r.at('macvlans').path,
      'a passthru macvlan must be the only macvlan on its lower device (-EINVAL)',
      'remove the others or make them "exists": false',
    );
  }
  if (era === '2.6.33') {
    list.forEach((m, i) => {
      const at = r.at('macvlans').at(i);
      if (m.mode === 'passthru' || m.mode === 'source')
        issues.add(
          at.at('mode').path,
          `mode ${m.mode} did not exist in 2.6.33 (passthru came in ~2.6.38, source in ~4.0)`,
        );
      if (m.macvtap) issues.add(at.at('macvtap').path, 'macvtap arrived in 2.6.34, one release after the 2.6.33 modes');
    });
  }
  return { lower, era, hash, mcastPath, bcWorkerDelayNs, bcWorkerCpu, macvlans: list, ...(cpu && { cpu }) };
}
