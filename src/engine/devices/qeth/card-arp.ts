// The card's ARP for the next hops of what its guests send to the LAN (IBM "ARP offload": the
// card, not the guest, resolves IPv4 neighbours): a cache filled from replies and from
// requests for its own addresses, packets held per next hop while one request is out, and
// dropped if no reply comes within a second.
import type { DeviceContext, Packet } from '../../sim/device';
import { mac as parseMacText, parseIp } from '../../frame/address';
import { arpRequest } from '../../frame/packets';
import { lanFrame, type ParsedFrame } from './frames';
import * as say from './words';
import { SRC_ARP } from './osa-steps';

export class CardArp {
  private readonly cache = new Map<string, string>();
  private readonly waiting = new Map<string, { pkt: Packet; frame: ParsedFrame; from: string }[]>();

  constructor(private readonly mac: Uint8Array) {}

  known(ip: string): string | undefined {
    return this.cache.get(ip);
  }

  /** Hold a layer-3 guest's IPv4 packet until `hop` answers; the first one held sends the request. */
  hold(pkt: Packet, f: ParsedFrame, from: string, hop: string, copied: boolean, ctx: DeviceContext): void {
    const ip = f.ip!;
    const held = copied ? ctx.clone(pkt) : pkt;
    const q = this.waiting.get(hop) ?? [];
    q.push({ pkt: held, frame: f, from });
    this.waiting.set(hop, q);
    if (copied) ctx.note('decide', { decision: say.waitingMac(hop), source: SRC_ARP }, held);
    else
      ctx.hold(pkt, {
        decision: say.cardKnowMacYet(hop),
        source: SRC_ARP,
        port: from,
      });
    if (q.length === 1) {
      const src = parseIp(ip.src);
      const dst = parseIp(hop);
      if (src.ok && dst.ok && ip.version === 4) {
        ctx.send('wire', arpRequest({ srcMac: this.mac, srcIp: src.value, targetIp: dst.value }), {
          decision: say.cardAsksTellOwn(hop, ip.src),
          source: SRC_ARP,
        });
      }
      ctx.schedule(1_000_000, `arp ${hop}`, (later) => {
        for (const w of this.waiting.get(hop) ?? [])
          later.drop(w.pkt, {
            decision: say.arpReplyWithinMs(hop),
            source: SRC_ARP,
          });
        this.waiting.delete(hop);
      });
    }
  }

  /** `ip` is at `mac`: remember it and send what was waiting for it. */
  learn(ip: string, mac: string, ctx: DeviceContext): void {
    this.cache.set(ip, mac);
    ctx.set(`arp/${ip}`, mac);
    for (const w of this.waiting.get(ip) ?? []) {
      const bytes = lanFrame({ ipPacket: w.frame.ipPacket!, version: 4, cardMac: this.mac, dstMac: parseMacText(mac) });
      ctx.send('wire', bytes, { decision: say.arpAnsweredHeldPacket(ip, mac), source: SRC_ARP }, w.pkt);
    }
    this.waiting.delete(ip);
  }
}
