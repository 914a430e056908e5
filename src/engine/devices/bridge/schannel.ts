// The bridge side of multichannel EVB: an S-channel port (IEEE 802.1Qbg-2012; fact sheets
// l2-qeth-macvlan-vepa.md §3.6, vdp-ecp-8021qbg.md §5) splits one physical port into
// virtual ports, one per S-channel, told apart by the 802.1ad S-tag (TPID 0x88a8) on the
// wire. Each virtual port (named `<port>.s<svid>`) learns, hairpins and is policed on its
// own. Channels come from CDCP: the station asks, this side assigns SVIDs from its pool.
import type { Reader } from '../../scenario/read';
import { ETH_P, outerTag, sTag, stripOuterTag, withTags } from '../../frame/ethernet';
import { u16 } from '../../frame/bytes';
import { bridgeAssign, DEFAULT_CHANNEL, type Assignment } from '../evb/cdcp';
import { findCdcp, type CdcpTlv, type ChannelPair, SCID_MAX } from '../evb/cdcp-tlv';
import type { PortFlags } from './ports';
import { readFlags, DEFAULT_FLAGS } from './ports';
import type { PortPolicy } from './acl';
import { readPolicy } from './policy-config';
import * as say from './words';

export interface ChannelSettings {
  readonly flags: PortFlags;
  readonly policy?: PortPolicy;
}

export interface SchannelConfig {
  readonly cdcp: boolean;
  readonly chnCap: number;
  readonly poolLow: number;
  readonly poolHigh: number;
  /** Channels that exist without CDCP (SCID 1 = SVID 1 always does). */
  readonly static: readonly ChannelPair[];
  /** Flags and policy per SCID for the virtual port that channel gets. */
  readonly channels: ReadonlyMap<number, ChannelSettings>;
}

export const vportName = (phys: string, svid: number): string => `${phys}.s${svid}`;

export function readSchannel(r: Reader): SchannelConfig | undefined {
  if (!r.object(say.channelSettingsLikeCdcp())) return undefined;
  r.onlyKeys(['cdcp', 'chnCap', 'pool', 'static', 'channels']);
  const before = r.issues.items.length;
  const cdcp = r.at('cdcp').boolean({ default: true });
  const chnCap = r.at('chnCap').number({ default: 4, integer: true, min: 1, max: SCID_MAX });
  const pool = r.at('pool').array(false) ?? [];
  const poolLow = pool.length ? pool[0].number({ integer: true, min: 2, max: 4094 }) : 2;
  const poolHigh = pool.length ? pool[1]?.number({ integer: true, min: 2, max: 4094 }) : 4094;
  if (pool.length && pool.length !== 2)
    r.issues.add(r.at('pool').path, 'the SVID pool is [low, high]', 'e.g. [10, 20]');
  if (poolLow !== undefined && poolHigh !== undefined && poolLow > poolHigh)
    r.issues.add(r.at('pool').path, `pool low ${poolLow} is above high ${poolHigh}`);
  const stat: ChannelPair[] = [];
  for (const s of r.at('static').array(false) ?? []) {
    s.onlyKeys(['scid', 'svid']);
    const scid = s.at('scid').number({ integer: true, min: 2, max: SCID_MAX });
    const svid = s.at('svid').number({ integer: true, min: 2, max: 4094 });
    if (scid !== undefined && svid !== undefined) stat.push({ scid, svid });
  }
  const channels = new Map<number, ChannelSettings>();
  const ch = r.at('channels');
  if (ch.value !== undefined && ch.object(say.perScidSettingsLike())) {
    for (const k of ch.keys()) {
      const scid = Number(k);
      const c = ch.at(k);
      if (!Number.isInteger(scid) || scid < 1 || scid > SCID_MAX) {
        r.issues.add(c.path, `"${k}" is not an SCID (1..${SCID_MAX})`);
        continue;
      }
      c.onlyKeys(['hairpin', 'learning', 'flood', 'mcastFlood', 'bcastFlood', 'isolated', 'policy']);
      const policy = c.has('policy') ? readPolicy(c.at('policy')) : undefined;
      channels.set(scid, { flags: readFlags(c, DEFAULT_FLAGS), ...(policy && { policy }) });
    }
  }
  if (
    r.issues.items.length > before ||
    cdcp === undefined ||
    chnCap === undefined ||
    poolLow === undefined ||
    poolHigh === undefined
  )
    return undefined;
  return { cdcp, chnCap, poolLow, poolHigh, static: stat, channels };
}

export type Demux =
  | { kind: 'cdcp'; tlv: CdcpTlv }
  | { kind: 'data'; svid: number; tagged: boolean; bytes: Uint8Array }
  | { kind: 'other-lldp' };

/** What a frame on an S-channel port is: CDCP for the agent, or data for one channel. */
export function demux(bytes: Uint8Array): Demux {
  const type = u16(bytes, 12);
  if (type === ETH_P.LLDP) {
    const tlv = findCdcp(bytes);
    return tlv ? { kind: 'cdcp', tlv } : { kind: 'other-lldp' };
  }
  const tag = outerTag(bytes);
  if (tag && tag.tpid === ETH_P.QINQ) return { kind: 'data', svid: tag.vid, tagged: true, bytes: stripOuterTag(bytes) };
  // Untagged: the port's PVID, S-VLAN 1, which is the default channel (802.1Q 6.9).
  return { kind: 'data', svid: DEFAULT_CHANNEL.svid, tagged: false, bytes };
}

/** Bytes for the wire when leaving by channel `svid`: the S-tag goes outermost. */
export const toWire = (bytes: Uint8Array, svid: number): Uint8Array => withTags(bytes, [sTag(svid)]);

/** Channels of one S-channel port, SVID -> SCID, and the CDCP exchange. */
export class SchannelPort {
  readonly bySvid = new Map<number, number>();

  constructor(
    readonly phys: string,
    readonly cfg: SchannelConfig,
  ) {
    this.bySvid.set(DEFAULT_CHANNEL.svid, DEFAULT_CHANNEL.scid);
    for (const s of cfg.static) this.bySvid.set(s.svid, s.scid);
  }

  settingsFor(scid: number): ChannelSettings {
    return this.cfg.channels.get(scid) ?? { flags: DEFAULT_FLAGS };
  }

  /** Answer a station's request; returns the assignment and the channels that are new. */
  assign(req: CdcpTlv): { a: Assignment; added: ChannelPair[] } {
    const current = new Map<number, number>();
    for (const [svid, scid] of this.bySvid) current.set(scid, svid);
    const a = bridgeAssign(
      req,
      { chnCap: this.cfg.chnCap, poolLow: this.cfg.poolLow, poolHigh: this.cfg.poolHigh },
      current,
    );
    const added = a.channels.filter((c) => !this.bySvid.has(c.svid));
    for (const c of added) this.bySvid.set(c.svid, c.scid);
    return { a, added };
  }
}
