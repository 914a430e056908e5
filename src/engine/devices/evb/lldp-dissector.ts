// Inspector decoding of LLDP frames (EtherType 0x88cc, IEEE 802.1AB-2016 8.4): each TLV's
// type and length, Chassis ID, Port ID, TTL, and the CDCP TLV (OUI 00-80-C2 subtype 0x0E)
// field by field (layout from the fact sheet vdp-ecp-8021qbg.md §5, unconfirmed against the
// standard) and the EVB TLV (subtype 0x0D, lldpad include/lldp_evb22.h) field by field.
// Other organisationally specific TLVs show their OUI and subtype. Registered
// for the inspector, the CLI and pcap checks by src/engine/devices/dissectors.ts.
import { registerDissector, safeDissector } from '../../frame/decode';
import { field, hexField, macField, num } from '../../frame/decode-fields';
import { need } from '../../frame/errors';
import { u16 } from '../../frame/bytes';
import { ETH_P } from '../../frame/ethernet';
import type { DecodedField } from '../../frame/decode-types';
import { CDCP_SUBTYPE } from './cdcp-tlv';
import * as say from './words';

/** EVB-2012 TLV body (lldpad include/lldp_evb22.h struct evb22_tlv): five octets after OUI and subtype. */
const EVB_SUBTYPE = 0x0d;
const EVB_MODES: Record<number, string> = { 1: 'EVB Bridge', 2: 'EVB Station' };

function evbFields(b: Uint8Array, o: number): DecodedField[] {
  need(b, o, 5, 'EVB', 'evb.r');
  const rrstat = ['no', 'yes', 'reserved', "don't know (nothing received)"][b[o + 1] & 3];
  return [
    num('evb.bgid', 'Bridge group ID (BGID)', (b[o] >> 2) & 1, o, o + 1, undefined, 0x04),
    num('evb.rrcap', 'Reflective relay capable (RRCAP)', (b[o] >> 1) & 1, o, o + 1, undefined, 0x02),
    num('evb.rrctr', 'Reflective relay enabled (RRCTR)', b[o] & 1, o, o + 1, undefined, 0x01),
    num('evb.sgid', 'Station group ID (SGID)', (b[o + 1] >> 3) & 1, o + 1, o + 2, undefined, 0x08),
    num('evb.rrreq', 'Reflective relay requested (RRREQ)', (b[o + 1] >> 2) & 1, o + 1, o + 2, undefined, 0x04),
    num('evb.rrstat', 'Reflective relay status (RRSTAT)', b[o + 1] & 3, o + 1, o + 2, rrstat, 0x03),
    num('evb.r', 'Max retries (R)', (b[o + 2] >> 5) & 7, o + 2, o + 3, undefined, 0xe0),
    num('evb.rte', 'Retransmission exponent (RTE)', b[o + 2] & 0x1f, o + 2, o + 3, '10 µs × 2^RTE', 0x1f),
    num('evb.mode', 'EVB mode', (b[o + 3] >> 6) & 3, o + 3, o + 4, EVB_MODES[(b[o + 3] >> 6) & 3] ?? 'reserved', 0xc0),
    num('evb.rwd.rl', 'RWD remote/local (1: the remote value)', (b[o + 3] >> 5) & 1, o + 3, o + 4, undefined, 0x20),
    num('evb.rwd', 'Resource wait delay exponent (RWD)', b[o + 3] & 0x1f, o + 3, o + 4, undefined, 0x1f),
    num('evb.rka.rl', 'RKA remote/local (1: the remote value)', (b[o + 4] >> 5) & 1, o + 4, o + 5, undefined, 0x20),
    num('evb.rka', 'Reinit keep-alive exponent (RKA)', b[o + 4] & 0x1f, o + 4, o + 5, undefined, 0x1f),
  ];
}

const TLV_NAMES: Record<number, string> = {
  0: 'End of LLDPDU',
  1: 'Chassis ID',
  2: 'Port ID',
  3: 'Time to live',
  127: 'Organizationally specific',
};

function cdcpFields(b: Uint8Array, o: number, end: number, id: string): DecodedField[] {
  need(b, o, 4, 'CDCP', `${id}.role`);
  const word = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const out: DecodedField[] = [
    num(`${id}.role`, 'Role', word >>> 31, o, o + 4, word >>> 31 ? 'S (station)' : 'B (bridge)', 0x80000000),
    num(`${id}.scomp`, 'S-VLAN component present', (word >>> 27) & 1, o, o + 4, undefined, 0x08000000),
    num(`${id}.chncap`, 'Channel capacity (ChnCap)', word & 0xfff, o, o + 4, undefined, 0x00000fff),
  ];
  for (let p = o + 4, i = 0; p + 3 <= end; p += 3, i++) {
    const scid = (b[p] << 4) | (b[p + 1] >> 4);
    const svid = ((b[p + 1] & 0xf) << 8) | b[p + 2];
    out.push(
      field(
        `${id}.pairs[${i}]`,
        `S-channel ${i + 1}`,
        `SCID ${scid} → SVID ${svid}${svid === 0 ? ' (please assign)' : ''}`,
        p,
        p + 3,
        { value: `${scid}:${svid}` },
      ),
    );
  }
  return out;
}

export const dissectLldp = safeDissector((b, o, push) => {
  let p = o;
  let i = 0;
  const summary: string[] = [];
  while (p + 2 <= b.length) {
    const h = u16(b, p);
    const type = h >> 9;
    const len = h & 0x1ff;
    const id = `lldp.tlv[${i}]`;
    need(b, p + 2, len, 'LLDP', `${id}.value`);
    const fields: DecodedField[] = [
      num(`${id}.type`, 'Type', type, p, p + 2, TLV_NAMES[type] ?? 'reserved', 0xfe00),
      num(`${id}.length`, 'Length', len, p, p + 2, undefined, 0x01ff),
    ];
    const v = p + 2;
    let name = TLV_NAMES[type] ?? `TLV type ${type}`;
    if ((type === 1 || type === 2) && len === 7 && (b[v] === 4 || b[v] === 3))
      fields.push(macField(`${id}.mac`, 'MAC address', b, v + 1, false));
    else if (type === 3 && len === 2) fields.push(num(`${id}.ttl`, 'TTL (seconds)', u16(b, v), v, v + 2));
    else if (type === 127 && len >= 4) {
      const oui = (b[v] << 16) | (b[v + 1] << 8) | b[v + 2];
      fields.push(
        hexField(`${id}.oui`, 'OUI', oui, v, v + 3, oui === 0x0080c2 ? 'IEEE 802.1' : undefined),
        hexField(
          `${id}.subtype`,
          'Subtype',
          b[v + 3],
          v + 3,
          v + 4,
          oui === 0x0080c2 && b[v + 3] === CDCP_SUBTYPE
            ? 'CDCP'
            : oui === 0x0080c2 && b[v + 3] === EVB_SUBTYPE
              ? 'EVB'
              : undefined,
        ),
      );
      if (oui === 0x0080c2 && b[v + 3] === CDCP_SUBTYPE) {
        name = say.cdcpChannelDiscoveryConfiguration();
        const f = cdcpFields(b, v + 4, v + len, 'cdcp');
        fields.push(...f);
        summary.push(`CDCP role ${b[v + 4] >> 7 ? 'S' : 'B'}, ${f.length - 3} channel(s)`);
      } else if (oui === 0x0080c2 && b[v + 3] === EVB_SUBTYPE && len === 9) {
        name = 'EVB (IEEE 802.1Qbg-2012)';
        fields.push(...evbFields(b, v + 4));
        const m = EVB_MODES[(b[v + 7] >> 6) & 3] ?? 'EVB';
        summary.push(
          `${m}: R ${(b[v + 6] >> 5) & 7}, RTE ${b[v + 6] & 0x1f}, RWD ${b[v + 7] & 0x1f}, RKA ${b[v + 8] & 0x1f}`,
        );
      }
    }
    push({ id, name, start: p, end: v + len, fields });
    p = v + len;
    i++;
    if (type === 0) break;
  }
  if (summary.length === 0) summary.push(`LLDP, ${i} TLV(s)`);
  push({ id: 'lldp', name: 'LLDP', start: o, end: p, fields: [], summary: summary.join('; ') });
}, 'LLDP');

registerDissector(ETH_P.LLDP, dissectLldp);
