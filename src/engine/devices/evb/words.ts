// What the evb devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { CdcpTlv } from './cdcp-tlv';

// cdcp-tlv.ts

export const cdcpPairScidSvid = (scid: number, svid: number): string =>
  `CDCP pair (SCID ${scid}, SVID ${svid}) does not fit 12 bits each`;

export const cdcpBodyBytes = (end: number): string => `CDCP body of ${end} bytes is not 4 + 3*N`;

// cdcp.ts

export const operationalCapacityChannelMin = (cap: number, chnCap: number, chnCap2: number): string =>
  `operational capacity is ${cap} channel${cap === 1 ? '' : 's'} (min of station ${chnCap} and ` +
  `bridge ${chnCap2}), all in use`;

export const freeSvidLeftPool = (poolLow: number, poolHigh: number): string =>
  `no free SVID left in the pool ${poolLow}..${poolHigh}`;

// layers.ts

export const stationDeviceStateChannel = (): string =>
  `the station's 'device state' is its channel table, which CDCP sets`;

// lldp-dissector.ts

export const cdcpChannelDiscoveryConfiguration = (): string => `CDCP (S-channel Discovery and Configuration)`;

// station.ts

export const byteRuntShorterEthernet = (packetBytesLength: number, port: string): string =>
  `A ${packetBytesLength}-byte runt on ${port}: shorter than an Ethernet header, so it is discarded.`;

export const cdcpRequestRoleChnCap = (req: CdcpTlv): string =>
  `CDCP request (role S, ChnCap ${req.chnCap}): asking the bridge for S-channels ` +
  `${req.pairs.map((p) => `SCID ${p.scid}`).join(', ')}, each with SVID ` +
  (req.pairs.some((p) => p.svid === 0) ? '0 = "please assign"' : 'fixed') +
  `.`;

export const lldpFrameWithoutBridge = (): string =>
  `LLDP frame without a bridge CDCP TLV: nothing for the S-channel agent here.`;

export const cdcpAnswerBridgeRole = (t: CdcpTlv): string =>
  `CDCP answer from the bridge (role B, ChnCap ${t.chnCap}): ` +
  t.pairs.map((p) => `SCID ${p.scid} uses SVID ${p.svid}`).join(', ') +
  `. Frames on those channels now carry an S-tag with that SVID.`;

export const tagSvidStationChannels = (svid: number, channelList: string): string =>
  `S-tag SVID ${svid} is not one of this station's S-channels (${channelList}): dropped.`;

export const channelScid = (sTagged: boolean, svid: number, scid: number, port: string): string =>
  (sTagged ? `S-tag SVID ${svid}` : 'Untagged (PVID 1)') + ` = S-channel SCID ${scid} (${port}).`;

export const framePortChannelScid = (sTagged: boolean, port: string, scid: number): string =>
  `${sTagged ? 'Remove the S-tag and hand' : 'Hand'} the frame to ${port}, the port of S-channel ` + `SCID ${scid}.`;

export const channelScidSvidYet = (scid: number): string =>
  `S-channel SCID ${scid} has no SVID yet (CDCP has not assigned one): the frame cannot go on the wire.`;

export const channelScidPushAd = (scid: number, port: string, svid: number): string =>
  `From S-channel SCID ${scid} (${port}): push an 802.1ad S-tag (TPID 0x88a8) with SVID ${svid} ` +
  `and send it up the shared wire.`;
