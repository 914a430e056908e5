// CDCP negotiation as plain functions, shared by the station's S-VLAN component
// (evb/station.ts) and the bridge's S-channel ports (bridge/). Model, from the fact sheet
// vdp-ecp-8021qbg.md §5 "Emulator model (suggested, not ground truth)":
//  1. the station (role S) sends ChnCap and the SCIDs it wants, each with SVID 0;
//  2. the bridge (role B) answers with SCID->SVID pairs taken from its SVID pool;
//  3. each pair becomes an S-channel: frames carry an 802.1ad S-tag with that SVID.
// The operational channel capacity is the smaller of both sides' ChnCap (MIB
// ...OperCDCPChanCap); SCID 1 <-> SVID 1 is the default channel that always exists
// (a common convention the fact sheet marks unconfirmed).
import { SCID_MAX, type ChannelPair, type CdcpTlv } from './cdcp-tlv';
import * as say from './words';

export const DEFAULT_CHANNEL: ChannelPair = { scid: 1, svid: 1 };

export interface BridgeCdcpConfig {
  readonly chnCap: number;
  readonly poolLow: number;
  readonly poolHigh: number;
}

export interface Refusal {
  readonly scid: number;
  readonly reason: string;
}

export interface Assignment {
  /** The answer the bridge sends (role B). */
  readonly answer: CdcpTlv;
  readonly operationalCap: number;
  /** Channels that exist after this exchange, SCID 1 first. */
  readonly channels: readonly ChannelPair[];
  readonly refused: readonly Refusal[];
}

/** What a station asks for: role S, its ChnCap, the wanted SCIDs with SVID 0. */
export function stationRequest(chnCap: number, scids: readonly number[]): CdcpTlv {
  const wanted = [...new Set(scids)].sort((a, b) => a - b);
  return { role: 'S', sComp: true, chnCap, pairs: wanted.map((scid) => ({ scid, svid: scid === 1 ? 1 : 0 })) };
}

/**
 * The bridge's answer. `current` holds channels already assigned on this port (a repeat
 * request keeps their SVIDs, so traffic on them is not disturbed).
 */
export function bridgeAssign(
  req: CdcpTlv,
  cfg: BridgeCdcpConfig,
  current: ReadonlyMap<number, number> = new Map(),
): Assignment {
  const cap = Math.min(req.chnCap, cfg.chnCap);
  const refused: Refusal[] = [];
  const channels: ChannelPair[] = [DEFAULT_CHANNEL];
  const used = new Set<number>([DEFAULT_CHANNEL.svid]);
  for (const svid of current.values()) used.add(svid);
  const freeSvid = (): number | undefined => {
    for (let v = Math.max(cfg.poolLow, 2); v <= cfg.poolHigh; v++) if (!used.has(v)) return v;
    return undefined;
  };
  for (const { scid } of req.pairs) {
    if (scid === DEFAULT_CHANNEL.scid) continue;
    if (scid < 1 || scid > SCID_MAX) {
      refused.push({ scid, reason: `SCID ${scid} is outside 1..${SCID_MAX}` });
      continue;
    }
    if (channels.length >= cap) {
      refused.push({
        scid,
        reason: say.operationalCapacityChannelMin(cap, req.chnCap, cfg.chnCap),
      });
      continue;
    }
    const svid = current.get(scid) ?? freeSvid();
    if (svid === undefined) {
      refused.push({ scid, reason: say.freeSvidLeftPool(cfg.poolLow, cfg.poolHigh) });
      continue;
    }
    used.add(svid);
    channels.push({ scid, svid });
  }
  return {
    answer: { role: 'B', sComp: true, chnCap: cfg.chnCap, pairs: channels },
    operationalCap: cap,
    channels,
    refused,
  };
}

/** Read `bridgeAssign`'s rules back as one sentence for the trace. */
export function describeAssignment(a: Assignment): string {
  const pairs = a.channels.map((c) => `SCID ${c.scid}->SVID ${c.svid}`).join(', ');
  const no = a.refused.map((r) => `SCID ${r.scid} refused (${r.reason})`).join('; ');
  return `operational ChnCap ${a.operationalCap}; ${pairs}${no ? `; ${no}` : ''}`;
}
