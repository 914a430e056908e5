// A whole scenario in a link: its JSON text as UTF-8, compressed with raw DEFLATE (fflate)
// and written in base64url, so it travels in a URL's hash and never reaches a server.
// Decoding treats the payload as hostile: its length is capped before anything else, the
// inflated size is capped (a few kilobytes of DEFLATE can expand a thousandfold: a "zip
// bomb"), and text that is not UTF-8 is refused. Every failure is a sentence, never a throw.
import { deflateSync, inflateSync } from 'fflate';

/** Longest payload a link may carry, in characters: about 12 KB of compressed scenario. */
export const MAX_PAYLOAD = 16_000;
/** Largest scenario text a link may inflate to, in bytes. */
export const MAX_INFLATED = 2 * 1024 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type Encoded =
  | { readonly ok: true; readonly payload: string }
  | { readonly ok: false; readonly payload: string; readonly message: string };

export type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

export function encodeScenario(text: string): Encoded {
  const packed = deflateSync(new TextEncoder().encode(text), { level: 9 });
  const payload = toBase64Url(packed);
  if (payload.length <= MAX_PAYLOAD) return { ok: true, payload };
  return {
    ok: false,
    payload,
    message:
      `This scenario is ${kb(packed.length)} compressed; links hold at most ${kb((MAX_PAYLOAD * 3) / 4)} ` +
      `(${MAX_PAYLOAD.toLocaleString('en')} characters). Download the file instead.`,
  };
}

export function decodeScenario(payload: string): Decoded {
  if (payload.length > MAX_PAYLOAD)
    return {
      ok: false,
      message: `The link's scenario is ${payload.length.toLocaleString('en')} characters long; links hold at most ${MAX_PAYLOAD.toLocaleString('en')}.`,
    };
  if (payload === '') return { ok: false, message: 'The link holds no scenario.' };
  if (!BASE64URL.test(payload) || payload.length % 4 === 1)
    return { ok: false, message: 'The link is damaged: its scenario part is not base64url text.' };
  const packed = fromBase64Url(payload);
  let bytes: Uint8Array;
  try {
    // A fixed output buffer one byte larger than the cap: fflate stops writing at its end,
    // so a bomb costs at most the buffer, and a full buffer means "too large".
    bytes = inflateSync(packed, { out: new Uint8Array(MAX_INFLATED + 1) });
  } catch {
    return { ok: false, message: 'The link is damaged: its scenario part does not decompress.' };
  }
  if (bytes.length > MAX_INFLATED)
    return {
      ok: false,
      message: `The link's scenario would expand to more than ${MAX_INFLATED / 1024 / 1024} MB, more than any scenario needs; it was not opened.`,
    };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: 'The link is damaged: its scenario is not UTF-8 text.' };
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of base64url text already checked against BASE64URL (and not of length 4n+1). */
export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
