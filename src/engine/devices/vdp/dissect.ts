// The packet inspector's view of ECP/VDP frames: ECP-2012 (EtherType 0x8940) with its VDP
// TLVs, ECP 0.2 (0x88B7, OUI 00-1B-3F) with its VSI TLVs, and the 802.1Qbh stand-in
// (0x88B5). Call registerVdpDissectors() once (the app and the tests do); field paths are
// the ones the VDP devices name in `reads` (ecp.op, ecp.seq, vdp.vsi.status, ...).
import { registerDissector, safeDissector, type DecodedField, type DecodedLayer } from '../../frame/decode';
import { field, num, hexField, macField } from '../../frame/decode-fields';
import { FrameParseError } from '../../frame/errors';
import {
  ETH_P_ECP22,
  ETH_P_ECP02,
  FIF_NAMES,
  VDP22_ERRORS,
  VDP22_MODE_NAMES,
  VDP02_MODE_NAMES,
  VDP02_RESPONSES,
  VSIID_FORMAT_NAMES,
  FIF_ENTRY_SIZE,
  hex2,
} from './codec/constants';
import { walkTlvs } from './codec/vdp22-tlv';
import { formatUuid } from './codec/vsiid';
import { VIC_ETHERTYPE, parseVic } from './station/enic';

type Push = (l: DecodedLayer) => void;

const OPS = ['request', 'acknowledgement', 'reserved', 'reserved'];
const SUBTYPES: Record<number, string> = { 1: 'VDP', 2: 'PECSP' };

function ecp22(b: Uint8Array, o: number, push: Push): void {
  if (b.length < o + 4) throw new FrameParseError('ECP', 'ecp.header', o, `ECP header needs 4 octets at offset ${o}`);
  const w = (b[o] << 8) | b[o + 1];
  const op = (w >> 10) & 3;
  const seq = (b[o + 2] << 8) | b[o + 3];
  const sub = w & 0x3ff;
  const hasPayload = op === 0 && sub === 1;
  const { tlvs } = hasPayload ? walkTlvs(b.subarray(o + 4)) : { tlvs: [] };
  const end = hasPayload ? o + 4 + tlvs.reduce((n, t) => Math.max(n, t.start + 2 + t.len), 0) : o + 4;
  push({
    id: 'ecp',
    name: 'Edge Control Protocol (ECP-2012)',
    start: o,
    end: o + 4,
    summary: `ECP ${op === 1 ? 'ACK' : 'request'} seq ${seq}`,
    fields: [
      num('ecp.version', 'Version', w >> 12, o, o + 2, undefined, 0xf000),
      num('ecp.op', 'Operation', op, o, o + 2, OPS[op], 0x0c00),
      num('ecp.subtype', 'Subtype', sub, o, o + 2, SUBTYPES[sub] ?? 'unknown', 0x03ff),
      num('ecp.seq', 'Sequence number', seq, o + 2, o + 4),
    ],
  });
  if (!hasPayload) return;
  const fields: DecodedField[] = [];
  let summary = 'VDP';
  for (const t of tlvs) {
    const s = o + 4 + t.start;
    const hdr = [
      num('vdp.tlv.type', 'TLV type', t.type, s, s + 2, tlvName(t.type), 0xfe00),
      num('vdp.tlv.len', 'TLV length', t.len, s, s + 2, undefined, 0x01ff),
    ];
    if (t.type === 5) {
      fields.push(
        field('vdp.mgrid', 'VSI Manager ID TLV', hexBytes(b, s + 2, s + 18), s, s + 2 + t.len, {
          children: [...hdr, field('vdp.mgrid.id', 'Manager ID', hexBytes(b, s + 2, s + 18), s + 2, s + 18)],
        }),
      );
    } else if (t.type >= 1 && t.type <= 4 && t.len >= 25) {
      const st = b[s + 2];
      const ack = (st & 0x40) !== 0;
      const err = st & 0x0f;
      const fif = b[s + 24];
      const n = (b[s + 25] << 8) | b[s + 26];
      const statusKids = ack
        ? [
            num('vdp.vsi.status.ack', 'Response (R/ACK)', 1, s + 2, s + 3, undefined, 0x40),
            num('vdp.vsi.status.keep', 'KEEP', (st >> 5) & 1, s + 2, s + 3, undefined, 0x20),
            num('vdp.vsi.status.hard', 'HARD', (st >> 4) & 1, s + 2, s + 3, undefined, 0x10),
            num('vdp.vsi.status.error', 'Error', err, s + 2, s + 3, VDP22_ERRORS[err], 0x0f),
          ]
        : [
            num('vdp.vsi.status.ack', 'Response (R/ACK)', 0, s + 2, s + 3, 'request', 0x40),
            num('vdp.vsi.status.sbit', 'S-bit (migrate from)', (st >> 5) & 1, s + 2, s + 3, undefined, 0x20),
            num('vdp.vsi.status.mbit', 'M-bit (migrate to)', (st >> 4) & 1, s + 2, s + 3, undefined, 0x10),
          ];
      const entries: DecodedField[] = [];
      const size = FIF_ENTRY_SIZE[fif] ?? 0;
      for (let i = 0, p = s + 27; i < n && size && p + size <= s + 2 + t.len; i++, p += size) {
        const kids: DecodedField[] = [];
        let q = p;
        if (fif === 3 || fif === 4) {
          kids.push(
            hexField(
              `vdp.vsi.entry[${i}].group`,
              'Group ID',
              ((b[q] << 24) | (b[q + 1] << 16) | (b[q + 2] << 8) | b[q + 3]) >>> 0,
              q,
              q + 4,
            ),
          );
          q += 4;
        }
        if (fif === 2 || fif === 4) {
          kids.push(macField(`vdp.vsi.entry[${i}].mac`, 'MAC', b, q));
          q += 6;
        }
        const w2 = (b[q] << 8) | b[q + 1];
        kids.push(
          num(`vdp.vsi.entry[${i}].ps`, 'PS', w2 >> 15, q, q + 2, undefined, 0x8000),
          num(`vdp.vsi.entry[${i}].pcp`, 'PCP', (w2 >> 12) & 7, q, q + 2, undefined, 0x7000),
          num(`vdp.vsi.entry[${i}].vid`, 'VID', w2 & 0xfff, q, q + 2, undefined, 0x0fff),
        );
        entries.push(
          field(`vdp.vsi.entry[${i}]`, `Filter entry ${i + 1}`, kids.map((k) => k.display).join(', '), p, p + size, {
            children: kids,
          }),
        );
      }
      summary = `VDP ${VDP22_MODE_NAMES[t.type]} ${ack ? `response ${hex2(st)}${err ? ` (${VDP22_ERRORS[err]})` : ''}` : 'request'}`;
      fields.push(
        field('vdp.vsi', `${VDP22_MODE_NAMES[t.type]} TLV`, summary, s, s + 2 + t.len, {
          children: [
            ...hdr,
            field('vdp.vsi.type', 'Mode (TLV type)', `${t.type} (${VDP22_MODE_NAMES[t.type]})`, s, s + 1, {
              value: t.type,
            }),
            hexField('vdp.vsi.status', 'Status', st, s + 2, s + 3, ack ? 'response' : 'request'),
            ...statusKids,
            hexField('vdp.vsi.typeid', 'VSI type ID', (b[s + 3] << 16) | (b[s + 4] << 8) | b[s + 5], s + 3, s + 6),
            num('vdp.vsi.typever', 'VSI type version', b[s + 6], s + 6, s + 7),
            num('vdp.vsi.idformat', 'VSIID format', b[s + 7], s + 7, s + 8, VSIID_FORMAT_NAMES[b[s + 7]]),
            field(
              'vdp.vsi.vsiid',
              'VSIID',
              b[s + 7] === 5 ? formatUuid(b.subarray(s + 8, s + 24)) : hexBytes(b, s + 8, s + 24),
              s + 8,
              s + 24,
            ),
            num('vdp.vsi.fif', 'Filter info format', fif, s + 24, s + 25, FIF_NAMES[fif]),
            num('vdp.vsi.count', 'Number of entries', n, s + 25, s + 27),
            ...entries,
          ],
        }),
      );
    } else {
      fields.push(field('vdp.tlv', `TLV type ${t.type}`, `${t.len} octets`, s, s + 2 + t.len, { children: hdr }));
    }
  }
  push({ id: 'vdp', name: 'VSI Discovery and Configuration Protocol (VDP-2012)', start: o + 4, end, summary, fields });
}

const tlvName = (t: number): string =>
  ({
    1: 'PreAssociate',
    2: 'PreAssociate with RR',
    3: 'Associate',
    4: 'DeAssociate',
    5: 'VSI Manager ID',
    127: 'Organizationally defined',
  })[t] ?? 'unknown';
const hexBytes = (b: Uint8Array, s: number, e: number): string =>
  Array.from(b.subarray(s, e), (x) => x.toString(16).padStart(2, '0')).join('');

function ecp02(b: Uint8Array, o: number, push: Push): void {
  if (b.length < o + 9)
    throw new FrameParseError('ECP 0.2', 'ecp.header', o, `ECP 0.2 header needs 9 octets at offset ${o}`);
  const mode = b[o + 6];
  const seq = (b[o + 7] << 8) | b[o + 8];
  push({
    id: 'ecp',
    name: 'ECP 0.2 (pre-standard, IEEE 802a OUI extended)',
    start: o,
    end: o + 9,
    summary: `ECP 0.2 ${mode === 1 ? 'ACK' : 'request'} seq ${seq}`,
    fields: [
      field('ecp.oui', 'OUI', `${hexBytes(b, o, o + 3)} (802.1Qbg draft)`, o, o + 3),
      hexField('ecp.subtype', 'Subtype', (b[o + 4] << 8) | b[o + 5], o + 3, o + 6),
      num('ecp.mode', 'Mode', mode, o + 6, o + 7, mode === 1 ? 'ACK' : 'REQUEST'),
      num('ecp.seq', 'Sequence number', seq, o + 7, o + 9),
    ],
  });
  if (mode === 1) return;
  let p = o + 9;
  const fields: DecodedField[] = [];
  let summary = 'VDP 0.2';
  while (p + 2 <= b.length) {
    const type = b[p] >> 1;
    const len = ((b[p] & 1) << 8) | b[p + 1];
    if (type === 0) {
      fields.push(field('vdp.end', 'End TLV', '0000', p, p + 2));
      p += 2;
      break;
    }
    if (p + 2 + len > b.length) throw new FrameParseError('VDP 0.2', 'vdp.tlv', p, `TLV at ${p} runs past the frame`);
    if (type === 127 && len >= 38) {
      const v = p + 2;
      summary = `VDP 0.2 ${VDP02_MODE_NAMES[b[v + 4]]} response ${b[v + 5]}`;
      fields.push(
        field('vdp.vsi', 'VSI TLV (org-specific)', summary, p, p + 2 + len, {
          children: [
            num('vdp.tlv.len', 'TLV length', len, p, p + 2, undefined, 0x01ff),
            field('vdp.oui', 'OUI', hexBytes(b, v, v + 3), v, v + 3),
            num('vdp.subtype', 'Subtype', b[v + 3], v + 3, v + 4, 'VDP'),
            num('vdp.vsi.type', 'Mode', b[v + 4], v + 4, v + 5, VDP02_MODE_NAMES[b[v + 4]]),
            num('vdp.vsi.status', 'Response', b[v + 5], v + 5, v + 6, VDP02_RESPONSES[b[v + 5]]),
            num('vdp.vsi.mgrid', 'VSI Manager ID', b[v + 6], v + 6, v + 7),
            hexField('vdp.vsi.typeid', 'VSI type ID', (b[v + 7] << 16) | (b[v + 8] << 8) | b[v + 9], v + 7, v + 10),
            num('vdp.vsi.typever', 'VSI type version', b[v + 10], v + 10, v + 11),
            field('vdp.vsi.vsiid', 'Instance ID', formatUuid(b.subarray(v + 11, v + 27)), v + 11, v + 27),
            num('vdp.vsi.fif', 'Format', b[v + 27], v + 27, v + 28, FIF_NAMES[b[v + 27]]),
            num('vdp.vsi.count', 'Entries', (b[v + 28] << 8) | b[v + 29], v + 28, v + 30),
            ...(len >= 38
              ? [
                  macField('vdp.vsi.entry[0].mac', 'MAC', b, v + 30),
                  num('vdp.vsi.entry[0].vid', 'VLAN', ((b[v + 36] << 8) | b[v + 37]) & 0xfff, v + 36, v + 38),
                ]
              : []),
          ],
        }),
      );
    } else fields.push(field('vdp.tlv', `TLV type ${type}`, `${len} octets`, p, p + 2 + len));
    p += 2 + len;
  }
  push({ id: 'vdp', name: 'VDP 0.2', start: o + 9, end: p, summary, fields });
}

function vic(b: Uint8Array, o: number, push: Push): void {
  const v = parseVic(b);
  if (!v) throw new FrameParseError('VIC stand-in', 'vic', o, 'not a VIC stand-in frame');
  push({
    id: 'vic',
    name: '802.1Qbh port profile (STAND-IN for the non-public Cisco VIC protocol)',
    start: o,
    end: o + 28 + v.profile.length,
    summary: `VIC stand-in op ${v.op} profile "${v.profile}"`,
    fields: [
      num('vic.op', 'Operation', v.op, o + 3, o + 4),
      num('vic.status', 'Status', v.status, o + 4, o + 5),
      macField('vic.mac', 'Client MAC', b, o + 5),
      field('vic.uuid', 'Instance UUID', formatUuid(v.uuid), o + 11, o + 27),
      field('vic.profile', 'Port profile', v.profile, o + 28, o + 28 + v.profile.length),
    ],
  });
}

let done = false;
/** Register the ECP/VDP dissectors with the packet inspector (idempotent). */
export function registerVdpDissectors(): void {
  if (done) return;
  done = true;
  registerDissector(ETH_P_ECP22, safeDissector(ecp22, 'ECP'));
  registerDissector(ETH_P_ECP02, safeDissector(ecp02, 'ECP 0.2'));
  registerDissector(VIC_ETHERTYPE, safeDissector(vic, 'VIC stand-in'));
}
