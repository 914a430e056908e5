// Scenario config of the VDP lab's two device types, read with the engine's Reader so
// every mistake is reported with its JSON path. See docs/labs/vdp.md for the format.
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { mac as macOf, ip as ipOf, type IpAddress } from '../../frame/address';
import { EVB_DEFAULTS, type EvbParams } from './timers';
import type { GuestSpec } from './guest';
import type { Behaviour } from './machines/ecp22-tx.machine';
import { parseUuid } from './codec/vsiid';
import { MAX_CHANNEL_PORTS, type PortCdcp } from './bridge/schannel-front';

export type VdpVersion = '2012' | '0.2';

export interface StationConfig {
  mac: Uint8Array;
  version: VdpVersion;
  behaviour: Behaviour;
  evb: EvbParams;
  /**
   * 2012: the EVB TLV is transmitted (lldpad's evbon). 0.2: the EVB 0.2 exchange enabled VDP
   * (vdpbit_on, from the negotiated capabilities); false makes vdp_request answer -ENXIO.
   */
  evbOn: boolean;
  /** VDP-2012 only: lldpad's role on the uplink (evbmode); "bridge" refuses station requests. */
  vdpRole: 'station' | 'bridge';
  /** VDP-2012 only: both EVB TLVs set their group-ID bit (BGID and SGID), so filter formats 3 and 4 are allowed. */
  groupIds: boolean;
  portProfiles: 'lldpad' | 'enic';
  /** lldpad's process: "stopped" (no pid file) or "crashed" (a stale pid file); libvirt cannot reach it. */
  lldpad: 'running' | 'stopped' | 'crashed';
  guests: GuestSpec[];
  peer: { mac: Uint8Array; ip: IpAddress };
  /**
   * VDP-2012: lldpad's LLDP agent exchanges the EVB TLV with the switch; `evb`, `groupIds` and
   * `evbOn` are then lldpad's configuration (policy, SGID, EVB TLV transmit) and VDP22 starts
   * and takes its values as lldp_evb22.c does. Absent: the exponents are configuration.
   */
  evbExchange?: EvbExchange;
}

export interface EvbExchange {
  /** When lldpad's (or the switch's) LLDP agents start, virtual ns; the first tick is 1 s later. */
  startNs: number;
  /** Station: ask for reflective relay (RRREQ). Switch: both EVB TLVs' group-ID bits come from `groupIds`. */
  rrreq: boolean;
  groupIds: boolean;
}

export interface AclRule {
  ethertype?: number;
  udpDstPort?: number;
  action: 'permit' | 'deny';
}

export interface VsiTypePolicy {
  typeId: number;
  version: number;
  name: string;
  vlans: number[];
  acl: AclRule[];
  /** Failure injection (lldpad debug type IDs 199-203 borrowed as switches): what the VSI manager answers. */
  answer: 'success' | 'keep' | 'deassoc' | 'pending';
  error: number;
  hard: boolean;
  /** 802.1Qbh port profile name that maps to this type (enic path). */
  profile?: string;
}

export interface SwitchConfig {
  version: VdpVersion;
  behaviour: Behaviour;
  evb: EvbParams;
  /** `hairpin`: reflective relay on the port (802.1Qbg's RR, negotiated by the EVB TLV; configured here). */
  /** `cdcp`: the port's S-VLAN component answers CDCP (SCID 1 = S-VID 1; others from the pool). */
  ports: { name: string; mac: Uint8Array; hairpin: boolean; cdcp?: PortCdcp }[];
  network: string;
  types: VsiTypePolicy[];
  /** Each station port's LLDP agent sends the bridge's EVB TLV (RRCAP from `hairpin`). */
  evbExchange?: EvbExchange;
}

function evbExchange(r: Reader, side: 'station' | 'switch'): EvbExchange | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(side === 'station' ? ['start', 'rrreq'] : ['start', 'groupIds']);
  const startNs = r.at('start').duration({ default: 0 });
  const rrreq = side === 'station' ? r.at('rrreq').boolean({ default: false }) : false;
  const groupIds = side === 'switch' ? r.at('groupIds').boolean({ default: false }) : false;
  if (startNs === undefined || rrreq === undefined || groupIds === undefined) return undefined;
  return { startNs, rrreq, groupIds };
}

function evb(r: Reader): EvbParams {
  if (!r.has('r') && !r.has('rte') && !r.has('rwd') && !r.has('rka') && r.value === undefined)
    return { ...EVB_DEFAULTS };
  return {
    r: r.at('r').number({ default: EVB_DEFAULTS.r, integer: true, min: 0, max: 7 }) ?? 3,
    rte: r.at('rte').number({ default: EVB_DEFAULTS.rte, integer: true, min: 0, max: 31 }) ?? 8,
    rwd: r.at('rwd').number({ default: EVB_DEFAULTS.rwd, integer: true, min: 0, max: 31 }) ?? 20,
    rka: r.at('rka').number({ default: EVB_DEFAULTS.rka, integer: true, min: 0, max: 31 }) ?? 20,
  };
}

const intOrHex = (r: Reader, what: string, max: number): number | undefined => {
  if (typeof r.value === 'string' && /^0x[0-9a-f]+$/i.test(r.value)) {
    const v = parseInt(r.value, 16);
    if (v <= max) return v;
  }
  if (typeof r.value === 'string') {
    r.issues.add(r.path, `"${r.value}" is not a number or 0x-hex up to 0x${max.toString(16)}`, `the ${what}`);
    return undefined;
  }
  return r.number({ integer: true, min: 0, max, hint: `the ${what}` });
};

function guest(r: Reader, issues: IssueList): GuestSpec | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['name', 'mac', 'vlan', 'ip', 'managerId', 'typeId', 'typeVersion', 'uuid', 'profile']);
  const name = r.at('name').string();
  const m = r.at('mac').mac();
  const vlan = r.at('vlan').number({ default: 0, integer: true, min: 0, max: 4095 });
  const ip = r.at('ip').ip({ version: 4 });
  const managerId = r.at('managerId').number({ default: 1, integer: true, min: 0, max: 255 });
  const typeId = intOrHex(r.at('typeId'), 'VSI type ID (24 bits)', 0xffffff);
  const typeVersion = r.at('typeVersion').number({ default: 1, integer: true, min: 0, max: 255 });
  const uuid = r.at('uuid').string({ hint: 'the instance UUID, e.g. a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90' });
  if (uuid !== undefined) {
    try {
      parseUuid(uuid);
    } catch (e) {
      issues.add(r.at('uuid').path, (e as Error).message);
      return undefined;
    }
  }
  const profile = r.has('profile') ? r.at('profile').string() : undefined;
  if (
    !name ||
    !m ||
    vlan === undefined ||
    !ip ||
    managerId === undefined ||
    typeId === undefined ||
    typeVersion === undefined ||
    !uuid
  )
    return undefined;
  return {
    name,
    mac: m,
    vlan,
    ip,
    managerId,
    typeId,
    typeVersion,
    uuid: uuid.toLowerCase(),
    ...(profile && { profile }),
  };
}

export function readStationConfig(r: Reader, issues: IssueList): StationConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys([
    'mac',
    'version',
    'behaviour',
    'evb',
    'evbOn',
    'vdpRole',
    'groupIds',
    'portProfiles',
    'lldpad',
    'guests',
    'peer',
    'evbExchange',
  ]);
  const m = r.at('mac').mac();
  const version = r.at('version').string({ default: '2012', oneOf: ['2012', '0.2'] }) as VdpVersion | undefined;
  const behaviour = r.at('behaviour').string({ default: 'standard', oneOf: ['standard', 'lldpad'] }) as
    Behaviour | undefined;
  const evbOn = r.at('evbOn').boolean({ default: true });
  const vdpRole = r.at('vdpRole').string({ default: 'station', oneOf: ['station', 'bridge'] }) as
    StationConfig['vdpRole'] | undefined;
  const groupIds = r.at('groupIds').boolean({ default: false });
  for (const k of ['vdpRole', 'groupIds'])
    if (version === '0.2' && r.has(k))
      issues.add(r.at(k).path, `${k} is a VDP-2012 setting`, 'VDP 0.2 has no role or group-ID negotiation in lldpad');
  const portProfiles = r.at('portProfiles').string({ default: 'lldpad', oneOf: ['lldpad', 'enic'] }) as
    StationConfig['portProfiles'] | undefined;
  const lldpad = r.at('lldpad').string({ default: 'running', oneOf: ['running', 'stopped', 'crashed'] }) as
    StationConfig['lldpad'] | undefined;
  if (portProfiles === 'enic' && r.has('lldpad'))
    issues.add(
      r.at('lldpad').path,
      'lldpad plays no part with portProfiles "enic"',
      'libvirt talks to the enic driver',
    );
  const exchange = r.has('evbExchange') ? evbExchange(r.at('evbExchange'), 'station') : undefined;
  if (r.has('evbExchange') && (version === '0.2' || portProfiles === 'enic' || vdpRole === 'bridge'))
    issues.add(
      r.at('evbExchange').path,
      "evbExchange is lldpad's EVB-2012 TLV exchange on a VDP-2012 station",
      'it needs version "2012", portProfiles "lldpad" and vdpRole "station"',
    );
  const guests = (r.at('guests').array() ?? []).map((g) => guest(g, issues)).filter((g): g is GuestSpec => !!g);
  for (const [i, g] of guests.entries())
    if (guests.findIndex((h) => h.name === g.name) < i)
      issues.add(r.at('guests').path, `guest "${g.name}" is named twice`, 'every guest needs its own name');
  const p = r.at('peer');
  const peer = {
    mac: p.has('mac') ? p.at('mac').mac() : macOf('02:00:00:00:99:01'),
    ip: p.has('ip') ? p.at('ip').ip({ version: 4 }) : ipOf('10.0.0.99'),
  };
  if (
    !m ||
    !version ||
    !behaviour ||
    evbOn === undefined ||
    !vdpRole ||
    groupIds === undefined ||
    !portProfiles ||
    !lldpad ||
    !peer.mac ||
    !peer.ip
  )
    return undefined;
  return {
    mac: m,
    version,
    behaviour,
    evb: evb(r.at('evb')),
    evbOn,
    vdpRole,
    groupIds,
    portProfiles,
    lldpad,
    guests,
    peer: { mac: peer.mac, ip: peer.ip },
    ...(exchange && { evbExchange: exchange }),
  };
}

function policy(r: Reader): VsiTypePolicy | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['typeId', 'version', 'name', 'vlans', 'acl', 'answer', 'error', 'hard', 'profile']);
  const typeId = intOrHex(r.at('typeId'), 'VSI type ID', 0xffffff);
  const version = r.at('version').number({ default: 1, integer: true, min: 0, max: 255 });
  const name = r.at('name').string({ default: 'policy' });
  const vlans = (r.at('vlans').array(false) ?? [])
    .map((v) => v.number({ integer: true, min: 0, max: 4095 }))
    .filter((v): v is number => v !== undefined);
  const acl: AclRule[] = [];
  for (const a of r.at('acl').array(false) ?? []) {
    if (!a.object()) continue;
    a.onlyKeys(['ethertype', 'udpDstPort', 'action']);
    const action = a.at('action').string({ oneOf: ['permit', 'deny'] }) as AclRule['action'] | undefined;
    const ethertype = a.has('ethertype') ? intOrHex(a.at('ethertype'), 'EtherType', 0xffff) : undefined;
    const udpDstPort = a.has('udpDstPort')
      ? a.at('udpDstPort').number({ integer: true, min: 0, max: 65535 })
      : undefined;
    if (action)
      acl.push({
        action,
        ...(ethertype !== undefined && { ethertype }),
        ...(udpDstPort !== undefined && { udpDstPort }),
      });
  }
  const answer = r.at('answer').string({ default: 'success', oneOf: ['success', 'keep', 'deassoc', 'pending'] }) as
    VsiTypePolicy['answer'] | undefined;
  const error = r
    .at('error')
    .number({ default: answer === 'success' || answer === 'pending' ? 0 : 2, integer: true, min: 0, max: 15 });
  const hard = r.at('hard').boolean({ default: false });
  const profile = r.has('profile') ? r.at('profile').string() : undefined;
  if (typeId === undefined || version === undefined || !name || !answer || error === undefined || hard === undefined)
    return undefined;
  return { typeId, version, name, vlans, acl, answer, error, hard, ...(profile && { profile }) };
}

/**
 * A port's CDCP (role B): `{ "chnCap": 4, "pool": [10, 20] }`, as the VEPA lab's S-channel ports;
 * `perChannel: true` runs VDP and the VSI policy on every assigned channel, not only SCID 1.
 */
function portCdcp(r: Reader): PortCdcp | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['chnCap', 'pool', 'perChannel']);
  const perChannel = r.at('perChannel').boolean({ default: false }) ?? false;
  const chnCap = r.at('chnCap').number({ default: 4, integer: true, min: 1, max: 167 });
  const pool = (r.at('pool').array(false) ?? []).map((v) => v.number({ integer: true, min: 2, max: 4094 }));
  const [poolLow, poolHigh] = pool.length === 2 ? pool : [2, 4094];
  if (pool.length !== 0 && pool.length !== 2)
    r.issues.add(r.at('pool').path, 'the S-VID pool is [low, high]', 'e.g. [10, 20]');
  if (chnCap === undefined || poolLow === undefined || poolHigh === undefined) return undefined;
  if (poolLow > poolHigh)
    r.issues.add(r.at('pool').path, `the pool's low end ${poolLow} is above its high end ${poolHigh}`);
  if (perChannel && chnCap > MAX_CHANNEL_PORTS)
    r.issues.add(r.at('chnCap').path, `per-channel VDP serves at most ${MAX_CHANNEL_PORTS} channels`, 'lower chnCap');
  return { chnCap, poolLow, poolHigh, perChannel };
}

export function readSwitchConfig(r: Reader, _issues: IssueList): SwitchConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['version', 'behaviour', 'evb', 'ports', 'network', 'types', 'evbExchange']);
  const version = r.at('version').string({ default: '2012', oneOf: ['2012', '0.2'] }) as VdpVersion | undefined;
  const behaviour = r.at('behaviour').string({ default: 'standard', oneOf: ['standard', 'lldpad'] }) as
    Behaviour | undefined;
  const ports: SwitchConfig['ports'] = [];
  for (const p of r.at('ports').array() ?? []) {
    if (!p.object()) continue;
    p.onlyKeys(['name', 'mac', 'hairpin', 'cdcp']);
    const name = p.at('name').string({ pattern: /^[A-Za-z][\w.-]{0,15}$/ });
    const m = p.at('mac').mac();
    const hairpin = p.at('hairpin').boolean({ default: false }) ?? false;
    const cdcp = p.has('cdcp') ? portCdcp(p.at('cdcp')) : undefined;
    if (name && ports.some((q) => q.name === name))
      p.issues.add(p.at('name').path, `port "${name}" is named twice`, 'every switch port needs its own name');
    else if (name && m) ports.push({ name, mac: m, hairpin, ...(cdcp && { cdcp }) });
  }
  const network = r.at('network').string({ default: 'net' }) ?? 'net';
  if (ports.some((q) => q.name === network))
    r.issues.add(
      r.at('network').path,
      `the network port "${network}" has the name of a station port`,
      'name it apart, e.g. "net"',
    );
  const types = (r.at('types').array(false) ?? []).map(policy).filter((t): t is VsiTypePolicy => !!t);
  const exchange = r.has('evbExchange') ? evbExchange(r.at('evbExchange'), 'switch') : undefined;
  if (r.has('evbExchange') && version === '0.2')
    r.issues.add(r.at('evbExchange').path, 'evbExchange is the EVB-2012 TLV exchange', 'it needs version "2012"');
  if (!version || !behaviour) return undefined;
  return {
    version,
    behaviour,
    evb: evb(r.at('evb')),
    ports,
    network,
    types,
    ...(exchange && { evbExchange: exchange }),
  };
}
