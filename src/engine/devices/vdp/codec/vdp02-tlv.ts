// VDP 0.2 VSI TLV (lldpad include/qbg_vdp.h struct tlv_info_vdp, qbg/vdp.c vdp_bld_vsi_tlv,
// vdp_validate_tlv; Wireshark packet-ecp-oui.c): an LLDP-style org TLV, type 127, OUI
// 00-1B-3F, subtype 2, then mode, response, 1-octet manager ID, 24-bit type ID, version,
// 16-octet instance UUID, fif (lldpad: always 2), entry count and MAC(6)+VID(2) entries.
import { OUI_QBG_DRAFT } from './constants';

export interface Vdp02Vsi {
  mode: number;
  response: number;
  managerId: number;
  typeId: number;
  typeVersion: number;
  instance: Uint8Array;
  fif: number;
  entries: { mac: Uint8Array; vid: number }[];
}

export const VDP02_SUBTYPE = 2;

export function encodeVdp02Tlv(v: Vdp02Vsi): Uint8Array {
  const len = 30 + 8 * v.entries.length;
  const out = new Uint8Array(2 + len);
  out[0] = (127 << 1) | (len >> 8);
  out[1] = len & 0xff;
  out.set(OUI_QBG_DRAFT, 2);
  out[5] = VDP02_SUBTYPE;
  out[6] = v.mode;
  out[7] = v.response;
  out[8] = v.managerId;
  out.set([(v.typeId >> 16) & 0xff, (v.typeId >> 8) & 0xff, v.typeId & 0xff], 9);
  out[12] = v.typeVersion;
  out.set(v.instance.subarray(0, 16), 13);
  out[29] = v.fif;
  out[30] = v.entries.length >> 8;
  out[31] = v.entries.length & 0xff;
  v.entries.forEach((e, i) => {
    out.set(e.mac, 32 + 8 * i);
    out[38 + 8 * i] = (e.vid >> 8) & 0xff;
    out[39 + 8 * i] = e.vid & 0xff;
  });
  return out;
}

export type Vdp02Parse = { ok: true; vsi: Vdp02Vsi } | { ok: false; reason: string };

/** Every VSI TLV of a 0.2 ECPDU payload, validated as vdp_validate_tlv does; stops at the End TLV. */
export function parseVdp02Tlvs(b: Uint8Array): Vdp02Parse[] {
  const out: Vdp02Parse[] = [];
  let o = 0;
  while (o + 2 <= b.length) {
    const type = b[o] >> 1;
    const len = ((b[o] & 1) << 8) | b[o + 1];
    if (type === 0) break;
    if (o + 2 + len > b.length) {
      out.push({ ok: false, reason: `TLV at offset ${o} runs past the data` });
      break;
    }
    if (type === 127) out.push(validate(b.subarray(o + 2, o + 2 + len), len));
    o += 2 + len;
  }
  return out;
}

function validate(v: Uint8Array, len: number): Vdp02Parse {
  if (len < 30) return { ok: false, reason: `VSI TLV length ${len} is shorter than 30` };
  if (v[0] !== OUI_QBG_DRAFT[0] || v[1] !== OUI_QBG_DRAFT[1] || v[2] !== OUI_QBG_DRAFT[2] || v[3] !== VDP02_SUBTYPE)
    return { ok: false, reason: 'not OUI 00-1b-3f subtype 2' };
  const n = (v[28] << 8) | v[29];
  if (v[4] > 3) return { ok: false, reason: `mode ${v[4]} is above 3` };
  if (v[5] > 6) return { ok: false, reason: `response ${v[5]} is above 6` };
  if (v[27] !== 2)
    return { ok: false, reason: `filter format ${v[27]} is not 2 (MAC/VID), the only one lldpad accepts` };
  if (n < 1 || n !== (len - 30) / 8) return { ok: false, reason: `entry count ${n} does not match the length ${len}` };
  const entries = [];
  for (let i = 0; i < n; i++)
    entries.push({ mac: v.slice(30 + 8 * i, 36 + 8 * i), vid: ((v[36 + 8 * i] << 8) | v[37 + 8 * i]) & 0xfff });
  return {
    ok: true,
    vsi: {
      mode: v[4],
      response: v[5],
      managerId: v[6],
      typeId: (v[7] << 16) | (v[8] << 8) | v[9],
      typeVersion: v[10],
      instance: v.slice(11, 27),
      fif: v[27],
      entries,
    },
  };
}
