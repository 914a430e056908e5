// Where a frame goes out: br_forward for a known destination, br_flood for the rest, both
// through should_deliver (net/bridge/br_forward.c):
//   ((p->flags & BR_HAIRPIN_MODE) || skb->dev != p->dev) && state FORWARDING &&
//   br_allowed_egress(vlan) && !br_skb_isolated(p, skb)
// plus br_flood's per-kind flags (BR_FLOOD unknown unicast, BR_MCAST_FLOOD, BR_BCAST_FLOOD).
// Then each surviving copy meets the port policy (acl.ts); count and mirror act on the way.
import { later, type Deferred, type DeviceContext, type Packet, type StepFacts } from '../../sim/device';
import { formatMac } from '../../frame/address';
import { carries, egressBytes } from './vlan';
import {
  evaluatePolicy,
  describeRule,
  frameFacts,
  isOpen,
  OPEN_VERDICT,
  type AclVerdict,
  type FrameFacts,
} from './acl';
import { toWire } from './schannel';
import { shiftVlanReads } from './reads';
import type { PortRuntime } from './port-table';
import type { Bridge } from './bridge';
import * as say from './words';

/** One frame on its way out of the bridge: what every egress decision reads. */
export class Egress {
  private parsedFacts?: FrameFacts;

  constructor(
    readonly bridge: Bridge,
    readonly inP: PortRuntime,
    readonly packet: Packet,
    /** The frame as the bridge switches it (S-tag already removed on S-channel ports). */
    readonly bytes: Uint8Array,
    readonly vid: number,
    readonly tagged: boolean,
    /** The VLAN an ACL's `vlan` match compares with. */
    private readonly factVlan: number,
    readonly ctx: DeviceContext,
  ) {}

  /** The fields ACL rules match, parsed only when a rule needs them. */
  get facts(): FrameFacts {
    return (this.parsedFacts ??= frameFacts(this.bytes, this.factVlan));
  }
}

const POLICY_SRC = 'switch port ACL (nftables bridge family forward chain, NF_BR_FORWARD in __br_forward)';

/** Why should_deliver refuses `out`, or undefined when it may carry the frame. */
function refuse(e: Egress, out: PortRuntime): string | undefined {
  const b = e.bridge;
  if (out.name === e.inP.name && !out.flags.hairpin) return say.ingressPortHairpinOff(out.name);
  if (b.down.has(out.phys)) return `${out.phys}'s link is down`;
  if (b.cfg.vlanFiltering && !carries(out.vlan, e.vid)) return `${out.name} is not in VLAN ${e.vid}`;
  if (e.inP.flags.isolated && out.flags.isolated) return `${e.inP.name} and ${out.name} are both isolated`;
  return undefined;
}

function policy(e: Egress, out: PortRuntime): AclVerdict {
  // Both ports open (the common case): the verdict needs no lookup and no closure.
  if (isOpen(e.inP.policy) && isOpen(out.policy)) return OPEN_VERDICT;
  const v = evaluatePolicy(
    (p) => e.bridge.policyOf(p),
    e.inP.name,
    out.name,
    () => e.facts,
  );
  const t = e.bridge.table;
  for (const h of v.counted) t.hit(e.ctx, h.port, h.rule.id);
  for (const h of v.mirrored) t.hit(e.ctx, h.port, h.rule.id);
  if (v.decidedBy) t.hit(e.ctx, v.decidedBy.port, v.decidedBy.rule.id);
  for (const m of v.mirrored) mirror(e, m.rule.mirrorTo!, describeRule(m.port, m.rule));
  return v;
}

const READS_DST: readonly string[] = ['eth.dst'];

/** Copies that leave by an S-channel get their S-tag back; the words say so. */
const channelText = (out: PortRuntime): string =>
  out.channel ? say.leavingChannelScidTag(out.channel.scid, out.channel.svid) : '';

/** The common case, a known unicast destination forwarded on: worded only when read. */
interface KnownUnicast {
  readonly out: string;
  readonly vlan: string;
  readonly allowed: string;
  readonly channel: string;
}
const knownUnicast = (a: KnownUnicast, at: StepFacts): string =>
  say.knownForward(at.bytes ? formatMac(at.bytes, 0) : '?', a.out, a.vlan, a.allowed, a.channel);

/**
 * A plain known-unicast copy (no S-channel, no ACL rule involved): its facts name the
 * ingress port too, so they make the step's detail when it is read. The detail is then no
 * object of its own per port pair, which the recorder would have to look up by identity
 * on every frame; the facts are found by port index.
 */
interface PlainForward extends KnownUnicast {
  readonly in: string;
}
const plainForwardDetail = (a: PlainForward): Record<string, unknown> => ({ reflected: false, out: a.out, in: a.in });

function verdictText(v: AclVerdict): string {
  if (v.decidedBy) return `${describeRule(v.decidedBy.port, v.decidedBy.rule)} decides ${v.verdict}`;
  if (v.defaultOf) return say.ruleDecidedDefaultDeny(v.defaultOf);
  return '';
}

function mirror(e: Egress, to: string, why: string): void {
  const out = e.bridge.table.get(to);
  if (!out || e.bridge.down.has(out.phys)) return;
  e.bridge.counters.bump(e.ctx, out.name, 'mirrored');
  e.ctx.send(
    out.phys,
    wireBytes(e, out),
    {
      decision: say.mirrorCopiesFrameSpan(why, to),
      source: POLICY_SRC,
      layer: 'L2',
      detail: { mirror: to },
    },
    e.packet,
  );
}

function wireBytes(e: Egress, out: PortRuntime): Uint8Array {
  const b = egressBytes(out.vlan, e.vid, e.bytes, e.tagged, e.bridge.cfg.vlanFiltering);
  return out.channel ? toWire(b, out.channel.svid) : b;
}

/** The detail of a plain forwarded copy, one shared object per (ingress, egress) pair. */
function detailOf(e: Egress, out: PortRuntime, v: AclVerdict): Readonly<Record<string, unknown>> {
  const reflected = out.name === e.inP.name;
  if (out.channel || v.decidedBy || v.counted.length) {
    return {
      reflected,
      out: out.name,
      in: e.inP.name,
      ...(out.channel && { vport: out.name, svid: out.channel.svid }),
      ...(v.decidedBy || v.counted.length ? { acl: { verdict: v.verdict, by: v.decidedBy?.rule.id ?? null } } : {}),
    };
  }
  // An array by port index, not a Map keyed by the port object: this runs for every frame.
  const perIn = (e.inP.plainDetail ??= []);
  return (perIn[out.index] ??= Object.freeze({ reflected, out: out.name, in: e.inP.name }));
}

/** Send one copy out of `out`; `decision` already says which S-channel it leaves by, if any. */
function send(
  e: Egress,
  out: PortRuntime,
  decision: string | Deferred<KnownUnicast> | Deferred<PlainForward>,
  source: string,
  v: AclVerdict,
): void {
  const reflected = out.name === e.inP.name;
  const c = e.bridge.counters;
  c.bump(e.ctx, out.name, 'tx');
  if (reflected) c.bump(e.ctx, out.name, 'reflected');
  e.ctx.send(
    out.phys,
    wireBytes(e, out),
    {
      decision,
      source,
      layer: 'L2',
      // Bytes leaving by an S-channel carry the S-tag outermost: C-tag paths shift by one.
      reads:
        v.reads.length === 0 && !out.channel ? READS_DST : shiftVlanReads(['eth.dst', ...v.reads], out.channel ? 1 : 0),
      detail: typeof decision === 'string' || !decision.detail ? detailOf(e, out, v) : undefined,
    },
    e.packet,
  );
}

export function forwardKnown(e: Egress, out: PortRuntime, dst: string): void {
  const { ctx, inP, packet, bridge } = e;
  const vlan = bridge.vlanText(e.vid);
  const no = refuse(e, out);
  if (no) {
    // br_forward: should_deliver false → `out: kfree_skb(skb)`. No interface counter and no
    // bridge statistic moves; only the trace records the drop.
    if (out.name === inP.name && !out.flags.hairpin) {
      return ctx.drop(packet, {
        decision: say.portFrameCameAlready(dst, out.name),
        source: 'br_forward (should_deliver: skb->dev != p->dev, BR_HAIRPIN_MODE off)',
        port: inP.phys,
        layer: 'L2',
        reads: ['eth.dst'],
        detail: { rule: 'never-out-ingress', port: out.name },
      });
    }
    return ctx.drop(packet, {
      decision: say.forwardKnownWords(dst, out.name, no),
      source: 'br_forward (should_deliver)',
      port: inP.phys,
      layer: 'L2',
      reads: ['eth.dst'],
      detail: { rule: 'should-deliver', why: no },
    });
  }
  const v = policy(e, out);
  if (v.verdict === 'deny') {
    bridge.counters.bump(ctx, inP.name, 'denied');
    return ctx.drop(packet, {
      decision: say.policyFrameSentOut(verdictText(v), dst, out.name),
      source: POLICY_SRC,
      port: inP.phys,
      layer: 'L2',
      reads: [...v.reads],
      detail: { acl: { verdict: 'deny', by: v.decidedBy?.rule.id ?? null }, port: out.name, reflected: false },
    });
  }
  ctx.count('tx_forwarded');
  const allowed = v.decidedBy ? ` (${verdictText(v)})` : '';
  if (out.name === inP.name) {
    return send(
      e,
      out,
      say.knownPortCameHairpin(dst, out.name, vlan, allowed, channelText(out)),
      'br_forward (should_deliver: BR_HAIRPIN_MODE)',
      v,
    );
  }
  const plain = !out.channel && !v.decidedBy && v.counted.length === 0;
  send(
    e,
    out,
    plain
      ? later(knownUnicast, plainForwardFacts(e, out, vlan), plainForwardDetail)
      : later(knownUnicast, knownUnicastFacts(out, vlan, allowed)),
    'br_forward',
    v,
  );
}

/** The facts of a plain forward from `e`'s ingress port to `out`: one frozen object per port pair (and VLAN text). */
function plainForwardFacts(e: Egress, out: PortRuntime, vlan: string): PlainForward {
  const perIn = (e.inP.plainForward ??= []) as (PlainForward | undefined)[];
  let a = perIn[out.index];
  if (!a || a.vlan !== vlan)
    perIn[out.index] = a = Object.freeze({ out: out.name, vlan, allowed: '', channel: '', in: e.inP.name });
  return a;
}

/** The facts of a forward, shared by every frame with the same ones (a long run keeps one object, not one per frame). */
function knownUnicastFacts(out: PortRuntime, vlan: string, allowed: string): KnownUnicast {
  if (allowed !== '') return { out: out.name, vlan, allowed, channel: channelText(out) };
  const cache = (out.knownUnicast ??= new Map());
  let a = cache.get(vlan) as KnownUnicast | undefined;
  if (!a) cache.set(vlan, (a = Object.freeze({ out: out.name, vlan, allowed, channel: channelText(out) })));
  return a;
}

const FLOOD_FLAG = { unicast: 'flood', multicast: 'mcastFlood', broadcast: 'bcastFlood' } as const;

export function flood(e: Egress, kind: 'unicast' | 'multicast' | 'broadcast', why: string, localRcv = false): void {
  const { ctx, inP, packet, bridge } = e;
  const skipped: string[] = [];
  const outs: PortRuntime[] = [];
  for (const p of bridge.table.all()) {
    const no = refuse(e, p) ?? (p.flags[FLOOD_FLAG[kind]] ? undefined : `${p.name} has ${FLOOD_FLAG[kind]} off`);
    if (no) {
      if (p.name !== inP.name || p.flags.hairpin) skipped.push(no);
    } else outs.push(p);
  }
  const allowed: PortRuntime[] = [];
  const verdicts = new Map<string, AclVerdict>();
  for (const p of outs) {
    const v = policy(e, p);
    if (v.verdict === 'deny') {
      bridge.counters.bump(ctx, inP.name, 'denied');
      skipped.push(`policy denies ${p.name}: ${verdictText(v)}`);
    } else {
      verdicts.set(p.name, v);
      allowed.push(p);
    }
  }
  const vlanText = bridge.cfg.vlanFiltering ? ` in VLAN ${e.vid}` : '';
  const also = skipped.length ? ` Not to: ${skipped.join('; ')}.` : '';
  if (allowed.length === 0) {
    // br_flood: no port passed maybe_deliver (prev == NULL) → `out: kfree_skb(skb)`, silently
    // (with local_rcv the skb is not freed but goes up br0; here its clone does).
    const denied = skipped.some((s) => s.startsWith('policy denies'));
    return ctx.drop(packet, {
      decision: say.floodOtherPortUp(vlanText, e, why, also) + (localRcv ? say.onlyLocalCopyLeft(bridge.id) : ''),
      source: denied ? POLICY_SRC : 'br_flood',
      port: inP.phys,
      layer: 'L2',
      reads: ['eth.dst'],
      ...(denied && { detail: { acl: { verdict: 'deny', by: null } } }),
    });
  }
  const names = allowed.map((p) => p.name).join(', ');
  const hairpin = allowed.some((p) => p.name === inP.name);
  const head = hairpin
    ? say.floodIncludingItselfBecause(why, names, inP.name, vlanText)
    : say.floodOtherPortNever(why, vlanText, names, inP.name);
  allowed.forEach((p, i) => {
    ctx.count('tx_flooded');
    const reflect = p.name === inP.name ? say.copyGoesBackOut(p.name) : '';
    send(
      e,
      p,
      (i === 0 ? head + also : `Flood copy ${i + 1} of ${allowed.length} to ${p.name}.`) + reflect + channelText(p),
      p.name === inP.name ? 'br_flood (maybe_deliver → should_deliver: BR_HAIRPIN_MODE)' : 'br_flood',
      verdicts.get(p.name)!,
    );
  });
}
