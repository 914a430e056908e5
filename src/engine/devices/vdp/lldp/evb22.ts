// lldpad's evb22 module (lldp_evb22.c): the local policy read from the configuration
// (evb22_init_tlv), the TLV it sends (station_tlv / bridge_tlv / common_tlv, run by
// evb22_update_tlv before every transmit and after every receive) and what it hands to
// ECP22 and VDP22 (the EVB22_TO_ECP22 / EVB22_TO_VDP22 notifications).
import { EVB, evb22Fields, type Evb22Tlv } from '../codec/evb22-tlv';
import type { EvbParams } from '../timers';

export interface Evb22Policy {
  mode: 'station' | 'bridge';
  params: EvbParams;
  /** Station: ask the bridge for reflective relay (evb22_conf_rrreq, default false). */
  rrreq: boolean;
  /** Bridge: reflective relay capable (evb22_conf_rrcap, default false). */
  rrcap: boolean;
  /** BGID / SGID (evb22_conf_gid, default false). */
  gid: boolean;
}

/** evb22_init_tlv: the policy TLV from the configuration. */
export function policyTlv(p: Evb22Policy): Evb22Tlv {
  const station = p.mode === 'station';
  return {
    bridgeS: station ? 0 : (p.rrcap ? EVB.RRCAP : 0) | (p.gid ? EVB.BGID : 0),
    stationS: station ? EVB.RRSTAT_DONT | (p.gid ? EVB.SGID : 0) | (p.rrreq ? EVB.RRREQ : 0) : 0,
    rRte: ((p.params.r & 7) << 5) | (p.params.rte & 0x1f),
    evbMode: (((station ? EVB.STATION : EVB.BRIDGE) & 3) << 6) | (p.params.rwd & 0x1f),
    rlRka: p.params.rka & 0x1f,
  };
}

/** common_tlv: max() of each value; r/l set when the received value is not below ours. */
function common(recv: Evb22Tlv, mine: Evb22Tlv): Pick<Evb22Tlv, 'rRte' | 'evbMode' | 'rlRka'> {
  const r = evb22Fields(recv);
  const m = evb22Fields(mine);
  const rwdLocal = m.rwd > r.rwd;
  const rkaLocal = m.rka > r.rka;
  return {
    rRte: (Math.max(r.r, m.r) << 5) | Math.max(r.rte, m.rte),
    evbMode: (m.mode << 6) | (rwdLocal ? 0 : EVB.ROL) | (rwdLocal ? m.rwd : r.rwd),
    rlRka: (rkaLocal ? 0 : EVB.ROL) | (rkaLocal ? m.rka : r.rka),
  };
}

/**
 * station_tlv / bridge_tlv: the TLV to send, from the last one received (`recv`, undefined
 * while nothing was received: lldpad's zeroed `ed->last`, whose OUI octet 1 is 0).
 */
export function outTlv(mine: Evb22Tlv, recv: Evb22Tlv | undefined): Evb22Tlv {
  const last = recv ?? { bridgeS: 0, stationS: 0, rRte: 0, evbMode: 0, rlRka: 0 };
  if (evb22Fields(mine).mode === EVB.STATION) {
    const rrstat = !recv ? EVB.RRSTAT_DONT : last.bridgeS & EVB.RRCTR ? EVB.RRSTAT_YES : EVB.RRSTAT_NO;
    return { bridgeS: last.bridgeS, stationS: (mine.stationS & 0xfc) | rrstat, ...common(last, mine) };
  }
  const grant = (last.stationS & EVB.RRREQ) !== 0 && (mine.bridgeS & EVB.RRCAP) !== 0;
  return { bridgeS: mine.bridgeS | (grant ? EVB.RRCTR : 0), stationS: last.stationS, ...common(last, mine) };
}

/** What evb22_update_tlv notifies VDP22 of (data_from_evb) and ECP22 of (ecp22_data_from_evb). */
export interface Evb22ToVdp {
  params: EvbParams;
  /** Group IDs when both BGID and SGID are set in the TLV sent. */
  gpid: boolean;
  /** ed->txmit: the EVB TLV is enabled for transmission. */
  evbon: boolean;
}

export function toVdp(out: Evb22Tlv, txmit: boolean): Evb22ToVdp {
  const f = evb22Fields(out);
  return { params: { r: f.r, rte: f.rte, rwd: f.rwd, rka: f.rka }, gpid: f.bgid && f.sgid, evbon: txmit };
}

/** One line for a step: the TLV's fields as lldpad's evb22_format_tlv prints them. */
export function formatEvb22(t: Evb22Tlv): string {
  const f = evb22Fields(t);
  const bits = (xs: [boolean, string][]) =>
    xs
      .filter((x) => x[0])
      .map((x) => x[1])
      .join(',');
  return (
    `bridge:${bits([
      [f.bgid, 'bgid'],
      [f.rrcap, 'rrcap'],
      [f.rrctr, 'rrctr'],
    ])}(0x${t.bridgeS.toString(16)}) ` +
    `station:${bits([
      [f.sgid, 'sgid'],
      [f.rrreq, 'rrreq'],
      [f.rrstat !== 0, 'rrstat'],
    ])}(0x${t.stationS.toString(16)}) ` +
    `retries:${f.r} rte:${f.rte} mode:${f.mode} r/l:${+f.rwdRemote} rwd:${f.rwd} r/l:${+f.rkaRemote} rka:${f.rka}`
  );
}
