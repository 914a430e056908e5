// The VDP lab's device types (IEEE 802.1Qbg VDP and ECP, both the 2012 standard and the
// pre-standard 0.2 that lldpad and the 2010 Linux discussion used; 802.1Qbh via enic).
//
// vdp-station config: { mac, version?: "2012"|"0.2", behaviour?: "standard"|"lldpad",
//   evb?: {r,rte,rwd,rka}, evbOn?, vdpRole?: "station"|"bridge", groupIds?, portProfiles?: "lldpad"|"enic", peer?: {mac, ip},
//   evbExchange?: {start?, rrreq?} (lldpad's LLDP agent exchanges the EVB TLV; evb is then lldpad's policy),
//   guests: [{ name, mac, vlan, ip, managerId, typeId, typeVersion, uuid, profile? }] }
//   commands: start-guest {guest, virtualport?, send?: dstPort}, shutdown-guest, migrate-in-start,
//   migrate-in-finish, migrate-out, guest-send {guest, dstPort?, to?: guest}, port-request {guest, request},
//   vdptool {guest, mode: 1..4, hints?: "to"|"from"} (the clif path, the only one with hints), or
//   vdptool {c: ["mode=assoc", "mgrid2=..", "typeid=..", "typeidver=..", "uuid=..", "hints=..", "filter=.."]}
//   (vdptool's -c arguments, parsed and answered as lldpad does, with its clif status)
//   ecp-refuse {errno: ENOMEM|E2BIG|ENODEV, count?} (txmit_error injection: ECP refuses VDP's next payloads)
//   state: guest/<name>, vsi/<name>, sm/<instance> (machine state), config, ecp/refuse
// vdp-switch config: { version?, behaviour?, evb?, ports: [{name, mac, hairpin?, cdcp?: {chnCap, pool}}], network?,
//   evbExchange?: {start?, groupIds?} (each station port's LLDP agent sends the bridge's EVB TLV),
//   types: [{ typeId, version, name, vlans, acl: [{ethertype?|udpDstPort?, action}],
//   answer?: success|keep|deassoc|pending, error?, hard?, profile? }] }
//   commands: deassociate {uuid, block?}, set-answer {type, answer, error?}
//   state: port/<p>/vsi/<mac>@<vlan> (installed policy), sm/<port>/vsi/<uuid>, sm/<port>/ecp/{tx,rx}
import type { DeviceType } from '../../sim/device';
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { readStationConfig, readSwitchConfig, type StationConfig, type SwitchConfig } from './config';
import { VdpStation, UPLINK } from './station/station';
import { VdpSwitch } from './bridge/switch';

/** The guest a command names must be one of the station's guests (checked at load, not when the run reaches it). */
const guestName = (a: Reader, c: StationConfig | undefined): void => {
  const names = c?.guests.map((g) => g.name) ?? [];
  a.at('guest').string(c ? { oneOf: names, hint: `its guests are: ${names.join(', ')}` } : {});
};

const guestArg = (a: Reader, _issues: IssueList, c?: StationConfig): void => {
  a.onlyKeys(['guest', 'virtualport', 'dstPort']);
  guestName(a, c);
  if (a.has('virtualport')) a.at('virtualport').boolean();
  if (a.has('dstPort')) a.at('dstPort').number({ integer: true, min: 0, max: 65535 });
};

/** start-guest may name the UDP port of the guest's first datagram (`send`), sent once it runs. */
const startArg = (a: Reader, _issues: IssueList, c?: StationConfig): void => {
  a.onlyKeys(['guest', 'virtualport', 'send']);
  guestName(a, c);
  if (a.has('virtualport')) a.at('virtualport').boolean();
  if (a.has('send')) a.at('send').number({ integer: true, min: 0, max: 65535, hint: "the first datagram's UDP port" });
};

/** guest-send may address another guest of the same host (`to`) instead of the peer. */
const sendArg = (a: Reader, _issues: IssueList, c?: StationConfig): void => {
  a.onlyKeys(['guest', 'dstPort', 'to']);
  guestName(a, c);
  if (a.has('dstPort')) a.at('dstPort').number({ integer: true, min: 0, max: 65535 });
  if (a.has('to')) {
    const names = c?.guests.map((g) => g.name) ?? [];
    a.at('to').string(c ? { oneOf: names, hint: `its guests are: ${names.join(', ')}` } : {});
  }
};

export const vdpStationType: DeviceType<StationConfig> = {
  type: 'vdp-station',
  summary:
    'A hypervisor host: libvirt sets guests port profiles through rtnetlink; lldpad speaks VDP over ECP (802.1Qbg), or the enic firmware does it (802.1Qbh).',
  readConfig: (r: Reader, issues: IssueList) => readStationConfig(r, issues),
  ports: () => [UPLINK],
  create: (id, c) => new VdpStation(id, c),
  commands: {
    'start-guest': startArg,
    'shutdown-guest': guestArg,
    'migrate-in-start': guestArg,
    'migrate-in-finish': guestArg,
    'migrate-out': guestArg,
    'guest-send': sendArg,
    vdptool: (a, issues, c) => {
      if (a.has('c')) {
        // vdptool's own -c arguments, given to lldpad as they are: lldpad judges them at run time
        a.onlyKeys(['c']);
        const list = a.at('c').array() ?? [];
        if (a.at('c').array() && list.length === 0)
          issues.add(
            a.at('c').path,
            'is empty',
            'vdptool -c arguments, e.g. ["mode=assoc", "filter=100-52:54:00:12:34:56"]',
          );
        for (const x of list) x.string();
        if (c && (c.version !== '2012' || c.portProfiles !== 'lldpad'))
          issues.add(
            a.at('c').path,
            'vdptool talks to lldpad VDP-2012',
            'the station needs version "2012" and portProfiles "lldpad"',
          );
        return;
      }
      a.onlyKeys(['guest', 'mode', 'hints']);
      guestName(a, c);
      a.at('mode').number({
        integer: true,
        min: 1,
        max: 4,
        hint: 'VDP-2012 mode: 1 preassoc, 2 preassoc-rr, 3 assoc, 4 deassoc',
      });
      if (a.has('hints')) a.at('hints').string({ oneOf: ['to', 'from'] });
    },
    'ecp-refuse': (a, issues, c) => {
      a.onlyKeys(['errno', 'count']);
      a.at('errno').string({ oneOf: ['ENOMEM', 'E2BIG', 'ENODEV'], hint: 'what ecp22_req2send returns' });
      if (a.has('count')) a.at('count').number({ integer: true, min: 1, max: 100 });
      if (c && (c.version !== '2012' || c.portProfiles !== 'lldpad'))
        issues.add(
          a.path,
          'ecp-refuse injects into lldpad VDP-2012',
          'the station needs version "2012" and portProfiles "lldpad"',
        );
    },
    'port-request': (a, _issues, c) => {
      a.onlyKeys(['guest', 'request']);
      guestName(a, c);
      a.at('request').number({
        integer: true,
        min: 0,
        max: 3,
        hint: 'IFLA_PORT_REQUEST: 0 PREASSOCIATE, 1 PREASSOCIATE_RR, 2 ASSOCIATE, 3 DISASSOCIATE',
      });
    },
  },
};

export const vdpSwitchType: DeviceType<SwitchConfig> = {
  type: 'vdp-switch',
  summary:
    'The adjacent switch: VDP/ECP bridge side per station port, a VSI manager with VSI type policies, and a port filter that drops unassociated guests.',
  readConfig: (r: Reader, issues: IssueList) => readSwitchConfig(r, issues),
  ports: (c) => [...c.ports.map((p) => p.name), c.network],
  create: (id, c) => new VdpSwitch(id, c),
  commands: {
    deassociate: (a) => {
      a.onlyKeys(['uuid', 'block']);
      a.at('uuid').string();
      if (a.has('block')) a.at('block').boolean();
    },
    'set-answer': (a, issues, c) => {
      a.onlyKeys(['type', 'typeId', 'answer', 'error']);
      a.at('answer').string({ oneOf: ['success', 'keep', 'deassoc', 'pending'] });
      if (a.has('error')) a.at('error').number({ integer: true, min: 0, max: 15 });
      // The VSI type it names must be one the switch's manager knows (by name or type ID).
      const names = c?.types.map((t) => t.name) ?? [];
      if (a.has('type')) a.at('type').string(c ? { oneOf: names, hint: `its VSI types are: ${names.join(', ')}` } : {});
      else if (a.has('typeId')) {
        const id = a.at('typeId').number({ integer: true, min: 0, max: 0xffffff });
        if (c && id !== undefined && !c.types.some((t) => t.typeId === id))
          issues.add(
            a.at('typeId').path,
            `no VSI type ${id}`,
            `its VSI type IDs are: ${c.types.map((t) => t.typeId).join(', ')}`,
          );
      } else issues.add(a.path, 'names no VSI type', 'give "type" (a type name) or "typeId"');
    },
  },
};

export const vdpDeviceTypes = [vdpStationType, vdpSwitchType];
export { VdpStation, VdpSwitch };
