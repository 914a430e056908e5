// VDP/ECP-2012 timers from the EVB TLV exponents, in nanoseconds of virtual time (fact
// sheet §1.4; lldpad qbg/ecp22.c rtevalue, qbg/vdp22sm.c vdp22_timeout,
// vdp22st_start_katimer, vdp22br_start_restimer, vdp22br_start_katimer). Exponents above
// 30 are clamped: lldpad computes (1 << exp) as an int, which overflows at 31 (O14).

export interface EvbParams {
  /** maxRetries, 0..7. */
  r: number;
  /** ackTimer exponent: 10 us x 2^RTE. */
  rte: number;
  /** resourceWaitDelay exponent. */
  rwd: number;
  /** reinitKeepAlive exponent. */
  rka: number;
}

/** lldpad defaults (lldp_evb22_cmds.c): R=3, RTE=8, RWD=20, RKA=20. */
export const EVB_DEFAULTS: EvbParams = { r: 3, rte: 8, rwd: 20, rka: 20 };

const US = 1000;
const clamp = (e: number): number => Math.max(0, Math.min(30, Math.trunc(e)));
const tenUsPow = (e: number): number => 10 * US * 2 ** clamp(e);

export interface Vdp22Timers {
  ackTimer: number;
  maxRetries: number;
  respWaitDelay: number;
  reinitKeepAlive: number;
  resourceWaitDelay: number;
  toutKeepAlive: number;
}

export function vdp22Timers(p: EvbParams): Vdp22Timers {
  const ack = tenUsPow(p.rte);
  return {
    ackTimer: ack,
    maxRetries: Math.max(0, Math.min(7, p.r)),
    // 1.5 x ((2R+1) x ackTimer + 10 us x 2^RWD), "see 41.5.5.9" in lldpad
    respWaitDelay: Math.round(1.5 * ((2 * p.r + 1) * ack + tenUsPow(p.rwd))),
    reinitKeepAlive: tenUsPow(p.rka),
    resourceWaitDelay: tenUsPow(p.rwd),
    toutKeepAlive: Math.round(1.5 * ((2 * p.r + 1) * ack + tenUsPow(p.rka))),
  };
}

/** Negotiated values: lldpad takes max(local, remote) of each (lldp_evb22.c common_tlv). */
export const negotiate = (local: EvbParams, remote: EvbParams): EvbParams => ({
  r: Math.max(local.r, remote.r),
  rte: Math.max(local.rte, remote.rte),
  rwd: Math.max(local.rwd, remote.rwd),
  rka: Math.max(local.rka, remote.rka),
});

/** VDP/ECP 0.2 constants (include/qbg_vdp.h, qbg_ecp.h). */
export const V02 = {
  ecpAckTimer: 500_000_000,
  ecpMaxTries: 3,
  vdpAckTimer: 3_000_000_000,
  keepaliveTimer: 10_000_000_000,
  localChangeDelay: 1_000_000,
} as const;

/**
 * The 5 body octets of an EVB-2012 TLV after OUI 00-80-C2 and subtype 0x0D
 * (include/lldp_evb22.h): bridge status, station status, R|RTE, mode|r/l|RWD, r/l|RKA.
 * The r/l bit says the remote value won the max().
 */
export function evb22StationBody(o: {
  rrreq: boolean;
  rrstat: 0 | 1 | 3;
  local: EvbParams;
  remote: EvbParams;
  bridgeStatus: number;
}): Uint8Array {
  const n = negotiate(o.local, o.remote);
  const rl = (k: 'rwd' | 'rka'): number => (o.remote[k] > o.local[k] ? 0x20 : 0);
  return new Uint8Array([
    o.bridgeStatus,
    (o.rrreq ? 0x04 : 0) | o.rrstat,
    ((n.r & 7) << 5) | (n.rte & 0x1f),
    0x80 | rl('rwd') | (n.rwd & 0x1f),
    rl('rka') | (n.rka & 0x1f),
  ]);
}
