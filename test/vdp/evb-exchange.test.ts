// The EVB TLV exchange over LLDP (issue #16 item 8, first part). Every expected value comes
// from openlldp master 00b3c78:
// - include/lldp_evb22.h: the bit helpers (evb_set_retries (v & 7) << 5, evb_set_evbmode
//   (v & 3) << 6, evb_set_rol (v & 1) << 5, EVB_RRREQ 0x4, EVB_RRSTAT_DONT 3, EVB_RRCAP 0x2,
//   EVB_RRCTR 0x1); LLDP_MOD_EVB22_OUI 00 80 c2 0d.
// - lldp_evb22.c evb22_init_tlv (the policy), station_tlv / bridge_tlv / common_tlv (max of
//   each value; r/l set unless the local value is strictly larger), evb22_update_tlv (what
//   VDP22 gets: evbon = ed->txmit, gpid = BGID && SGID), evb22_gettlv (nearest customer bridge
//   agent only), evb22_timer (the first tick starts ECP22 and VDP22).
// - test/qbg22/ecp22/2.ecp with 2-lldpad.conf (station, evbrrreq true, vdprwd 8, vdprka 8) and
//   defines.ecp (evbhead fe:09:00:80:c2:0d, def_counts 68:88:08, lldpad_mac 01:80:c2:00:00:00,
//   ttl_tlv120 06:02:00:78): lldpad's own test vectors.
// - lldp/agent.c start_lldp_agents / timer: the agent timer runs 1 s after start, then every
//   1 s; per tick update_tx_timers, run_tx_timers_sm, run_tx_sm, then the modules' timers.
// - lldp/tx.c run_tx_timers_sm and lldp/ports.h (msgTxInterval 30, msgFastTx 1, txFastInit 4):
//   a new neighbour starts fast transmission (FAST_START → EXPIRES → SIGNAL_TX every 1 s).
// - lldp/rx.c rxReceiveFrame: a frame equal to the last one only refreshes rxTTL.
// - qbg/vdpnl.c vdpnl_setlink: vdp22_query ? vdp22_request : vdp_request; qbg/vdp.c
//   vdp_request: no VDP 0.2 data -ENXIO (fact sheet W3); qbg/vdp22.c vdp22_request: !evbon
//   -EPROTONOSUPPORT; vdp22_create: calloc, so evbon 0 until data_from_evb (fact sheet W1).
// - qbg/ecp22.c ecp22_start: ECP22_MAX_RETRIES_DEFAULT 3, ECP22_ACK_TIMER_DEFAULT 8.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/sim/types';
import {
  buildEvbLldpdu,
  encodeEvb22Tlv,
  findEvb22,
  evb22Body,
  type Evb22Tlv,
} from '../../src/engine/devices/vdp/codec/evb22-tlv';
import { outTlv, policyTlv, toVdp } from '../../src/engine/devices/vdp/lldp/evb22';
import { mac } from '../../src/engine/frame/address';
import { loadScenario } from '../../src/engine/scenario/load';
import { loadJson, run, types } from './run';
import '../../src/engine/devices/dissectors';
import { decodeFrame, findField } from '../../src/engine/frame/decode';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const tlv = (s: string): Evb22Tlv => {
  const b = s.split(' ').map((x) => parseInt(x, 16));
  return { bridgeS: b[0], stationS: b[1], rRte: b[2], evbMode: b[3], rlRka: b[4] };
};
/** 2-lldpad.conf: a station asking for reflective relay, RWD = RKA = 8, R and RTE lldpad's defaults. */
const TEST_CONF = policyTlv({
  mode: 'station',
  params: { r: 3, rte: 8, rwd: 8, rka: 8 },
  rrreq: true,
  rrcap: false,
  gid: false,
});
const MS = 1e6;
const S = 1e9;

describe('evb22: the TLV lldpad answers with (lldp_evb22.c station_tlv, common_tlv)', () => {
  it('2.ecp line 5: the bridge offers RR (evb_brrr 02 00 00 40 00): lldpad answers 02 04 68 88 08', () => {
    expect(hex(evb22Body(outTlv(TEST_CONF, tlv('02 00 00 40 00'))))).toBe('02 04 68 88 08');
  });

  it('2.ecp line 6: the bridge grants RR (03 04 00 00 00): lldpad answers 03 05 68 88 08 (RRSTAT yes)', () => {
    expect(hex(evb22Body(outTlv(TEST_CONF, tlv('03 04 00 00 00'))))).toBe('03 05 68 88 08');
  });

  it('W2: under the fixture RWD = RKA = 20 the answer is 02 04 68 94 14 (local wins, r/l 0)', () => {
    const mine = policyTlv({
      mode: 'station',
      params: { r: 3, rte: 8, rwd: 20, rka: 20 },
      rrreq: true,
      rrcap: false,
      gid: false,
    });
    expect(hex(evb22Body(outTlv(mine, tlv('02 00 00 40 00'))))).toBe('02 04 68 94 14');
  });

  it('nothing received yet: RRSTAT "don\'t know" (3) and the local values with r/l 0', () => {
    expect(hex(evb22Body(outTlv(TEST_CONF, undefined)))).toBe('00 07 68 88 08');
  });

  it('common_tlv: an equal received value sets r/l (only a strictly larger local value clears it)', () => {
    // bridge 22/22 against station 20/20, then the bridge's own view of an equal 22
    const mine = policyTlv({
      mode: 'station',
      params: { r: 3, rte: 8, rwd: 20, rka: 20 },
      rrreq: false,
      rrcap: false,
      gid: false,
    });
    expect(hex(evb22Body(outTlv(mine, tlv('00 00 68 56 16'))))).toBe('00 00 68 b6 36');
    const br = policyTlv({
      mode: 'bridge',
      params: { r: 3, rte: 8, rwd: 22, rka: 22 },
      rrreq: false,
      rrcap: true,
      gid: false,
    });
    expect(hex(evb22Body(outTlv(br, tlv('00 04 68 b6 36'))))).toBe('03 04 68 76 36');
  });

  it('bridge_tlv: RRCTR only when the station asks (RRREQ) and the bridge is capable (RRCAP)', () => {
    const br = (rrcap: boolean) =>
      policyTlv({ mode: 'bridge', params: { r: 3, rte: 8, rwd: 20, rka: 20 }, rrreq: false, rrcap, gid: false });
    expect(outTlv(br(true), tlv('00 07 68 94 14')).bridgeS).toBe(0x03);
    expect(outTlv(br(false), tlv('00 07 68 94 14')).bridgeS).toBe(0x00);
    expect(outTlv(br(true), tlv('00 03 68 94 14')).bridgeS).toBe(0x02);
  });

  it('evb22_update_tlv: VDP22 gets max() of both sides, group IDs only with BGID and SGID, evbon = txmit', () => {
    const mine = policyTlv({
      mode: 'station',
      params: { r: 2, rte: 9, rwd: 20, rka: 25 },
      rrreq: false,
      rrcap: false,
      gid: true,
    });
    const v = toVdp(outTlv(mine, tlv('04 00 a7 56 13')), true); // bridge: BGID, R 5, RTE 7, RWD 22, RKA 19
    expect(v).toEqual({ params: { r: 5, rte: 9, rwd: 22, rka: 25 }, gpid: true, evbon: true });
    expect(toVdp(outTlv(mine, tlv('00 00 a7 56 13')), false)).toMatchObject({ gpid: false, evbon: false });
  });
});

describe('the LLDPDU (lldp/tx.c mibConstrInfoLLDPDU; defines.ecp)', () => {
  const m = mac('52:54:00:00:00:01');
  const f = buildEvbLldpdu(m, tlv('00 07 68 94 14'));

  it('to 01:80:c2:00:00:00 (nearest customer bridge), 0x88cc, chassis and port ID by MAC, TTL 120, EVB, End, 60 octets', () => {
    expect(hex(f.subarray(0, 14))).toBe('01 80 c2 00 00 00 52 54 00 00 00 01 88 cc');
    expect(hex(f.subarray(14, 23))).toBe('02 07 04 52 54 00 00 00 01');
    expect(hex(f.subarray(23, 32))).toBe('04 07 03 52 54 00 00 00 01');
    expect(hex(f.subarray(32, 36))).toBe('06 02 00 78');
    expect(hex(f.subarray(36, 47))).toBe('fe 09 00 80 c2 0d 00 07 68 94 14');
    expect(hex(f.subarray(47, 49))).toBe('00 00');
    expect(f.length).toBe(60);
  });

  it('the TLV header is evbhead fe:09:00:80:c2:0d and findEvb22 reads it back', () => {
    expect(hex(encodeEvb22Tlv(tlv('02 04 68 88 08')))).toBe('fe 09 00 80 c2 0d 02 04 68 88 08');
    expect(findEvb22(f)).toEqual(tlv('00 07 68 94 14'));
    expect(findEvb22(buildEvbLldpdu(m, undefined))).toBeUndefined();
  });
});

describe('scenario evb-exchange: VDP22 waits for the exchange', () => {
  const t: Trace = run(loadJson('src/scenarios/vdp/evb-exchange.json'));
  const lldpOut = (node: string) =>
    t.steps.filter((s) => s.node === node && s.kind === 'inject' && (s.detail as any)?.lldp).map((s) => s.time);
  const errnos = t.steps
    .filter((s) => (s.detail as any)?.netlink?.msg === 'NLMSG_ERROR')
    .map((s) => [s.time, (s.detail as any).netlink.errno]);

  it('the station sends at its first tick, 1 s after lldpad starts; the switch (started at 0.5 s) at 1.5 s', () => {
    expect(lldpOut('hostA')[0]).toBe(1 * S);
    expect(lldpOut('sw')[0]).toBe(1.5 * S);
  });

  it('before the first tick -ENXIO (no VDP22: VDP 0.2 path); after it, before evb22 told VDP22, -EPROTONOSUPPORT; then 0', () => {
    expect(errnos).toEqual([
      [500 * MS, -6],
      [1200 * MS, -93],
      [2500 * MS, 0],
    ]);
  });

  it("evbon arrives with the switch's TLV (1.5 s + 5 µs link + 60 + 4 + 8 + 12 octets at 1 Gbit/s, sim/links.ts)", () => {
    const s = t.steps.find((x) => (x.detail as any)?.evb?.evbon === true)!;
    expect(s.time).toBe(1.5 * S + 5_000 + 84 * 8);
    expect((s.detail as any).evb).toMatchObject({ r: 3, rte: 8, rwd: 22, rka: 22, gpid: false });
  });

  it('the VSI times with the negotiated RWD 22: respWaitDelay 1.5 x (7 x 2.56 ms + 10 µs x 2^22) = 62.94144 s', () => {
    const s = t.steps.find((x) => x.node === 'hostA' && /respWaitDelay 62\.94144 s/.test(x.decision));
    expect(s?.time).toBe(2500 * MS);
  });

  it('RR: the station asks (0x07 → 0x05 once RRCTR is seen), the hairpin port grants RRCTR (bridge status 0x03)', () => {
    const evbs = (node: string) =>
      t.steps
        .filter((s) => s.node === node && s.kind === 'inject' && (s.detail as any)?.lldp)
        .map((s) => (s.detail as any).lldp.evb);
    expect(evbs('hostA').map((e: Evb22Tlv) => e.stationS)).toEqual([0x07, 0x05, 0x05, 0x05]);
    expect(evbs('sw')[0].bridgeS).toBe(0x03);
  });

  // run_tx_timers_sm by hand: 1 s first tick (txTTR 0 → EXPIRES → SIGNAL_TX, txTTR := 30).
  // 1.5 s the switch's TLV: newNeighbor and localChange. 2 s SIGNAL_TX (localChange), then
  // FAST_START txFast := 4, EXPIRES 3, SIGNAL_TX txTTR := 1. 2.5 s the switch's changed TLV
  // (its r/l bits) sets localChange again. 3 s SIGNAL_TX (txFast still 3, txTTR := 1). 3.5 s the
  // switch's frame equals its last: no TLV looked at. 4 s and 5 s EXPIRES (txFast 2, 1), 6 s
  // EXPIRES (txFast 0) → SIGNAL_TX with txTTR := msgTxInterval 30, so the next at 36 s.
  it('fast transmission after a new neighbour: the station at 1, 2, 3, 4, 5, 6 s, then 30 s later', () => {
    const j: any = structuredClone(loadJson('src/scenarios/vdp/evb-exchange.json'));
    j.until = '40s';
    const long = run(j);
    const at = long.steps
      .filter((s) => s.node === 'hostA' && s.kind === 'inject' && (s.detail as any)?.lldp)
      .map((s) => s.time / S);
    expect(at).toEqual([1, 2, 3, 4, 5, 6, 36]);
  });

  it('a frame equal to the last one received only refreshes the TTL', () => {
    expect(t.steps.some((s) => s.node === 'sw' && /byte for byte the last one/.test(s.decision))).toBe(true);
  });
});

describe('EVB TLV transmit disabled (evbOn false: enableTx off, ed->txmit 0)', () => {
  // evb22_gettlv returns no TLV when !ed->txmit, so evb22_update_tlv never runs on transmit;
  // evb22_rchange returns before it ("EVB Config disabled"): VDP22 is never told, evbon stays 0.
  const j: any = structuredClone(loadJson('src/scenarios/vdp/evb-exchange.json'));
  j.nodes[0].config.evbOn = false;
  const t = run(j);
  it('the station sends LLDPDUs without an EVB TLV and every request after the first tick gets -EPROTONOSUPPORT', () => {
    const out = t.steps.filter((s) => s.node === 'hostA' && s.kind === 'inject' && (s.detail as any)?.lldp);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((s) => findEvb22(t.frames[s.frame!]) === undefined)).toBe(true);
    const errnos = t.steps
      .filter((s) => (s.detail as any)?.netlink?.msg === 'NLMSG_ERROR')
      .map((s) => (s.detail as any).netlink.errno);
    expect(errnos).toEqual([-6, -93, -93]);
  });
});

describe('lldpad not running with evbExchange', () => {
  const j: any = structuredClone(loadJson('src/scenarios/vdp/evb-exchange.json'));
  j.nodes[0].config.lldpad = 'stopped';
  const t = run(j);
  it("the station sends no LLDPDU and drops the switch's (no packet socket for 0x88cc)", () => {
    expect(t.steps.some((s) => s.node === 'hostA' && s.kind === 'inject' && (s.detail as any)?.lldp)).toBe(false);
    const drops = t.steps.filter(
      (s) => s.node === 'hostA' && s.kind === 'drop' && /LLDPDU, but lldpad is not running/.test(s.decision),
    );
    expect(drops.length).toBeGreaterThan(0);
  });
});

describe('evbExchange config', () => {
  const bad = (patch: (j: any) => void) => {
    const j: any = structuredClone(loadJson('src/scenarios/vdp/evb-exchange.json'));
    patch(j);
    const r = loadScenario(j, types);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  it('refused on a VDP 0.2 station and switch, with the JSON path', () => {
    expect(bad((j) => (j.nodes[0].config.version = '0.2')).join('\n')).toMatch(
      /nodes\[0\]\.config\.evbExchange: evbExchange is lldpad's EVB-2012/,
    );
    expect(bad((j) => (j.nodes[1].config.version = '0.2')).join('\n')).toMatch(
      /nodes\[1\]\.config\.evbExchange: evbExchange is the EVB-2012/,
    );
  });
  it('an unknown key or a bad time is reported', () => {
    expect(bad((j) => (j.nodes[0].config.evbExchange.groupIds = true)).join('\n')).toMatch(/evbExchange/);
    expect(bad((j) => (j.nodes[1].config.evbExchange.start = 'soon')).join('\n')).toMatch(/evbExchange\.start/);
  });
});

describe('inspector: the EVB TLV field by field (include/lldp_evb22.h bit helpers)', () => {
  // lldpad's answer of 2.ecp line 6 (03 05 68 88 08): bridge RRCAP|RRCTR, station RRREQ|RRSTAT yes,
  // R 3, RTE 8, station mode, RWD 8 local, RKA 8 local.
  const f = buildEvbLldpdu(mac('52:54:00:00:00:01'), tlv('03 05 68 88 08'));
  const d = decodeFrame(f);
  it('names the TLV and decodes each field with its byte', () => {
    expect(d.error).toBeUndefined();
    expect(d.layers.map((l) => l.name)).toContain('EVB (IEEE 802.1Qbg-2012)');
    const v = (p: string) => findField(d, p)?.value;
    expect([v('evb.bgid'), v('evb.rrcap'), v('evb.rrctr')]).toEqual([0, 1, 1]);
    expect([v('evb.sgid'), v('evb.rrreq'), v('evb.rrstat')]).toEqual([0, 1, 1]);
    expect([
      v('evb.r'),
      v('evb.rte'),
      v('evb.mode'),
      v('evb.rwd.rl'),
      v('evb.rwd'),
      v('evb.rka.rl'),
      v('evb.rka'),
    ]).toEqual([3, 8, 2, 0, 8, 0, 8]);
    const rwd = findField(d, 'evb.rwd')!;
    expect(f[rwd.start]).toBe(0x88);
  });
});
