// The network stack on either side of the backplane, reduced to what the lab needs: it
// originates Ethernet frames (scripted traffic, or the `xmit` command that builds frames
// of a given size) and consumes every frame delivered to it (netif_receive_skb).
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { parseMac } from '../../frame/address';

export interface StackConfig {
  readonly mac: Uint8Array;
  readonly peer: Uint8Array;
}

function macOr(r: Reader, def: string): Uint8Array {
  const s = r.string({ default: def }) ?? def;
  const m = parseMac(s);
  if (!m.ok) {
    r.issues.add(r.path, m.error);
    return new Uint8Array(6);
  }
  return m.value;
}

export function readStackConfig(r: Reader, _issues: IssueList): StackConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['mac', 'peer']);
  return { mac: macOr(r.at('mac'), '02:00:00:00:00:01'), peer: macOr(r.at('peer'), '02:00:00:00:00:02') };
}

export const stackCommands = {
  xmit: (args: Reader): void => {
    args.onlyKeys(['len', 'count', 'fill']);
    args.at('len').number({ default: 1514, integer: true, min: 60, max: 65550 });
    args.at('count').number({ default: 1, integer: true, min: 1, max: 100000 });
    args.at('fill').number({ default: 0xa5, integer: true, min: 0, max: 255 });
  },
};

/** An Ethernet II frame of `len` bytes (no FCS) from `src` to `dst`, EtherType 0x88b5 (local experimental). */
export function buildFrame(dst: Uint8Array, src: Uint8Array, len: number, seq: number, fill: number): Uint8Array {
  const f = new Uint8Array(len);
  f.set(dst, 0);
  f.set(src, 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  f[14] = (seq >>> 24) & 0xff;
  f[15] = (seq >>> 16) & 0xff;
  f[16] = (seq >>> 8) & 0xff;
  f[17] = seq & 0xff;
  for (let i = 18; i < len; i++) f[i] = (fill + i) & 0xff;
  return f;
}

export class Stack implements Device {
  readonly ports = ['eth0'];
  private seq = 0;

  constructor(
    readonly id: string,
    readonly cfg: StackConfig,
  ) {}

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    ctx.count('rx_frames');
    ctx.count('rx_bytes', packet.bytes.length);
    ctx.deliver(packet, { layer: 'L2', port, decision: `${this.id}'s stack receives the ${packet.bytes.length}-byte frame (netif_receive_skb).`, source: 'netif_receive_skb', reads: ['eth.dst'] });
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name !== 'xmit') return;
    const len = (args.len as number | undefined) ?? 1514;
    const count = (args.count as number | undefined) ?? 1;
    const fill = (args.fill as number | undefined) ?? 0xa5;
    for (let i = 0; i < count; i++) {
      const bytes = buildFrame(this.cfg.peer, this.cfg.mac, len, this.seq++, fill);
      ctx.send('eth0', bytes, { layer: 'L2', decision: `${this.id} sends a ${len}-byte frame #${this.seq - 1} to its virtio-net interface.`, source: 'dev_queue_xmit', detail: { seq: this.seq - 1, len } });
    }
  }
}
