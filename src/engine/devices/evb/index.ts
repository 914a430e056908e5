// Device type `evb-station`: the station side of multichannel EVB (802.1Qbg S-channels).
//
// Config:
//   {
//     "mac": "02:00:00:00:0e:01",      // source MAC of its CDCP (LLDP) frames
//     "chnCap": 4,                      // channels it supports (1..167), sent as ChnCap
//     "cdcp": true,                     // ask the bridge for SVIDs at start (default true)
//     "channels": [                     // one port per S-channel; SCID 1 is the default channel
//       { "scid": 1, "port": "ch1" },
//       { "scid": 2, "port": "ch2" },
//       { "scid": 3, "port": "ch3", "svid": 30 }   // fixed SVID, no CDCP needed
//     ]
//   }
// Ports: "uplink" (the shared wire to the bridge) and one per channel.
// Commands: "cdcp-request" {} sends the CDCP request again.
// State: `<node>/schannel/<scid>` = { port, svid | null }.
// The bridge side (S-channel virtual ports, SVID pool) lives in devices/bridge/.
import type { DeviceType } from '../../sim/device';
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { EvbStation, type StationChannel, type StationConfig } from './station';
import { SCID_MAX } from './cdcp-tlv';

export { EvbStation } from './station';
export * from './cdcp';
export * from './cdcp-tlv';

function readConfig(r: Reader, issues: IssueList): StationConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['mac', 'chnCap', 'cdcp', 'channels']);
  const mac = r.at('mac').mac();
  const chnCap = r.at('chnCap').number({ default: 4, integer: true, min: 1, max: SCID_MAX });
  const cdcp = r.at('cdcp').boolean({ default: true });
  const channels: StationChannel[] = [];
  const ports = new Set<string>(['uplink']);
  const scids = new Set<number>();
  for (const c of r.at('channels').array() ?? []) {
    if (!c.object()) continue;
    c.onlyKeys(['scid', 'port', 'svid']);
    const scid = c.at('scid').number({ integer: true, min: 1, max: SCID_MAX });
    const port = c.at('port').string({ pattern: /^[A-Za-z][\w.-]{0,19}$/, hint: 'a port name like "ch2"' });
    const svid = c.has('svid') ? c.at('svid').number({ integer: true, min: 1, max: 4094 }) : undefined;
    if (port !== undefined && ports.has(port))
      issues.add(c.at('port').path, `port "${port}" is used twice`, 'each channel needs its own port');
    if (scid !== undefined && scids.has(scid)) issues.add(c.at('scid').path, `SCID ${scid} is listed twice`);
    if (scid === 1 && svid !== undefined && svid !== 1)
      issues.add(c.at('svid').path, 'SCID 1 is the default channel and always uses SVID 1');
    if (scid === undefined || port === undefined) continue;
    ports.add(port);
    scids.add(scid);
    channels.push({ scid, port, ...(svid !== undefined && { svid }) });
  }
  if (channels.length === 0)
    issues.add(r.at('channels').path, 'needs at least one channel', 'e.g. [{"scid": 1, "port": "ch1"}]');
  if (mac === undefined || chnCap === undefined || cdcp === undefined || channels.length === 0) return undefined;
  return { mac, chnCap, cdcp, channels };
}

export const evbStationType: DeviceType<StationConfig> = {
  type: 'evb-station',
  summary: 'Station S-VLAN component: S-channels (802.1ad S-tags) over one uplink, SVIDs assigned by CDCP',
  readConfig,
  ports: (c) => ['uplink', ...c.channels.map((ch) => ch.port)],
  create: (id, c) => new EvbStation(id, c),
  commands: { 'cdcp-request': (args) => args.onlyKeys([]) },
};
