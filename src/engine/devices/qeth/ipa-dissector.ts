// Inspector decoding of the lab's IPA envelope (EtherType 0x88b6, see ipa-frame.ts): the
// qeth_ipacmd_hdr fields (command, sequence number, return code with its Linux name,
// protocol version) and the command's data, each with its byte range. Registered for
// the inspector, the CLI and pcap checks by src/engine/devices/dissectors.ts.
import { registerDissector, safeDissector } from '../../frame/decode';
import { hexField, ipv4Field, ipv6Field, macField, num } from '../../frame/decode-fields';
import { need } from '../../frame/errors';
import { u16, u32 } from '../../frame/bytes';
import { ETH_P_LAB_IPA, IPA_CMD, ipaCmdName, rcFor, routingName } from './ipa-codes';
import { IPA_HDR_LEN, parseIpaFrame } from './ipa-frame';
import { describeIpa } from './osa-ipa';
import type { DecodedField } from '../../frame/decode-types';

function dataFields(b: Uint8Array, cmd: number, prot: number, d: number): DecodedField[] {
  const ipf = (path: string, name: string, o: number) =>
    prot === 6 ? ipv6Field(path, name, b, o) : ipv4Field(path, name, b, o);
  const len = prot === 6 ? 16 : 4;
  switch (cmd) {
    case IPA_CMD.SETIP:
    case IPA_CMD.DELIP:
      need(b, d, 2 * len + 4, 'IPA', 'ipa.flags');
      return [
        ipf('ipa.ip', 'IP address', d),
        ipf('ipa.mask', 'Mask', d + len),
        hexField(
          'ipa.flags',
          'Flags',
          u32(b, d + 2 * len),
          d + 2 * len,
          d + 2 * len + 4,
          u32(b, d + 2 * len) & 2 ? 'TAKEOVER' : u32(b, d + 2 * len) & 1 ? 'VIPA' : undefined,
        ),
      ];
    case IPA_CMD.SETIPM:
    case IPA_CMD.DELIPM:
      need(b, d, 24, 'IPA', 'ipa.ip');
      return [
        macField('ipa.mac', 'Group MAC', b, d),
        prot === 6 ? ipv6Field('ipa.ip', 'Group', b, d + 8) : ipv4Field('ipa.ip', 'Group', b, d + 20),
      ];
    case IPA_CMD.SETRTG:
      need(b, d, 1, 'IPA', 'ipa.rtg');
      return [num('ipa.rtg', 'Routing type', b[d], d, d + 1, routingName(b[d]) ?? 'invalid')];
    case IPA_CMD.SETVMAC:
    case IPA_CMD.DELVMAC:
      need(b, d, 10, 'IPA', 'ipa.mac');
      return [num('ipa.maclen', 'MAC length', u32(b, d), d, d + 4), macField('ipa.mac', 'MAC', b, d + 4)];
    default:
      need(b, d, 14, 'IPA', 'ipa.sub');
      return [
        hexField('ipa.sub', 'Sub-command', u32(b, d), d, d + 4),
        num('ipa.value', 'Value', u32(b, d + 4), d + 4, d + 8),
        macField('ipa.mac', 'MAC', b, d + 8),
      ];
  }
}

export const dissectIpa = safeDissector((b, o, push) => {
  need(b, o, IPA_HDR_LEN, 'IPA', 'ipa.header');
  const cmd = b[o];
  const rc = u16(b, o + 4);
  const prot = u16(b, o + 10);
  const fields = [
    hexField('ipa.cmd', 'Command', cmd, o, o + 1, ipaCmdName(cmd)),
    num('ipa.initiator', 'Initiator', b[o + 1], o + 1, o + 2, b[o + 1] === 1 ? 'OSA (unsolicited)' : 'host'),
    num('ipa.seqno', 'Sequence number', u16(b, o + 2), o + 2, o + 4),
    hexField('ipa.rc', 'Return code', rc, o + 4, o + 6, `${rcFor(cmd, rc).name}: ${rcFor(cmd, rc).text}`),
    num('ipa.prot', 'Protocol version', prot, o + 10, o + 12, prot === 6 ? 'IPv6' : 'IPv4'),
    ...dataFields(b, cmd, prot, o + IPA_HDR_LEN),
  ];
  const c = parseIpaFrame(b);
  push({
    id: 'ipa',
    name: 'IPA command (qeth_ipa_cmd, lab envelope)',
    start: o,
    end: b.length,
    fields,
    summary: `IPA ${typeof c === 'string' ? `malformed: ${c}` : describeIpa(c)}${rc ? ` RC 0x${rc.toString(16).padStart(4, '0')} ${rcFor(cmd, rc).name}` : ''}`,
  });
}, 'IPA');

registerDissector(ETH_P_LAB_IPA, dissectIpa);
