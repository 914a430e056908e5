// Downloading the trace: pcap (opens in Wireshark) through the engine's writer, and JSON
// with frames as hex strings so the file is readable and diffable.
import { tracePcap } from '../../engine/pcap/from-trace';
import type { Trace } from '../../engine/sim/types';
import { hex2 } from './bytes-map';

export function traceJson(trace: Trace): string {
  return JSON.stringify({ ...trace, frames: trace.frames.map((f) => Array.from(f, hex2).join('')) }, null, 1);
}

export function fileName(trace: Trace, ext: string): string {
  const base =
    trace.scenario
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'trace';
  return `${base}.${ext}`;
}

export function download(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadPcap = (t: Trace): void =>
  download(tracePcap(t) as Uint8Array<ArrayBuffer>, fileName(t, 'pcap'), 'application/vnd.tcpdump.pcap');
export const downloadJson = (t: Trace): void => download(traceJson(t), fileName(t, 'json'), 'application/json');
