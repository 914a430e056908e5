// Inspector decoding of the lab's QDIO element envelope (EtherType 0x88b5, see
// qdio-element.ts): the layer-3 qeth header's fields with their byte ranges, then the
// IPv4 packet behind it, decoded as usual. Registered by src/engine/devices/dissectors.ts,
// which shares the EtherType with the VDP lab's VIC stand-in.
import { safeDissector } from '../../frame/decode';
import { dissectIpv4 } from '../../frame/dissect-ip';
import { hexField, ipv4Field, num } from '../../frame/decode-fields';
import { need } from '../../frame/errors';
import { u16 } from '../../frame/bytes';
import { QETH_HDR_LEN, readHeader } from './qdio-element';

export const dissectQdio = safeDissector((b, o, push) => {
  need(b, o, QETH_HDR_LEN, 'qeth', 'qeth.header');
  const h = readHeader(b, o);
  push({
    id: 'qeth',
    name: 'qeth header, layer 3 (struct qeth_hdr_layer3, lab envelope)',
    start: o,
    end: o + QETH_HDR_LEN,
    fields: [
      num('qeth.id', 'Header type', h.id, o, o + 1, h.id === 1 ? 'QETH_HEADER_TYPE_LAYER3' : undefined),
      hexField('qeth.flags', 'Flags', h.flags, o + 1, o + 2, `cast ${h.cast}`),
      num('qeth.length', 'Length', u16(b, o + 8), o + 8, o + 10),
      hexField('qeth.ext_flags', 'Extended flags', h.extFlags, o + 11, o + 12),
      ipv4Field('qeth.next_hop', 'Next hop', b, o + 28),
    ],
    summary: `qeth L3 ${h.cast} next hop ${h.nextHop}`,
  });
  dissectIpv4(b, o + QETH_HDR_LEN, push);
}, 'qeth');
