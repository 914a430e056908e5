// Byte strings in scenario files: whole frames as hex, payloads as text or {"hex": ...}.
import type { Reader } from '../scenario/read';
import { describe } from '../scenario/read';

/** Hex digits (spaces and ":" allowed) to bytes; records an issue and returns undefined on bad input. */
export function readHexBytes(r: Reader, minBytes = 0, what = 'bytes'): Uint8Array | undefined {
  const s = r.string({ hint: 'hex digits, spaces allowed, e.g. "ff ff ff ff ff ff 02 00 ..."' });
  if (s === undefined) return undefined;
  const clean = s.replace(/[\s:]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) {
    r.issues.add(
      r.path,
      `"${bad[0]}" is not a hex digit (at character ${s.indexOf(bad[0]) + 1})`,
      'hex digits 0-9 and a-f; spaces and ":" between bytes are allowed',
    );
    return undefined;
  }
  if (clean.length % 2) {
    r.issues.add(
      r.path,
      `odd number of hex digits (${clean.length}): the last byte is incomplete`,
      'every byte is two hex digits, e.g. "0a" not "a"',
    );
    return undefined;
  }
  if (clean.length / 2 < minBytes) {
    r.issues.add(r.path, `${clean.length / 2} bytes is shorter than ${what} (${minBytes} bytes)`);
    return undefined;
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A whole frame as hex: at least an Ethernet header. */
export const readHex = (r: Reader): Uint8Array | undefined => readHexBytes(r, 14, 'an Ethernet header');

/** Payload bytes: a string is text (UTF-8); {"hex": "..."} or {"text": "..."} say which explicitly. */
export function readBytes(r: Reader): Uint8Array | undefined {
  const hint = 'text like "hello", or {"hex": "de ad be ef"}';
  const v = r.value;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  if (r.isObject()) {
    r.onlyKeys(['hex', 'text']);
    if (r.has('hex') === r.has('text')) {
      r.issues.add(r.path, 'needs exactly one of "hex" and "text"', hint);
      return undefined;
    }
    if (r.has('hex')) return readHexBytes(r.at('hex'));
    const t = r.at('text').string({ hint });
    return t === undefined ? undefined : new TextEncoder().encode(t);
  }
  r.issues.add(r.path, `expected payload bytes, found ${describe(v)}`, hint);
  return undefined;
}
