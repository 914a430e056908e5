// Classic libpcap file format (the "pcap" format tcpdump and Wireshark read): a 24-byte
// global header, then per packet a 16-byte record header and the bytes. Little-endian,
// magic 0xa1b2c3d4 (microsecond timestamps), version 2.4, LINKTYPE_ETHERNET (1), snaplen
// 65535. Timestamps come from virtual time, so the same trace always gives the same file.

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const LINKTYPE_ETHERNET = 1;
export const PCAP_SNAPLEN = 65535;

export interface PcapRecord {
  /** Virtual time in nanoseconds. */
  timeNs: number;
  bytes: Uint8Array;
}

export function writePcap(records: readonly PcapRecord[]): Uint8Array<ArrayBuffer> {
  let size = 24;
  for (const r of records) size += 16 + Math.min(r.bytes.length, PCAP_SNAPLEN);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, PCAP_MAGIC_US, true);
  dv.setUint16(4, 2, true); // version major
  dv.setUint16(6, 4, true); // version minor
  dv.setInt32(8, 0, true); // thiszone: timestamps are UTC (virtual time zero = epoch)
  dv.setUint32(12, 0, true); // sigfigs
  dv.setUint32(16, PCAP_SNAPLEN, true);
  dv.setUint32(20, LINKTYPE_ETHERNET, true);
  let o = 24;
  for (const r of records) {
    if (!(Number.isFinite(r.timeNs) && r.timeNs >= 0))
      throw new RangeError(`pcap record time ${r.timeNs} ns is not a non-negative number`);
    // Round down to the microsecond: pcap's resolution here. Integer maths avoids float drift.
    const us = Math.floor(r.timeNs / 1000);
    const sec = Math.floor(us / 1_000_000);
    const usec = us - sec * 1_000_000;
    const caplen = Math.min(r.bytes.length, PCAP_SNAPLEN);
    dv.setUint32(o, sec, true);
    dv.setUint32(o + 4, usec, true);
    dv.setUint32(o + 8, caplen, true);
    dv.setUint32(o + 12, r.bytes.length, true);
    out.set(r.bytes.subarray(0, caplen), o + 16);
    o += 16 + caplen;
  }
  return out;
}
