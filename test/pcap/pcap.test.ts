// Classic pcap bytes (the libpcap file format, as documented in pcap-savefile(5) and
// draft-ietf-opsawg-pcap): global header, record headers, microsecond timestamps.
import { describe, expect, it } from 'vitest';
import { writePcap } from '../../src/engine/pcap/pcap';
import { toHex } from '../../src/engine/frame/bytes';

describe('writePcap', () => {
  it('writes the 24-byte global header, little-endian', () => {
    // magic a1b2c3d4, version 2.4, thiszone 0, sigfigs 0, snaplen 65535, LINKTYPE_ETHERNET 1
    expect(toHex(writePcap([]))).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + 'ffff0000' + '01000000');
  });
  it('writes a record header with seconds, microseconds, caplen and len', () => {
    const bytes = Uint8Array.from({ length: 60 }, (_, i) => i);
    const f = writePcap([{ timeNs: 1_500_000_999, bytes }]);
    // 1.500000999 s -> 1 s and 500000 us (0x0007a120): truncated to the microsecond
    expect(toHex(f.subarray(24, 40))).toBe('01000000' + '20a10700' + '3c000000' + '3c000000');
    expect(toHex(f.subarray(40))).toBe(toHex(bytes));
    expect(f.length).toBe(24 + 16 + 60);
  });
  it('keeps records in the order given and handles large virtual times exactly', () => {
    const t = 86_400 * 1e9 + 123_456_789; // one day and 123456.789 us
    const f = writePcap([
      { timeNs: 0, bytes: new Uint8Array(1) },
      { timeNs: t, bytes: new Uint8Array(2) },
    ]);
    const dv = new DataView(f.buffer);
    expect([dv.getUint32(24, true), dv.getUint32(28, true), dv.getUint32(32, true)]).toEqual([0, 0, 1]);
    expect([dv.getUint32(41, true), dv.getUint32(45, true), dv.getUint32(49, true)]).toEqual([86_400, 123_456, 2]);
  });
  it('truncates a record to snaplen but keeps its original length', () => {
    const f = writePcap([{ timeNs: 0, bytes: new Uint8Array(70_000) }]);
    const dv = new DataView(f.buffer);
    expect([dv.getUint32(32, true), dv.getUint32(36, true), f.length]).toEqual([65_535, 70_000, 24 + 16 + 65_535]);
  });
  it('refuses a negative or non-finite time', () => {
    expect(() => writePcap([{ timeNs: -1, bytes: new Uint8Array(1) }])).toThrow(/not a non-negative number/);
    expect(() => writePcap([{ timeNs: NaN, bytes: new Uint8Array(1) }])).toThrow(/not a non-negative number/);
  });
});
