// decodeFrame: bytes to the inspector's layer/field tree. It never throws: a malformed
// frame gives the layers that decoded plus an `error` naming layer, field and offset.
// Other folders add EtherTypes through registerDissector (ECP/VDP, LLDP).
import { FrameParseError } from './errors';
import { ETH_P, ETH_HLEN, isTagTpid } from './ethernet';
import { u16 } from './bytes';
import { field, num, hexField, macField } from './decode-fields';
import { dissectArp, dissectIpv4, dissectIpv6, dissectData, type Push } from './dissect-ip';
import type { DecodedField, DecodedFrame, DecodedLayer, DecodeError, Dissector } from './decode-types';

export type { DecodedField, DecodedFrame, DecodedLayer, DecodeError, Dissector } from './decode-types';

const ETHERTYPE_NAMES: Record<number, string> = {
  [ETH_P.IPV4]: 'IPv4',
  [ETH_P.ARP]: 'ARP',
  [ETH_P.IPV6]: 'IPv6',
  [ETH_P.VLAN]: '802.1Q C-tag',
  [ETH_P.QINQ]: '802.1ad S-tag',
  [ETH_P.LLDP]: 'LLDP',
  [ETH_P.ECP]: 'ECP',
  0x88b7: 'IEEE 802a OUI extended',
  // IEEE 802 local experimental EtherTypes: the lab's qeth envelope and the VIC stand-in use 0x88b5.
  0x88b5: 'local experimental 1',
  0x88b6: 'local experimental 2',
};

export const ethertypeName = (t: number): string => ETHERTYPE_NAMES[t] ?? (t < 0x0600 ? '802.3 length' : 'unknown');

/** Turn any thrown value into the DecodeError shape. */
export function toDecodeError(e: unknown, layer: string, offset: number): DecodeError {
  if (e instanceof FrameParseError) return { layer: e.layer, field: e.field, offset: e.offset, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  return { layer, field: layer.toLowerCase(), offset, message: `${layer}: dissector failed: ${msg}` };
}

/** Wrap a dissector that pushes layers and may throw FrameParseError into one that never throws. */
export function safeDissector(fn: (bytes: Uint8Array, offset: number, push: Push) => void, layer: string): Dissector {
  return (bytes, offset) => {
    const layers: DecodedLayer[] = [];
    try {
      fn(bytes, offset, (l) => layers.push(l));
      return { layers };
    } catch (e) {
      return { layers, error: toDecodeError(e, layer, offset) };
    }
  };
}

const builtins = new Map<number, Dissector>([
  [ETH_P.ARP, safeDissector(dissectArp, 'ARP')],
  [ETH_P.IPV4, safeDissector(dissectIpv4, 'IPv4')],
  [ETH_P.IPV6, safeDissector(dissectIpv6, 'IPv6')],
]);
const registered = new Map<number, Dissector>();

/**
 * Decode the payload of `ethertype` with `fn` from now on (replacing a previous
 * registration for it). Returns a function that removes the registration.
 */
/** The dissector registered for `ethertype`, if any (to share a local experimental EtherType). */
export const registeredDissector = (ethertype: number): Dissector | undefined => registered.get(ethertype);

export function registerDissector(ethertype: number, fn: Dissector): () => void {
  registered.set(ethertype, fn);
  return () => {
    if (registered.get(ethertype) === fn) registered.delete(ethertype);
  };
}

function ethernetLayers(b: Uint8Array, out: DecodedLayer[]): { type: number; payloadOffset: number } {
  const eth: DecodedLayer = {
    id: 'eth',
    name: 'Ethernet II',
    start: 0,
    end: ETH_HLEN,
    fields: [macField('eth.dst', 'Destination', b, 0), macField('eth.src', 'Source', b, 6)],
  };
  out.push(eth);
  let o = 12;
  let type = u16(b, o);
  let i = 0;
  while (isTagTpid(type)) {
    const s = type === ETH_P.QINQ;
    const name = s ? '802.1ad' : '802.1Q';
    const id = `vlan[${i}]`;
    if (b.length - o < 4)
      throw new FrameParseError(
        name,
        `${id}.tci`,
        o + 2,
        `the tag whose TPID is at offset ${o} has no TCI: the frame ends at ${b.length}`,
      );
    const tci = u16(b, o + 2);
    const pcp = tci >> 13;
    const dei = (tci >> 12) & 1;
    const vid = tci & 0xfff;
    out.push({
      id,
      name: s ? '802.1ad S-tag' : '802.1Q C-tag',
      start: o,
      end: o + 4,
      summary: `${s ? 'S-tag' : 'C-tag'} ${vid}`,
      fields: [
        hexField(`${id}.tpid`, 'Tag protocol identifier', type, o, o + 2, s ? '802.1ad S-tag' : '802.1Q C-tag'),
        field(
          `${id}.tci`,
          'Tag control information',
          `0x${tci.toString(16).padStart(4, '0')}: priority ${pcp}, DEI ${dei}, VLAN ${vid}`,
          o + 2,
          o + 4,
          {
            value: tci,
            children: [
              num(`${id}.pcp`, 'Priority (PCP)', pcp, o + 2, o + 4, undefined, 0xe000),
              num(`${id}.dei`, 'Drop eligible (DEI)', dei, o + 2, o + 4, undefined, 0x1000),
              num(
                `${id}.vid`,
                'VLAN id',
                vid,
                o + 2,
                o + 4,
                vid === 0 ? 'priority tag, no VLAN' : vid === 4095 ? 'reserved' : undefined,
                0x0fff,
              ),
            ],
          },
        ),
      ],
    });
    o += 4;
    i++;
    if (b.length - o < 2)
      throw new FrameParseError(
        name,
        'eth.type',
        o,
        `no EtherType after the tag at offset ${o - 4}: the frame ends at ${b.length}`,
      );
    type = u16(b, o);
  }
  // eth.type is the EtherType that names the payload, after any tags; the tags' own TPIDs are vlan[i].tpid.
  eth.fields.push(hexField('eth.type', 'Type', type, o, o + 2, ethertypeName(type)));
  eth.end = o + 2;
  return { type, payloadOffset: o + 2 };
}

export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const layers: DecodedLayer[] = [];
  if (bytes.length < ETH_HLEN) {
    return {
      layers,
      error: {
        layer: 'Ethernet',
        field: 'eth.header',
        offset: 0,
        message: `Ethernet: header needs 14 bytes but the frame has only ${bytes.length}`,
      },
    };
  }
  let type: number;
  let payloadOffset: number;
  try {
    ({ type, payloadOffset } = ethernetLayers(bytes, layers));
  } catch (e) {
    return { layers, error: toDecodeError(e, 'Ethernet', 12) };
  }
  const fn = registered.get(type) ?? builtins.get(type);
  let error: DecodeError | undefined;
  if (fn) {
    let r: DecodedFrame;
    try {
      r = fn(bytes, payloadOffset);
    } catch (e) {
      r = { layers: [], error: toDecodeError(e, ethertypeName(type), payloadOffset) };
    }
    layers.push(...r.layers);
    error = r.error;
  } else {
    const name = ethertypeName(type);
    dissectData(bytes, payloadOffset, bytes.length, (l) =>
      layers.push({
        ...l,
        summary: `Ethernet type 0x${type.toString(16).padStart(4, '0')} (${name}), ${bytes.length - payloadOffset} bytes`,
      }),
    );
  }
  if (!error) addPadding(bytes, layers);
  return error ? { layers, error } : { layers };
}

function addPadding(b: Uint8Array, layers: DecodedLayer[]): void {
  let end = 0;
  for (const l of layers) end = Math.max(end, l.end);
  if (end >= b.length) return;
  const zero = b.subarray(end).every((x) => x === 0);
  const n = b.length - end;
  layers.push({
    id: 'pad',
    name: zero ? 'Ethernet padding' : 'Trailer',
    start: end,
    end: b.length,
    fields: [
      field(
        'pad',
        zero ? 'Padding' : 'Trailer',
        `${n} byte${n === 1 ? '' : 's'}${zero ? ' of zeros' : ''}`,
        end,
        b.length,
        { value: n },
      ),
    ],
  });
}

/** One line for the step log: tags, then the innermost layer that has a summary. */
export function summarize(d: DecodedFrame): string {
  const tags = d.layers.filter((l) => l.id.startsWith('vlan[')).map((l) => l.summary);
  let main: string | undefined;
  for (let i = d.layers.length - 1; i >= 0 && !main; i--) {
    const l = d.layers[i];
    if (l.summary && !l.id.startsWith('vlan[') && l.id !== 'pad') main = l.summary;
  }
  if (!main) {
    const eth = d.layers.find((l) => l.id === 'eth');
    const get = (p: string) => eth?.fields.find((f) => f.path === p)?.value;
    main = eth
      ? `Ethernet ${get('eth.src')} → ${get('eth.dst')}${get('eth.type') !== undefined ? ` type 0x${(get('eth.type') as number).toString(16).padStart(4, '0')}` : ''}`
      : 'not an Ethernet frame';
  }
  const prefix = tags.length ? `[${tags.join(', ')}] ` : '';
  return `${prefix}${main}${d.error ? ` [malformed: ${d.error.message}]` : ''}`;
}

/** Every field of a decoded frame, depth first. */
export function* allFields(d: DecodedFrame): Generator<DecodedField> {
  const walk = function* (fs: readonly DecodedField[]): Generator<DecodedField> {
    for (const f of fs) {
      yield f;
      if (f.children) yield* walk(f.children);
    }
  };
  for (const l of d.layers) yield* walk(l.fields);
}

/** The field with this path (e.g. `vlan[0].vid`), searching nested fields too. */
export function findField(d: DecodedFrame, path: string): DecodedField | undefined {
  for (const f of allFields(d)) if (f.path === path) return f;
  return undefined;
}
