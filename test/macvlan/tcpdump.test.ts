// tcpdump on the lower device (correction W11 and omission 3): what its packet taps see.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lowerCapturePcap, lowerCaptureRecords } from '../../src/engine/devices/macvlan/tcpdump';
import { run } from '../helpers/run';

const runId = (id: string) => run(JSON.parse(readFileSync(`src/scenarios/macvlan/${id}.json`, 'utf8')));
const dstOf = (b: Uint8Array) => [...b.subarray(0, 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');

describe('tcpdump -i eth0', () => {
  it('S4: sees the BRIDGE-local unicast that never touches the wire (dev_forward_skb), and the ARP going out', () => {
    const recs = lowerCaptureRecords(runId('bridge-local'), 'H');
    const dsts = recs.map((r) => dstOf(r.bytes));
    expect(dsts).toContain('ff:ff:ff:ff:ff:ff');
    expect(dsts.filter((d) => d === '02:00:00:00:00:0b').length).toBeGreaterThanOrEqual(1);
  });

  it('does not see frames the NIC filter dropped', () => {
    const recs = lowerCaptureRecords(runId('demux-by-mac'), 'H');
    expect(recs.map((r) => dstOf(r.bytes))).not.toContain('02:00:00:00:00:0d');
  });

  it('does not see unicast an L2 forwarding station steered past eth0, but sees the broadcast', () => {
    const recs = lowerCaptureRecords(runId('demux-l2fwd'), 'H').map((r) => ({
      dst: dstOf(r.bytes),
      type: (r.bytes[12] << 8) | r.bytes[13],
      icmp: r.bytes[34],
    }));
    expect(recs.some((r) => r.dst === 'ff:ff:ff:ff:ff:ff')).toBe(true);
    expect(recs.some((r) => r.dst === '02:00:00:00:00:0b' && r.type === 0x0800 && r.icmp === 8)).toBe(false);
  });

  it('writes a pcap file: magic, Ethernet link type, one record per frame seen', () => {
    const t = runId('bridge-local');
    const f = lowerCapturePcap(t, 'H');
    const v = new DataView(f.buffer);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(v.getUint32(20, true)).toBe(1);
    let n = 0;
    for (let o = 24; o < f.length; o += 16 + v.getUint32(o + 8, true)) n++;
    expect(n).toBe(lowerCaptureRecords(t, 'H').length);
  });
});
