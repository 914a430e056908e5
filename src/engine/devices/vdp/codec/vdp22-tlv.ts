// VDP-2012 payload (lldpad qbg/vdp22sm.c mgr22_2tlv, vsi22_2tlv, vsi22_2tlv_fdata,
// ptlv_2_vsi22, vdp22_ecp22in): a Manager-ID TLV (type 5, 16 octets), exactly one VSI TLV
// whose type is the mode (1..4), then optional org TLVs (type 127). Every TLV header is
// 7 bits type + 9 bits length. No End TLV: a short frame is padded with zeros.
import { FIF_ENTRY_SIZE, VDP22 } from './constants';

export interface FilterEntry {
  /** PS bit (bit 15 of the PS/PCP/VID word). */
  ps: number;
  pcp: number;
  vid: number;
  /** fif 2 and 4. */
  mac?: Uint8Array;
  /** fif 3 and 4. */
  groupId?: number;
}

export interface Vdp22Vsi {
  /** TLV type = request mode: 1 PREASSOC, 2 PREASSOC_RR, 3 ASSOC, 4 DEASSOC. */
  mode: number;
  /** Status octet: ACK 0x40, KEEP 0x20, HARD 0x10, error 0x0f (request: hints M 0x10 / S 0x20). */
  status: number;
  typeId: number;
  typeVersion: number;
  vsiidFormat: number;
  vsiid: Uint8Array;
  fif: number;
  entries: FilterEntry[];
}

export interface OrgTlv {
  oui: Uint8Array;
  data: Uint8Array;
}

export interface Vdp22Payload {
  managerId: Uint8Array;
  vsi: Vdp22Vsi;
  org: OrgTlv[];
}

const tlvHeader = (type: number, len: number): [number, number] => [(type << 1) | (len >> 8), len & 0xff];

export const vsiTlvLength = (fif: number, n: number): number => 25 + n * (FIF_ENTRY_SIZE[fif] ?? 0);

/** The 16-octet manager ID: lldpad stores a 1-octet netlink manager ID in octet 0. */
export function managerIdFromByte(id: number): Uint8Array {
  const m = new Uint8Array(16);
  m[0] = id & 0xff;
  return m;
}

function encodeEntry(out: Uint8Array, o: number, fif: number, e: FilterEntry): number {
  if (fif === 3 || fif === 4) {
    const g = e.groupId ?? 0;
    out.set([(g >>> 24) & 0xff, (g >>> 16) & 0xff, (g >>> 8) & 0xff, g & 0xff], o);
    o += 4;
  }
  if (fif === 2 || fif === 4) {
    out.set(e.mac ?? new Uint8Array(6), o);
    o += 6;
  }
  const w = ((e.ps & 1) << 15) | ((e.pcp & 7) << 12) | (e.vid & 0xfff);
  out[o] = w >> 8;
  out[o + 1] = w & 0xff;
  return o + 2;
}

export function encodeVsiTlv(v: Vdp22Vsi): Uint8Array {
  const len = vsiTlvLength(v.fif, v.entries.length);
  const out = new Uint8Array(2 + len);
  out.set(tlvHeader(v.mode, len), 0);
  out[2] = v.status;
  out.set([(v.typeId >> 16) & 0xff, (v.typeId >> 8) & 0xff, v.typeId & 0xff], 3);
  out[6] = v.typeVersion;
  out[7] = v.vsiidFormat;
  out.set(v.vsiid.subarray(0, 16), 8);
  out[24] = v.fif;
  out[25] = v.entries.length >> 8;
  out[26] = v.entries.length & 0xff;
  let o = 27;
  for (const e of v.entries) o = encodeEntry(out, o, v.fif, e);
  return out;
}

export function encodeVdp22Payload(p: Vdp22Payload): Uint8Array {
  const parts: Uint8Array[] = [
    new Uint8Array([...tlvHeader(VDP22.MGRID, 16), ...p.managerId.subarray(0, 16)]),
    encodeVsiTlv(p.vsi),
  ];
  for (const t of p.org) parts.push(new Uint8Array([...tlvHeader(VDP22.ORG, 3 + t.data.length), ...t.oui, ...t.data]));
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

export interface TlvSpan {
  type: number;
  len: number;
  /** Offset of the TLV header inside the payload. */
  start: number;
}

export type Vdp22Parse =
  | { ok: true; payload: Vdp22Payload; tlvs: TlvSpan[]; ignored: string[] }
  | { ok: false; reason: string; tlvs: TlvSpan[] };

/** Walk the TLVs of a payload (zeros at the end are padding: type 0 ends the walk). */
export function walkTlvs(b: Uint8Array): { tlvs: TlvSpan[]; overrun?: TlvSpan } {
  const tlvs: TlvSpan[] = [];
  let o = 0;
  while (o + 2 <= b.length) {
    const type = b[o] >> 1;
    const len = ((b[o] & 1) << 8) | b[o + 1];
    if (type === 0) break;
    const span = { type, len, start: o };
    if (o + 2 + len > b.length) return { tlvs, overrun: span };
    tlvs.push(span);
    o += 2 + len;
  }
  return { tlvs };
}

function parseVsi(b: Uint8Array, t: TlvSpan): Vdp22Vsi | string {
  const o = t.start + 2;
  if (t.len < 25) return `VSI TLV length ${t.len} is shorter than the fixed 25 octets`;
  const fif = b[o + 22];
  const n = (b[o + 23] << 8) | b[o + 24];
  const size = FIF_ENTRY_SIZE[fif];
  if (size === undefined) return `filter info format ${fif} is not 1..4`;
  if (t.len !== vsiTlvLength(fif, n))
    return `VSI TLV length ${t.len} is not 25 + ${n} x ${size} = ${vsiTlvLength(fif, n)} (ptlv_2_vsi22 ignores it)`;
  const entries: FilterEntry[] = [];
  let p = o + 25;
  for (let i = 0; i < n; i++) {
    const e: FilterEntry = { ps: 0, pcp: 0, vid: 0 };
    if (fif === 3 || fif === 4) {
      e.groupId = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
      p += 4;
    }
    if (fif === 2 || fif === 4) {
      e.mac = b.slice(p, p + 6);
      p += 6;
    }
    const w = (b[p] << 8) | b[p + 1];
    e.ps = w >> 15;
    e.pcp = (w >> 12) & 7;
    e.vid = w & 0xfff;
    p += 2;
    entries.push(e);
  }
  return {
    mode: t.type,
    status: b[o],
    typeId: (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3],
    typeVersion: b[o + 4],
    vsiidFormat: b[o + 5],
    vsiid: b.slice(o + 6, o + 22),
    fif,
    entries,
  };
}

/** Parse with lldpad's receive rules (vdp22_ecp22in); `reason` says why a payload is dropped. */
export function parseVdp22Payload(b: Uint8Array): Vdp22Parse {
  const { tlvs, overrun } = walkTlvs(b);
  if (overrun)
    return {
      ok: false,
      reason: `TLV type ${overrun.type} at offset ${overrun.start} says length ${overrun.len}, which runs past the data`,
      tlvs,
    };
  if (tlvs.length === 0 || tlvs[0].type !== VDP22.MGRID)
    return { ok: false, reason: 'the first TLV is not the Manager-ID TLV (type 5)', tlvs };
  if (tlvs[0].len !== 16) return { ok: false, reason: `Manager-ID TLV length ${tlvs[0].len} is not 16`, tlvs };
  const managerId = b.slice(2, 18);
  let vsi: Vdp22Vsi | undefined;
  const org: OrgTlv[] = [];
  const ignored: string[] = [];
  for (const t of tlvs.slice(1)) {
    if (t.type === VDP22.MGRID) return { ok: false, reason: 'a second Manager-ID TLV', tlvs };
    if (t.type >= 1 && t.type <= 4) {
      const r = parseVsi(b, t);
      if (typeof r === 'string') ignored.push(r);
      else if (!vsi) vsi = r;
    } else if (t.type === VDP22.ORG && t.len >= 3) {
      org.push({ oui: b.slice(t.start + 2, t.start + 5), data: b.slice(t.start + 5, t.start + 2 + t.len) });
    } else ignored.push(`unknown TLV type ${t.type} skipped`);
  }
  if (!vsi) return { ok: false, reason: ignored[0] ?? 'no VSI TLV after the Manager ID', tlvs };
  return { ok: true, payload: { managerId, vsi, org }, tlvs, ignored };
}
