// An 802.1Q learning bridge as Linux's bridge does it: br_handle_frame (drop invalid
// sources), br_allowed_ingress (VLAN), br_fdb_update (learn), then br_forward for a
// known unicast destination or br_flood for broadcast, multicast and unknown unicast.
// should_deliver never sends a frame back out the port it came in on.
import { formatMac, isMulticastMac } from '../../frame/address';
import { parseEthernet, type EthernetHeader } from '../../frame/ethernet';
import { FrameParseError } from '../../frame/errors';
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { BridgeConfig, BridgePortConfig } from './config';
import { Fdb } from './fdb';
import { carries, classifyIngress, egressBytes } from './vlan';

const SRC = 'net/bridge/br_input.c br_handle_frame_finish';

export class Bridge implements Device {
  readonly ports: readonly string[];
  private readonly byName: ReadonlyMap<string, BridgePortConfig>;
  private readonly fdb: Fdb;
  private readonly down = new Set<string>();

  constructor(
    readonly id: string,
    readonly cfg: BridgeConfig,
  ) {
    this.ports = cfg.ports.map((p) => p.name);
    this.byName = new Map(cfg.ports.map((p) => [p.name, p]));
    this.fdb = new Fdb(cfg.ageingNs);
  }

  start(ctx: DeviceContext): void {
    for (const p of this.cfg.ports) ctx.set(`port/${p.name}`, { mode: p.mode, pvid: p.pvid ?? null, vlans: p.vlans });
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    const inPort = this.byName.get(port)!;
    let eth: EthernetHeader;
    try {
      eth = parseEthernet(packet.bytes);
    } catch (e) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, { decision: `Malformed frame: ${e instanceof FrameParseError ? e.message : String(e)}.`, source: 'br_handle_frame', port, layer: 'L2' });
    }
    const src = formatMac(eth.src);
    const dst = formatMac(eth.dst);
    if (isMulticastMac(eth.src) || eth.src.every((b) => b === 0)) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, { decision: `Source ${src} is ${isMulticastMac(eth.src) ? 'a multicast address' : 'all zeros'}: no station can send from it, so the bridge drops the frame.`, source: 'br_handle_frame (is_valid_ether_addr)', port, layer: 'L2', reads: ['eth.src'] });
    }
    const ing = classifyIngress(inPort, eth, this.cfg.vlanFiltering);
    if (!ing.ok) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, { decision: `VLAN ingress filter: ${ing.why}.`, source: 'br_allowed_ingress', port, layer: 'L2', reads: eth.tags.length ? ['vlan[0].vid'] : ['eth.type'] });
    }
    const vid = ing.vid;
    const learned = this.fdb.learn(src, vid, port, ctx);
    if (learned.result === 'new' || learned.result === 'moved') {
      ctx.note('decide', {
        decision: learned.result === 'new' ? `Learn: ${src} is on ${port}${this.vlanText(vid)} (new FDB entry).` : `Learn: ${src} moved from ${learned.from} to ${port}${this.vlanText(vid)}; the FDB entry follows it.`,
        source: 'br_fdb_update',
        port,
        layer: 'L2',
        reads: ['eth.src'],
        detail: { fdb: { mac: src, vid, port } },
      }, packet);
    }
    if (isMulticastMac(eth.dst)) {
      const kind = eth.dst.every((b) => b === 0xff) ? 'broadcast' : 'multicast';
      return this.flood(packet, port, vid, ing.tagged, `${dst} is ${kind}`, ctx);
    }
    const hit = this.fdb.lookup(dst, vid, ctx);
    if (hit.port === undefined) {
      const why = hit.expired ? `${dst}'s FDB entry (on ${hit.expired.port}) has aged out, so it is unknown unicast` : `${dst} is not in the FDB${this.vlanText(vid)} (unknown unicast)`;
      return this.flood(packet, port, vid, ing.tagged, why, ctx);
    }
    if (hit.port === port) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, { decision: `${dst} is on ${port}, the port the frame came in on: it is already on that segment, and a bridge never sends a frame back out its ingress port.`, source: 'br_forward (should_deliver: skb->dev != p->dev)', port, layer: 'L2', reads: ['eth.dst'] });
    }
    if (this.down.has(hit.port)) {
      return ctx.drop(packet, { decision: `${dst} is on ${hit.port}, whose link is down.`, source: 'br_forward (should_deliver: port state)', port, layer: 'L2', reads: ['eth.dst'] });
    }
    const out = this.byName.get(hit.port)!;
    ctx.count('tx_forwarded');
    ctx.send(hit.port, egressBytes(out, vid, packet.bytes, ing.tagged, this.cfg.vlanFiltering), {
      decision: `${dst} is known on ${hit.port}${this.vlanText(vid)}: forward there only.`,
      source: 'br_forward',
      layer: 'L2',
      reads: ['eth.dst'],
    }, packet);
  }

  private flood(packet: Packet, inPort: string, vid: number, taggedIn: boolean, why: string, ctx: DeviceContext): void {
    const outs = this.cfg.ports.filter((p) => p.name !== inPort && !this.down.has(p.name) && (!this.cfg.vlanFiltering || carries(p, vid)));
    if (outs.length === 0) {
      ctx.count('rx_dropped');
      return ctx.drop(packet, { decision: `${why}; flood, but no other port is up${this.cfg.vlanFiltering ? ` and a member of VLAN ${vid}` : ''}: nowhere to send it.`, source: 'br_flood', port: inPort, layer: 'L2', reads: ['eth.dst'] });
    }
    const names = outs.map((p) => p.name).join(', ');
    outs.forEach((p, i) => {
      ctx.count('tx_flooded');
      ctx.send(p.name, egressBytes(p, vid, packet.bytes, taggedIn, this.cfg.vlanFiltering), {
        decision: i === 0 ? `${why}: flood to every other port${this.cfg.vlanFiltering ? ` in VLAN ${vid}` : ''} (${names}), never back out ${inPort}.` : `Flood copy ${i + 1} of ${outs.length} to ${p.name}.`,
        source: 'br_flood',
        layer: 'L2',
        reads: ['eth.dst'],
      }, packet);
    });
  }

  linkChanged(port: string, up: boolean, ctx: DeviceContext): void {
    if (up) {
      this.down.delete(port);
      ctx.set(`link/${port}`, undefined);
      return;
    }
    this.down.add(port);
    ctx.set(`link/${port}`, 'down');
    const n = this.fdb.flushPort(port, ctx);
    ctx.note('state', { decision: `${port} lost its link: the bridge stops forwarding there and forgets the ${n} FDB entr${n === 1 ? 'y' : 'ies'} learned on it.`, source: 'br_port_carrier_check / br_fdb_delete_by_port', port, layer: 'L1' });
  }

  private vlanText(vid: number): string {
    return this.cfg.vlanFiltering ? ` in VLAN ${vid}` : '';
  }
}
