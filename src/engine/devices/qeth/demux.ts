// Where the OSA port puts a frame, as a pure function of the registration table: the
// inbound decision order of the fact sheet (§1.6, from IBM's OSA documentation for
// shared ports, "primary router", "ARP offload") and the outbound port-sharing rules
// (§1.7, §1.12): 1. ARP is answered by the card for registered IPv4 addresses;
// 2. unicast to a registered address goes to its one owner; 3. unicast to an
// unregistered address goes to the primary router, else a secondary router, else it is
// discarded; 4. multicast to the stacks that registered the group; 5. broadcast to the
// stacks with broadcast enabled, never echoed to a sender that asked for echo filtering.
// Layer-2 stacks are found by their registered MAC instead.
import type { CardTable, StackRow } from './card-table';
import * as say from './words';

export type Branch =
  | 'arp' // answered (or ignored) by the card itself
  | 'registered'
  | 'primary'
  | 'secondary'
  | 'drop'
  | 'multicast'
  | 'broadcast'
  | 'l2-mac'
  | 'not-for-port'
  | 'internal'
  | 'isolation-drop'
  | 'isolation-forward'
  | 'to-lan';

export interface FrameFacts {
  readonly dstMac: string;
  readonly srcMac: string;
  readonly ethertype: number;
  readonly arp?: { readonly op: number; readonly spa: string; readonly tpa: string };
  readonly ip?: { readonly version: 4 | 6; readonly src: string; readonly dst: string };
}

/** One node of the decision flow the view draws, and whether this frame took it. */
export interface PathNode {
  readonly id: 'arp' | 'registered' | 'primary' | 'secondary' | 'drop';
  readonly asked: boolean;
  readonly yes: boolean;
}

export interface DemuxResult {
  readonly branch: Branch;
  /** DEVNOs that get a copy, in table order. */
  readonly targets: readonly string[];
  readonly why: string;
  /** Also send on to the LAN (outbound broadcast/multicast, unregistered next hop, isolation forward). */
  readonly toLan?: boolean;
  /** The card answers this ARP request itself for `owner`'s address. */
  readonly arpAnswer?: { readonly ip: string; readonly owner: string };
  /** The table row and key that matched (the view lights it). */
  readonly matched?: { readonly devno: string; readonly key: string };
  readonly path: readonly PathNode[];
  /** Set by the card's `flood` counterfactual (osa.ts): `targets` is every active guest. */
  readonly flooded?: boolean;
}

const BCAST = 'ff:ff:ff:ff:ff:ff';
const isGroupMac = (m: string): boolean => (parseInt(m.slice(0, 2), 16) & 1) === 1;

export function isIpMulticast(ip: string, version: 4 | 6): boolean {
  if (version === 6) return ip.toLowerCase().startsWith('ff');
  const first = Number(ip.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** Limited broadcast, or the directed broadcast of any registered address's subnet. */
export function isIpBroadcast(table: CardTable, ip: string): boolean {
  if (ip === '255.255.255.255') return true;
  const n = v4num(ip);
  if (n === undefined) return false;
  for (const r of table.stacks.values()) {
    for (const [a, e] of r.ips) {
      if (e.version !== 4 || e.prefix >= 31) continue;
      const mask = e.prefix === 0 ? 0 : (0xffffffff << (32 - e.prefix)) >>> 0;
      const an = v4num(a)!;
      if (((an & mask) | (~mask >>> 0)) >>> 0 === n) return true;
    }
  }
  return false;
}

function v4num(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  return p.reduce((acc, x) => ((acc << 8) | Number(x)) >>> 0, 0);
}

const active = (t: CardTable, layer: 2 | 3): StackRow[] =>
  [...t.stacks.values()].filter((r) => r.active && r.layer === layer);

const P = (id: PathNode['id'], asked: boolean, yes: boolean): PathNode => ({ id, asked, yes });

/** A frame that arrived on the port from the LAN. */
export function demuxFromLan(t: CardTable, cardMac: string, f: FrameFacts): DemuxResult {
  const l2 = active(t, 2);
  const l2target = l2.find((r) => r.vmac === f.dstMac);
  if (l2target) {
    return {
      branch: 'l2-mac',
      targets: [l2target.devno],
      why: say.destinationMacRegisteredSetvmac(f.dstMac, l2target.devno),
      matched: { devno: l2target.devno, key: 'vmac' },
      path: [],
    };
  }
  const bcastMac = f.dstMac === BCAST;
  // Layer-2 stacks get broadcasts (rx_bcast is on by default) and the group MACs they
  // registered with SETGMAC.
  const l2bcast = bcastMac
    ? l2.map((r) => r.devno)
    : isGroupMac(f.dstMac)
      ? l2.filter((r) => r.gmacs.has(f.dstMac)).map((r) => r.devno)
      : [];
  if (f.arp) {
    if (f.arp.op !== 1)
      return {
        branch: 'arp',
        targets: l2bcast,
        why: say.arpReplyCardArp(f.arp.spa),
        path: [P('arp', true, true)],
      };
    const owner = t.ownerOf(f.arp.tpa);
    if (owner && owner.layer === 3) {
      return {
        branch: 'arp',
        targets: l2bcast,
        why: say.arpRegisteredDevnoCard(f.arp.tpa, owner.devno, cardMac),
        arpAnswer: { ip: f.arp.tpa, owner: owner.devno },
        matched: { devno: owner.devno, key: `ip/${f.arp.tpa}` },
        path: [P('arp', true, true)],
      };
    }
    return {
      branch: 'arp',
      targets: l2bcast,
      why: say.arpStackPortRegistered(l2bcast, f.arp.tpa),
      path: [P('arp', true, true)],
    };
  }
  if (!bcastMac && !isGroupMac(f.dstMac) && f.dstMac !== cardMac) {
    return {
      branch: 'not-for-port',
      targets: [],
      why: say.destinationMacNeitherCard(f.dstMac, cardMac),
      path: [],
    };
  }
  if (!f.ip) {
    return {
      branch: 'not-for-port',
      targets: l2bcast,
      why: say.etherTypeIPv4IPv6Arp(f.ethertype.toString(16).padStart(4, '0')),
      path: [],
    };
  }
  const { version, dst } = f.ip;
  if (bcastMac || (version === 4 && isIpBroadcast(t, dst))) {
    const to = active(t, 3)
      .filter((r) => r.broadcast)
      .map((r) => r.devno);
    return {
      branch: 'broadcast',
      targets: [...to, ...l2bcast],
      why: say.broadcastCopiedGuestBroadcast(l2bcast, dst, to.length),
      path: [P('arp', true, false)],
    };
  }
  if (isIpMulticast(dst, version)) {
    const to = active(t, 3)
      .filter((r) => r.groups.has(dst))
      .map((r) => r.devno);
    const all = [...to, ...l2bcast];
    return {
      branch: all.length ? 'multicast' : 'drop',
      targets: all,
      why: !all.length
        ? say.multicastGroupGuestRegistered(dst)
        : l2bcast.length
          ? say.multicastGroupCopiedMixed(to, l2bcast, dst, f.dstMac)
          : say.multicastGroupCopiedGuest(to, dst),
      path: [P('arp', true, false)],
    };
  }
  return unicast(t, dst, version);
}

function unicast(t: CardTable, dst: string, version: 4 | 6): DemuxResult {
  const owner = t.ownerOf(dst);
  if (owner) {
    return {
      branch: 'registered',
      targets: [owner.devno],
      why: say.registeredDevnoCopiedInto(dst, owner.devno),
      matched: { devno: owner.devno, key: `ip/${dst}` },
      path: [P('arp', true, false), P('registered', true, true)],
    };
  }
  const r = t.router(version);
  const asked = [P('arp', true, false), P('registered', true, false)];
  if (r?.role === 'primary_router') {
    return {
      branch: 'primary',
      targets: [r.row.devno],
      why: say.registeredDevnoIPvPrimary(dst, r.row.devno, version),
      matched: { devno: r.row.devno, key: `route${version}` },
      path: [...asked, P('primary', true, true)],
    };
  }
  if (r?.role === 'secondary_router') {
    return {
      branch: 'secondary',
      targets: [r.row.devno],
      why: say.registeredPrimaryRouterSecondary(dst, r.row.devno),
      matched: { devno: r.row.devno, key: `route${version}` },
      path: [...asked, P('primary', true, false), P('secondary', true, true)],
    };
  }
  return {
    branch: 'drop',
    targets: [],
    why: say.registeredPrimaryRouterSecondary2(dst),
    path: [...asked, P('primary', true, false), P('secondary', true, false), P('drop', true, true)],
  };
}

/**
 * A frame a guest put in its output queue. In layer 3 the card reads the next hop from
 * the qeth header (`next` here). Port sharing: a next hop registered by another stack
 * is delivered internally, unless isolation says drop or forward (IBM "Isolating data
 * connections": isolation applies if either stack is isolated; multicast and broadcast
 * are then not delivered internally).
 */
export function demuxFromGuest(t: CardTable, sender: string, f: FrameFacts, next?: string): DemuxResult {
  const me = t.stacks.get(sender);
  const isolated = (r: StackRow | undefined): boolean => !!r && r.isolation !== 'none';
  if (me?.layer === 2) {
    const peer = active(t, 2).find((r) => r.devno !== sender && r.vmac === f.dstMac);
    if (peer)
      return pairwise(me, peer, say.destinationMacRegisteredLayer(f.dstMac, peer.devno), {
        devno: peer.devno,
        key: 'vmac',
      });
    if (f.dstMac === BCAST || isGroupMac(f.dstMac)) {
      const bc = f.dstMac === BCAST;
      const to = isolated(me)
        ? []
        : active(t, 2)
            .filter((r) => r.devno !== sender && !isolated(r) && (bc || r.gmacs.has(f.dstMac)))
            .map((r) => r.devno);
      return {
        branch: bc ? 'broadcast' : 'multicast',
        targets: to,
        toLan: true,
        why: bc
          ? say.broadcastLayerDevnoLan(sender, to.length)
          : say.groupMacLayerDevnoLan(sender, f.dstMac, to.length),
        path: [],
      };
    }
    return {
      branch: 'to-lan',
      targets: [],
      toLan: true,
      why: say.destinationMacRegisteredPort(f.dstMac),
      path: [],
    };
  }
  if (!f.ip) return { branch: 'drop', targets: [], why: say.layerGuestSendIp(), path: [] };
  const { version, dst } = f.ip;
  const hop = next ?? dst;
  if (f.dstMac === BCAST || (version === 4 && isIpBroadcast(t, dst))) {
    const to = isolated(me)
      ? []
      : active(t, 3)
          .filter((r) => r.broadcast && !isolated(r) && (r.devno !== sender || !r.echoFilter))
          .map((r) => r.devno);
    return {
      branch: 'broadcast',
      targets: to,
      toLan: true,
      why: say.broadcastLanGuestPort(me, isolated, dst, to.length),
      path: [],
    };
  }
  if (isIpMulticast(dst, version)) {
    const to = isolated(me)
      ? []
      : active(t, 3)
          .filter((r) => r.devno !== sender && !isolated(r) && r.groups.has(dst))
          .map((r) => r.devno);
    return {
      branch: 'multicast',
      targets: to,
      toLan: true,
      why: say.multicastLanGuestPort(dst, to.length),
      path: [],
    };
  }
  const owner = t.ownerOf(hop);
  if (!owner || owner.devno === sender) {
    return {
      branch: 'to-lan',
      targets: [],
      toLan: true,
      why: version === 6 ? say.nextHop6NotOnPort(hop) : say.nextHopRegisteredPort(hop),
      path: [],
    };
  }
  return pairwise(me, owner, say.nextHopRegisteredDevno(hop, owner.devno), {
    devno: owner.devno,
    key: `ip/${hop}`,
  });
}

function pairwise(
  me: StackRow | undefined,
  peer: StackRow,
  what: string,
  matched: { devno: string; key: string },
): DemuxResult {
  const iso = (r: StackRow | undefined): string => r?.isolation ?? 'none';
  if (iso(me) === 'drop' || iso(peer) === 'drop') {
    const who = iso(me) === 'drop' ? `the sender DEVNO ${me?.devno}` : `DEVNO ${peer.devno}`;
    return {
      branch: 'isolation-drop',
      targets: [],
      why: say.isolationDropCardDiscards(what, who),
      matched,
      path: [],
    };
  }
  if (iso(me) === 'forward' || iso(peer) === 'forward') {
    const who = iso(me) === 'forward' ? `the sender DEVNO ${me?.devno}` : `DEVNO ${peer.devno}`;
    return {
      branch: 'isolation-forward',
      targets: [],
      toLan: true,
      why: say.isolationForwardCardSends(what, who),
      matched,
      path: [],
    };
  }
  return {
    branch: 'internal',
    targets: [peer.devno],
    why: say.deliveredInsideCardBypassing(what),
    matched,
    path: [],
  };
}
