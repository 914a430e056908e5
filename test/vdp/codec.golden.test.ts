// Golden frames of the fact sheet's appendix A, built by our codecs byte for byte, and
// parsed back; plus timers (§6 fixture) and the T16 EVB answer (correction W2).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/engine/frame/bytes';
import { mac } from '../../src/engine/frame/address';
import { buildEcp22Frame, parseEcp22Frame, ECP22_OP } from '../../src/engine/devices/vdp/codec/ecp22';
import {
  encodeVdp22Payload,
  managerIdFromByte,
  parseVdp22Payload,
  type Vdp22Vsi,
} from '../../src/engine/devices/vdp/codec/vdp22-tlv';
import { buildEcp02Request, buildEcp02Ack, parseEcp02Frame } from '../../src/engine/devices/vdp/codec/ecp02';
import { encodeVdp02Tlv, parseVdp02Tlvs } from '../../src/engine/devices/vdp/codec/vdp02-tlv';
import { parseUuid, checkVsiid } from '../../src/engine/devices/vdp/codec/vsiid';
import { vdp22Timers, evb22StationBody, EVB_DEFAULTS } from '../../src/engine/devices/vdp/timers';
import { FIX, GOLDEN } from './fixture';

const st = mac(FIX.stationMac);
const br = mac(FIX.bridgeMac);
const vsi = (mode: number, status: number): Vdp22Vsi => ({
  mode,
  status,
  typeId: FIX.typeId,
  typeVersion: FIX.typeVersion,
  vsiidFormat: 5,
  vsiid: parseUuid(FIX.uuid),
  fif: 2,
  entries: [{ ps: 0, pcp: 0, vid: FIX.vlan, mac: mac(FIX.vmMac) }],
});
const req22 = (src: Uint8Array, seq: number, mode: number, status: number): Uint8Array =>
  buildEcp22Frame(
    src,
    { op: ECP22_OP.REQUEST, seq },
    encodeVdp22Payload({ managerId: managerIdFromByte(FIX.managerId), vsi: vsi(mode, status), org: [] }),
  );

describe('appendix A golden frames (2012)', () => {
  it('A1 station ASSOC request seq 1, 71 octets', () => expect(toHex(req22(st, 1, 3, 0x00))).toBe(toHex(GOLDEN.A1)));
  it('A2 bridge ECP ACK seq 1, 18 octets unpadded', () =>
    expect(toHex(buildEcp22Frame(br, { op: ECP22_OP.ACK, seq: 1 }))).toBe(toHex(GOLDEN.A2)));
  it('A3 bridge ASSOC response 0x40', () => expect(toHex(req22(br, 1, 3, 0x40))).toBe(toHex(GOLDEN.A3)));
  it('A4 station ECP ACK seq 1', () =>
    expect(toHex(buildEcp22Frame(st, { op: ECP22_OP.ACK, seq: 1 }))).toBe(toHex(GOLDEN.A4)));
  it('D_unsol bridge unsolicited DEASSOC 0x00 seq 2', () =>
    expect(toHex(req22(br, 2, 4, 0x00))).toBe(toHex(GOLDEN.D_unsol)));
  it('N DEASSOC 0x52 (ACK|HARD|2)', () => expect(toHex(req22(br, 2, 4, 0x52))).toBe(toHex(GOLDEN.N)));
  it('K ASSOC 0x63 (ACK|KEEP|3) seq 3', () => expect(toHex(req22(br, 3, 3, 0x63))).toBe(toHex(GOLDEN.K)));
  it('P PREASSOC with M-bit hint 0x10', () => expect(toHex(req22(st, 1, 1, 0x10))).toBe(toHex(GOLDEN.P)));
  it('A1 parses back to the fields of the breakdown', () => {
    const f = parseEcp22Frame(GOLDEN.A1);
    expect([f.version, f.op, f.subtype, f.seq]).toEqual([1, 0, 1, 1]);
    const p = parseVdp22Payload(f.payload);
    if (!p.ok) throw new Error(p.reason);
    expect(p.payload.managerId[0]).toBe(1);
    expect(p.payload.vsi).toMatchObject({
      mode: 3,
      status: 0,
      typeId: 0x123456,
      typeVersion: 1,
      vsiidFormat: 5,
      fif: 2,
    });
    expect(toHex(p.payload.vsi.entries[0].mac!)).toBe('525400123456');
    expect(p.payload.vsi.entries[0].vid).toBe(100);
    expect(p.tlvs.map((t) => [t.type, t.len])).toEqual([
      [5, 16],
      [3, 33],
    ]);
  });
  it('receive rules: a payload not starting with the Manager ID is dropped; a length past the data too', () => {
    const f = parseEcp22Frame(GOLDEN.A1);
    expect(parseVdp22Payload(f.payload.subarray(18)).ok).toBe(false);
    const cut = f.payload.slice(0, 30);
    const r = parseVdp22Payload(cut);
    expect(r.ok).toBe(false);
  });
});

describe('appendix A golden frames (0.2)', () => {
  const tlv = (response: number) =>
    encodeVdp02Tlv({
      mode: 2,
      response,
      managerId: 1,
      typeId: FIX.typeId,
      typeVersion: 1,
      instance: parseUuid(FIX.uuid),
      fif: 2,
      entries: [{ mac: mac(FIX.vmMac), vid: 100 }],
    });
  it('B1 station request seq 1, 65 octets', () =>
    expect(toHex(buildEcp02Request(st, 1, tlv(0)))).toBe(toHex(GOLDEN.B1)));
  it('B3 bridge request seq 1, response 0', () =>
    expect(toHex(buildEcp02Request(br, 1, tlv(0)))).toBe(toHex(GOLDEN.B3)));
  it('B1 parses: OUI, mode, seq, TLV fields', () => {
    const f = parseEcp02Frame(GOLDEN.B1);
    expect([toHex(f.oui), f.subtype, f.mode, f.seq]).toEqual(['001b3f', 0, 0, 1]);
    const [t] = parseVdp02Tlvs(f.payload);
    if (!t.ok) throw new Error(t.reason);
    expect(t.vsi).toMatchObject({ mode: 2, response: 0, managerId: 1, typeId: 0x123456, typeVersion: 1, fif: 2 });
    expect(t.vsi.entries[0].vid).toBe(100);
  });
  it('an ACK copies the frame, mode 1, zeroes the payload, same length (ecp_rx_SendAckFrame)', () => {
    const ack = buildEcp02Ack(br, GOLDEN.B1);
    expect(ack.length).toBe(GOLDEN.B1.length);
    expect(toHex(ack.subarray(0, 23))).toBe(
      '0180c200000e' + '001122334455' + '88b7' + '001b3f' + '00' + '0000' + '01' + '0001',
    );
    const f = parseEcp02Frame(ack);
    expect([f.mode, f.seq]).toEqual([1, 1]);
    expect(f.payload.every((b) => b === 0)).toBe(true);
  });
});

describe('timers and EVB (fixture §6, W2)', () => {
  it('R=3 RTE=8 RWD=20 RKA=20 give the fixture values', () => {
    const t = vdp22Timers(EVB_DEFAULTS);
    expect(t.ackTimer).toBe(2_560_000); // 2.56 ms
    expect(t.respWaitDelay).toBe(15_755_520_000); // 15.75552 s
    expect(t.reinitKeepAlive).toBe(10_485_760_000); // 10.48576 s
    expect(t.toutKeepAlive).toBe(15_755_520_000);
    expect(t.resourceWaitDelay).toBe(10_485_760_000);
    expect(t.maxRetries).toBe(3);
  });
  it('T16 under the §6 fixture: 02 04 68 94 14, then 03 05 68 94 14', () => {
    const remote = { r: 0, rte: 0, rwd: 0, rka: 0 };
    expect(toHex(evb22StationBody({ rrreq: true, rrstat: 0, local: EVB_DEFAULTS, remote, bridgeStatus: 0x02 }))).toBe(
      '0204689414',
    );
    expect(toHex(evb22StationBody({ rrreq: true, rrstat: 1, local: EVB_DEFAULTS, remote, bridgeStatus: 0x03 }))).toBe(
      '0305689414',
    );
  });
  it("T16 with lldpad's test config (RWD=RKA=8): 02 04 68 88 08", () => {
    const local = { r: 3, rte: 8, rwd: 8, rka: 8 };
    expect(
      toHex(
        evb22StationBody({
          rrreq: true,
          rrstat: 0,
          local,
          remote: { r: 0, rte: 0, rwd: 0, rka: 0 },
          bridgeStatus: 0x02,
        }),
      ),
    ).toBe('0204688808');
  });
});

describe('VSIID checks (W7)', () => {
  it('UUID: only the first 8 octets are tested', () => {
    expect(checkVsiid(5, parseUuid('00000000-0000-0000-0000-000000000001'))).toBeDefined();
    expect(checkVsiid(5, parseUuid('00000000-0000-0001-0000-000000000000'))).toBeUndefined();
  });
  it('IPv4: one of octets 10/11 = 0xff is enough', () => {
    const id = new Uint8Array(16);
    id[11] = 0xff;
    id[15] = 7;
    expect(checkVsiid(1, id)).toBeUndefined();
    id[11] = 0;
    expect(checkVsiid(1, id)).toBeDefined();
  });
});
