// Device type `macvlan`: a Linux host whose lower device carries a macvlan port, with
// macvlan and macvtap devices on it, following drivers/net/macvlan.c (v6.x, before the
// bc_cutoff change of v6.4) and drivers/net/tap.c.
//
// Config (every field validated; defaults are the kernel's):
// {
//   "lower":   { "name": "eth0", "mac": "02:00:00:00:00:10",
//                "filter": "unicast" | "promiscuous",   // NIC unicast filter or none (default unicast)
//                "mcast": ["01:00:5e:00:00:fb"],         // groups the host's own stack joined
//                "l2fwdStations": 0 },                   // L2 forwarding offload stations (0 = none)
//   "hash": "current" | "prime64" | "2009",              // bucket function (default current, v4.7+)
//   "mcastPath": "bc_cutoff" | "queue-all",              // v6.4+ bc_filter/mc_filter (default) or v5.x-6.3
//   "bcWorkerDelay": "2us",                              // latency before the broadcast worker runs
//   "bcWorkerCpu": "free" | "busy",                      // busy: the worker runs only after a burst
//   "macvlans": [
//     { "name": "mvA", "mac": "02:00:00:00:00:0a",
//       "mode": "private" | "vepa" | "bridge" | "passthru" | "source",   // default vepa
//       "exists": true,      // false: only the port is reserved; `create` makes it later
//       "up": true, "bcqueuelen": 1000, "bclim": 1, "nopromisc": false, "nodst": false,
//       "sources": ["02:..."],   // SOURCE mode remote MACs
//       "mcast": ["01:00:5e:00:00:fb"], "allmulti": false,
//       "macvtap": true | { "queues": 1, "txqueuelen": 500, "reader": { "every": "1us", "burst": 64 },
//                           "era": "current" | "3.13" | "2.6.34" } }
//                           // 2.6.34: no receive queue limit; 3.13: counted after queueing and again on read
//   ]
// }
// Ports: the lower device's name (e.g. "eth0", the uplink to the wire or a bridge) and one
// port per macvlan, named like it ("mvA"), linked to the guest or container that owns it
// (a `host` node, zero-latency link). Frames a guest sends arrive on its macvlan's port
// and take macvlan_queue_xmit; frames from the wire take macvlan_handle_frame.
//
// Commands: create {name, mode?, mac?, bcqueuelen?}, delete {name}, up {name},
// down {name}, set-mode {name, mode}, set-bcqueuelen {name, len}, set-bclim {name, limit},
// macaddr {name, op: add|del|set|flush, macs}, mcast-join / mcast-leave {name, group},
// tap-open {name}, tap-close {name, queue?}, set-reader {name, every?, burst?},
// set-txqueuelen {name, len}.
//
// State keys: hash/<bucket> (chain, head first), dev/<name>, stats/<name>, port/bcqueue,
// tap/<name>/<queue> (ring length), tapcfg/<name>, lower, lower/promiscuity.
import type { DeviceType } from '../../sim/device';
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { readHostConfig, readMode } from './config';
import { MacvlanHost } from './host';
import type { HostConfig } from './types';

const name = (r: Reader): void => void r.at('name').string({ hint: 'the macvlan device\'s name, e.g. "mvA"' });

function only(r: Reader, keys: string[]): void {
  r.object('an object of arguments');
  r.onlyKeys(keys);
}

const commands: Record<string, (args: Reader, issues: IssueList) => void> = {
  create: (r) => {
    only(r, ['name', 'mode', 'mac', 'bcqueuelen']);
    name(r);
    if (r.has('mode')) readMode(r.at('mode'));
    if (r.has('mac')) r.at('mac').mac();
    if (r.has('bcqueuelen')) r.at('bcqueuelen').number({ integer: true, min: 0, max: 0xffffffff });
  },
  delete: (r) => (only(r, ['name']), name(r)),
  up: (r) => (only(r, ['name']), name(r)),
  down: (r) => (only(r, ['name']), name(r)),
  'set-mode': (r) => {
    only(r, ['name', 'mode']);
    name(r);
    readMode(r.at('mode'));
  },
  'set-bclim': (r) => {
    only(r, ['name', 'limit']);
    name(r);
    r.at('limit').number({ integer: true, min: -2147483648, max: 2147483647 });
  },
  'set-bcqueuelen': (r) => {
    only(r, ['name', 'len']);
    name(r);
    r.at('len').number({ integer: true, min: 0, max: 0xffffffff });
  },
  macaddr: (r) => {
    only(r, ['name', 'op', 'macs']);
    name(r);
    r.at('op').string({ oneOf: ['add', 'del', 'set', 'flush'] });
    for (const m of r.at('macs').array(false) ?? []) m.mac();
  },
  'mcast-join': (r) => (only(r, ['name', 'group']), name(r), void r.at('group').mac()),
  'mcast-leave': (r) => (only(r, ['name', 'group']), name(r), void r.at('group').mac()),
  'tap-open': (r) => (only(r, ['name']), name(r)),
  'tap-close': (r) => {
    only(r, ['name', 'queue']);
    name(r);
    if (r.has('queue')) r.at('queue').number({ integer: true, min: 0 });
  },
  'set-reader': (r) => {
    only(r, ['name', 'every', 'burst']);
    name(r);
    if (r.has('every')) r.at('every').duration();
    if (r.has('burst')) r.at('burst').number({ integer: true, min: 1, max: 100000 });
  },
  'set-txqueuelen': (r) => {
    only(r, ['name', 'len']);
    name(r);
    r.at('len').number({ integer: true, min: 0, max: 1_000_000 });
  },
};

export const macvlanHostType: DeviceType<HostConfig> = {
  type: 'macvlan',
  summary:
    'Linux host: a lower device with a macvlan port and macvlan/macvtap devices (private, vepa, bridge, passthru, source)',
  readConfig: (r, issues) => readHostConfig(r, issues),
  ports: (c) => [c.lower.name, ...c.macvlans.map((m) => m.name)],
  create: (id, c) => new MacvlanHost(id, c),
  commands,
};

export { MacvlanHost };
