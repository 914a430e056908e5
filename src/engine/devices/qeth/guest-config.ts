// Scenario configuration of a `qeth-guest` node (one Linux guest's qeth group device,
// named after its DEVNO like the kernel's predictable name enccw0.0.0a00) and the
// validators for the commands a student runs in it.
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { formatIp, formatMac, parseIp } from '../../frame/address';
import { ROUTING_ROLES, type Isolation, type RoutingRole } from './ipa-codes';
import { DEVNO, DEVNO_HINT } from './osa-config';
import { readCpuCost, type CpuCost } from '../stack/cpu-cost';
import { readRouteAdd } from './guest-routes';

export interface AddrSpec {
  readonly ip: string;
  readonly version: 4 | 6;
  readonly prefix: number;
}

export interface GuestConfig {
  readonly devno: string;
  readonly ifname: string;
  readonly layer: 2 | 3;
  /** Layer 2 only: the MAC z/VM assigned. */
  readonly mac?: string;
  readonly addresses: readonly AddrSpec[];
  readonly route4: RoutingRole;
  readonly route6: RoutingRole;
  readonly isolation: Isolation;
  readonly broadcast: boolean;
  readonly echoFilter: boolean;
  readonly multicast: readonly string[];
  /** net.ipv4.ip_forward: a router guest forwards what it is sent. */
  readonly ipForward: boolean;
  /** ipa_takeover: enable plus the ranges (addr/bits) that make an address "covered". */
  readonly takeover: { readonly enable: boolean; readonly ranges: readonly AddrSpec[] };
  /** Whether the card offers IPA_OSA_MC_ROUTER (else route4 multicast_router is -EINVAL in the driver). */
  readonly mcRouterAssist: boolean;
  /** CPU cost per data frame the guest's stack handles (stack/cpu-cost.ts); absent: not counted. */
  readonly cpu?: CpuCost;
  /**
   * IPv6 on the device (guest-ipv6.ts). Absent: the lab's IPv4-only guest, nothing IPv6
   * is sent. true: the link-local address comes up when the device goes online; false:
   * IPv6 is disabled (sysctl disable_ipv6=1) until the `ipv6-enable` command.
   */
  readonly ipv6?: boolean;
  /** How addrconf makes the interface id: `dev_id` (since 2005) or plain `eui64` (before). */
  readonly ifid: 'dev_id' | 'eui64';
  /** The sysfs `online` attribute at start (chzdev -e): false leaves the device offline until `online`. */
  readonly online: boolean;
}

export function readAddr(r: Reader, defaultPrefix?: number): AddrSpec | undefined {
  const s = r.string({
    pattern: /^[0-9a-fA-F:.]+(\/\d{1,3})?$/,
    hint: 'an address with prefix length, like "10.0.0.5/24" or "fd00::5/64"',
  });
  if (s === undefined) return undefined;
  const [a, p] = s.split('/');
  const ip = parseIp(a);
  if (!ip.ok) {
    r.issues.add(r.path, ip.error);
    return undefined;
  }
  const max = ip.value.version === 4 ? 32 : 128;
  const prefix = p === undefined ? (defaultPrefix ?? max) : Number(p);
  if (prefix > max) {
    r.issues.add(r.path, `prefix length ${prefix} is more than ${max}`);
    return undefined;
  }
  return { ip: formatIp(ip.value), version: ip.value.version, prefix };
}

export function readGuestConfig(r: Reader, issues: IssueList): GuestConfig | undefined {
  if (!r.object('the guest configuration')) return undefined;
  r.onlyKeys([
    'devno',
    'ifname',
    'layer',
    'mac',
    'addresses',
    'route4',
    'route6',
    'isolation',
    'broadcast',
    'echoFilter',
    'multicast',
    'ipForward',
    'takeover',
    'mcRouterAssist',
    'cpu',
    'ipv6',
    'ifid',
    'online',
  ]);
  const devno = r.at('devno').string({ pattern: DEVNO, hint: DEVNO_HINT });
  const layer = r.at('layer').number({ default: 3, integer: true, min: 2, max: 3 }) as 2 | 3 | undefined;
  const mac = r.has('mac') ? r.at('mac').mac() : undefined;
  if (layer === 2 && !r.has('mac'))
    issues.add(
      r.at('mac').path,
      'is required in layer 2',
      'the MAC z/VM assigned to this guest, registered with SETVMAC',
    );
  const addresses = (r.at('addresses').array(false) ?? [])
    .map((a) => readAddr(a, 24))
    .filter((a): a is AddrSpec => a !== undefined);
  const route4 = r.at('route4').string({ default: 'no_router', oneOf: ROUTING_ROLES }) as RoutingRole | undefined;
  const route6 = r.at('route6').string({ default: 'no_router', oneOf: ROUTING_ROLES }) as RoutingRole | undefined;
  const isolation = r.at('isolation').string({ default: 'none', oneOf: ['none', 'drop', 'forward'] }) as
    Isolation | undefined;
  const broadcast = r.at('broadcast').boolean({ default: true }) ?? true;
  const echoFilter = r.at('echoFilter').boolean({ default: true }) ?? true;
  const multicast = (r.at('multicast').array(false) ?? [])
    .map((g) => readAddr(g)?.ip)
    .filter((g): g is string => g !== undefined);
  const ipForward = r.at('ipForward').boolean({ default: false }) ?? false;
  const t = r.at('takeover');
  let takeover = { enable: false, ranges: [] as AddrSpec[] };
  if (t.value !== undefined && t.object()) {
    t.onlyKeys(['enable', 'ranges']);
    takeover = {
      enable: t.at('enable').boolean({ default: true }) ?? true,
      ranges: (t.at('ranges').array(false) ?? []).map((x) => readAddr(x)).filter((x): x is AddrSpec => x !== undefined),
    };
  }
  const mcRouterAssist = r.at('mcRouterAssist').boolean({ default: false }) ?? false;
  const ipv6 = r.has('ipv6') ? r.at('ipv6').boolean() : undefined;
  const ifid = r.at('ifid').string({
    default: 'dev_id',
    oneOf: ['dev_id', 'eui64'],
    hint: "dev_id: addrconf_ifid_eui48 puts the card's unique id in place of ff:fe (since 2005); eui64: a kernel before that",
  }) as 'dev_id' | 'eui64' | undefined;
  const online = r.at('online').boolean({ default: true }) ?? true;
  const cpuBefore = issues.items.length;
  const cpu = readCpuCost(r);
  if (issues.items.length > cpuBefore) return undefined;
  if (
    devno === undefined ||
    layer === undefined ||
    route4 === undefined ||
    route6 === undefined ||
    isolation === undefined ||
    ifid === undefined
  )
    return undefined;
  const ifname = r.at('ifname').string({ default: `enccw0.0.${devno.slice(2)}` }) ?? `enccw0.0.${devno.slice(2)}`;
  return {
    devno,
    ifname,
    layer,
    ...(mac && { mac: formatMac(mac) }),
    addresses,
    route4,
    route6,
    isolation,
    broadcast,
    echoFilter,
    multicast,
    ipForward,
    takeover,
    mcRouterAssist,
    ...(cpu && { cpu }),
    ...(ipv6 !== undefined && { ipv6 }),
    ifid,
    online,
  };
}

const addrArg = (a: Reader): void => void readAddr(a.at('ip'), 24);

export const guestCommands: Record<string, (args: Reader, issues: IssueList) => void> = {
  'ip-addr-add': (a) => {
    a.onlyKeys(['ip', 'type']);
    addrArg(a);
    a.at('type').string({ default: 'normal', oneOf: ['normal', 'vipa', 'rxip'] });
  },
  'ip-addr-del': (a) => {
    a.onlyKeys(['ip']);
    addrArg(a);
  },
  'ip-maddr-add': (a) => {
    a.onlyKeys(['group']);
    a.at('group').ip();
  },
  'ip-maddr-del': (a) => {
    a.onlyKeys(['group']);
    a.at('group').ip();
  },
  route4: (a) => {
    a.onlyKeys(['role']);
    a.at('role').string({ oneOf: ROUTING_ROLES });
  },
  route6: (a) => {
    a.onlyKeys(['role']);
    a.at('role').string({ oneOf: ROUTING_ROLES });
  },
  isolation: (a) => {
    a.onlyKeys(['mode']);
    a.at('mode').string({ oneOf: ['none', 'drop', 'forward'] });
  },
  online: (a) => a.onlyKeys([]),
  offline: (a) => a.onlyKeys([]),
  ping: (a) => {
    a.onlyKeys(['dst', 'count', 'interval', 'src', 'ttl']);
    a.at('dst').ip();
    if (a.has('src')) a.at('src').ip();
    a.at('count').number({ default: 1, integer: true, min: 1, max: 1000 });
    a.at('interval').duration({ default: 1_000_000 });
    // ping -t: the IP TTL of the requests (Linux's default ip_default_ttl is 64).
    a.at('ttl').number({ default: 64, integer: true, min: 1, max: 255 });
  },
  'route-add': readRouteAdd,
  recover: (a) => {
    a.onlyKeys([]);
  },
  'ipv6-enable': (a) => {
    a.onlyKeys([]);
  },
};
