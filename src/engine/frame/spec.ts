// Frames written in scenario files: raw hex for now; field descriptions are read by
// the codecs in this folder (see docs/scenario-format.md).
import type { Reader } from '../scenario/read';

export function readFrameSpec(r: Reader): Uint8Array | undefined {
  const obj = r.object('a frame: {"hex": "..."} or a description by fields');
  if (!obj) return undefined;
  if (obj.has('hex')) return readHex(obj.at('hex'));
  r.issues.add(r.path, 'frame has no "hex"', 'give the frame bytes as {"hex": "ffffffffffff..."}');
  return undefined;
}

export function readHex(r: Reader): Uint8Array | undefined {
  const s = r.string({ hint: 'hex digits, spaces allowed, e.g. "ff ff ff ff ff ff 02 00 ..."' });
  if (s === undefined) return undefined;
  const clean = s.replace(/[\s:]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) {
    r.issues.add(r.path, `"${bad[0]}" is not a hex digit (at character ${s.indexOf(bad[0]) + 1})`);
    return undefined;
  }
  if (clean.length % 2) {
    r.issues.add(r.path, `odd number of hex digits (${clean.length}): the last byte is incomplete`);
    return undefined;
  }
  if (clean.length < 28) {
    r.issues.add(r.path, `${clean.length / 2} bytes is shorter than an Ethernet header (14 bytes)`);
    return undefined;
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
