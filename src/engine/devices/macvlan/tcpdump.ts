// "tcpdump -i eth0" on a macvlan host: the frames the lower device's packet taps see
// (correction W11): every frame it receives before macvlan takes it, every frame the
// macvlans transmit through it, and BRIDGE-local unicast that re-enters it through
// dev_forward_skb. Not the frames its NIC filter dropped, nor frames an L2 forwarding
// station steered past it. Built from the host's `capture` decisions in the trace.
import type { Trace } from '../../sim/types';
import { writePcap, type PcapRecord } from '../../pcap/pcap';

export function lowerCaptureRecords(trace: Trace, host: string): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (const s of trace.steps) {
    const d = s.detail as { capture?: string } | undefined;
    if (s.node === host && d?.capture && s.frame !== undefined)
      out.push({ timeNs: s.time, bytes: trace.frames[s.frame] });
  }
  return out;
}

export const lowerCapturePcap = (trace: Trace, host: string): Uint8Array<ArrayBuffer> =>
  writePcap(lowerCaptureRecords(trace, host));
