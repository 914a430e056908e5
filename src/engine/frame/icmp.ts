// ICMP echo request (type 8) and echo reply (type 0), RFC 792: type, code, checksum over
// the whole ICMP message, identifier, sequence number, data.
import { need } from './errors';
import { u16, put16, internetChecksum } from './bytes';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;

/**
 * Default echo data: 56 bytes where byte i is i, the pattern iputils ping fills after
 * its timestamp (we leave the timestamp out: there is no wall clock in the engine).
 */
export const defaultEchoData = (): Uint8Array => Uint8Array.from({ length: 56 }, (_, i) => i);

export function buildIcmpEcho(e: {
  type: 'request' | 'reply';
  id: number;
  seq: number;
  data?: Uint8Array;
}): Uint8Array {
  const data = e.data ?? defaultEchoData();
  const out = new Uint8Array(8 + data.length);
  out[0] = e.type === 'request' ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY;
  out[1] = 0;
  put16(out, 4, e.id);
  put16(out, 6, e.seq);
  out.set(data, 8);
  put16(out, 2, internetChecksum(out));
  return out;
}

export interface IcmpMessage {
  type: number;
  code: number;
  checksum: number;
  checksumOk: boolean;
  /** For echo request/reply only. */
  id?: number;
  seq?: number;
  dataOffset: number;
  end: number;
}

/** Parse ICMP in [offset, end) (end: the IPv4 payload end). */
export function parseIcmp(bytes: Uint8Array, offset: number, end = bytes.length): IcmpMessage {
  if (end > bytes.length) end = bytes.length;
  need(bytes.subarray(0, end), offset, 4, 'ICMP', 'icmp.header');
  const type = bytes[offset];
  const echo = type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
  if (echo) need(bytes.subarray(0, end), offset + 4, 4, 'ICMP', 'icmp.id');
  return {
    type,
    code: bytes[offset + 1],
    checksum: u16(bytes, offset + 2),
    checksumOk: internetChecksum(bytes, offset, end) === 0,
    ...(echo && { id: u16(bytes, offset + 4), seq: u16(bytes, offset + 6) }),
    dataOffset: offset + (echo ? 8 : 4),
    end,
  };
}
