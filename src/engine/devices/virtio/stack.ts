// The network stack on either side of the backplane, reduced to what the lab needs: it
// originates Ethernet frames (scripted traffic, or the `xmit` command that builds frames
// of a given size, Ethernet + IPv4 + UDP) and consumes every frame delivered to it
// (netif_receive_skb).
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { ip as ipOf, parseMac, parseIpv4, type IpAddress } from '../../frame/address';
import { buildEthernet, ETH_P } from '../../frame/ethernet';
import { buildIpv4 } from '../../frame/ipv4';
import { buildUdp } from '../../frame/udp';
import * as say from './words';
import { formatMac, isMulticastMac } from '../../frame/address';

export interface StackConfig {
  readonly mac: Uint8Array;
  readonly peer: Uint8Array;
  readonly ip: IpAddress;
  readonly peerIp: IpAddress;
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

function ipOr(r: Reader, def: string): IpAddress {
  const s = r.string({ default: def }) ?? def;
  const a = parseIpv4(s);
  if (!a.ok) {
    r.issues.add(r.path, a.error, 'an IPv4 address like 10.0.0.1');
    return ipOf(def);
  }
  return a.value;
}

export function readStackConfig(r: Reader, _issues: IssueList): StackConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['mac', 'peer', 'ip', 'peerIp']);
  const mac = macOr(r.at('mac'), '02:00:00:00:00:01');
  const first = mac[5] === 1;
  return {
    mac,
    peer: macOr(r.at('peer'), '02:00:00:00:00:02'),
    ip: ipOr(r.at('ip'), first ? '10.0.0.1' : '10.0.0.2'),
    peerIp: ipOr(r.at('peerIp'), first ? '10.0.0.2' : '10.0.0.1'),
  };
}

export const stackCommands = {
  xmit: (args: Reader): void => {
    args.onlyKeys(['len', 'count', 'fill']);
    args.at('len').number({
      default: 1514,
      integer: true,
      min: 60,
      max: 65549,
      hint: 'frame bytes without FCS: Ethernet + IPv4 + UDP, at least 60',
    });
    args.at('count').number({ default: 1, integer: true, min: 1, max: 100000 });
    args.at('fill').number({ default: 0xa5, integer: true, min: 0, max: 255 });
  },
};

/** Bytes of Ethernet + IPv4 + UDP headers before the payload. */
export const FRAME_OVERHEAD = 14 + 20 + 8;

/**
 * An Ethernet II / IPv4 / UDP frame of exactly `len` bytes (no FCS), UDP port 9 (discard):
 * the payload starts with the sequence number (big-endian u32) and is filled after it.
 */
export function buildFrame(cfg: StackConfig, len: number, seq: number, fill: number): Uint8Array {
  const payload = new Uint8Array(Math.max(0, len - FRAME_OVERHEAD));
  for (let i = 0; i < payload.length; i++) payload[i] = (fill + i) & 0xff;
  for (let i = 0; i < 4 && i < payload.length; i++) payload[i] = (seq >>> (24 - 8 * i)) & 0xff;
  const udp = buildUdp({ src: cfg.ip, dst: cfg.peerIp, srcPort: 9, dstPort: 9, payload });
  const ip = buildIpv4({ src: cfg.ip, dst: cfg.peerIp, protocol: 17, id: seq & 0xffff, payload: udp });
  return buildEthernet({ dst: cfg.peer, src: cfg.mac, ethertype: ETH_P.IPV4, payload: ip });
}

export class Stack implements Device {
  readonly ports = ['eth0'];
  private seq = 0;

  constructor(
    readonly id: string,
    readonly cfg: StackConfig,
  ) {}

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    // eth_type_trans marks a unicast frame for another MAC PACKET_OTHERHOST and ip_rcv drops it
    // (a flooded copy from a bridge reaches stacks it is not for).
    const b = packet.bytes;
    if (b.length >= 6 && !isMulticastMac(b, 0) && !b.subarray(0, 6).every((x, i) => x === this.cfg.mac[i])) {
      ctx.count('rx_otherhost');
      ctx.drop(packet, {
        layer: 'L2',
        port,
        decision: say.stackOtherHost(this.id, formatMac(b, 0)),
        source: 'eth_type_trans (PACKET_OTHERHOST) -> ip_rcv drops it',
        reads: ['eth.dst'],
      });
      return;
    }
    ctx.count('rx_frames');
    ctx.count('rx_bytes', packet.bytes.length);
    ctx.deliver(packet, {
      layer: 'L2',
      port,
      decision: say.stackReceivesByteFrame(this.id, packet.bytes.length),
      source: 'netif_receive_skb',
      reads: ['eth.dst', 'ipv4.dst'],
    });
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name !== 'xmit') return;
    const len = (args.len as number | undefined) ?? 1514;
    const count = (args.count as number | undefined) ?? 1;
    const fill = (args.fill as number | undefined) ?? 0xa5;
    for (let i = 0; i < count; i++) {
      const bytes = buildFrame(this.cfg, len, this.seq++, fill);
      ctx.send('eth0', bytes, {
        layer: 'L2',
        decision: say.sendsByteFrameVirtio(this.id, len, this.seq - 1),
        source: 'dev_queue_xmit',
        detail: { seq: this.seq - 1, len },
      });
    }
  }
}
