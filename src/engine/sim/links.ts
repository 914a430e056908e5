// Point-to-point links with bandwidth, propagation latency and optional impairments.
// Each direction serialises frames one after another (a busy-until time), so a link
// that carries a frame twice (VEPA hairpin) shows the cost in its utilisation.
import type { PortRef, Time } from './types';
import type { Prng } from './prng';

export interface LinkSpec {
  readonly id: string;
  readonly a: PortRef;
  readonly b: PortRef;
  readonly bandwidthBps: number;
  readonly latencyNs: Time;
  /** Probability in [0,1] that a frame is lost on the wire. */
  readonly loss: number;
  /** Probability in [0,1] that a frame is delivered twice. */
  readonly duplicate: number;
  /** Maximum extra random delay per frame; frames can overtake each other when > 0. */
  readonly jitterNs: Time;
}

/** Bytes a frame occupies on an Ethernet wire: padding to 60, FCS 4, preamble+SFD 8, gap 12. */
export const wireBytes = (frameLen: number): number => Math.max(frameLen, 60) + 4 + 8 + 12;

export interface LinkCrossing {
  /** Arrival time of the copy that survives the wire (the first, when duplicated). */
  readonly arrives: Time;
  /** Arrival time of the duplicate, if the wire duplicated the frame. */
  readonly duplicateArrives?: Time;
  readonly lost: boolean;
  readonly startsAt: Time;
}

/** One direction of a link: when its wire is next free, and the bits it has carried. */
interface Direction {
  busyUntil: Time;
  bits: number;
}

export class LinkState {
  up = true;
  /** From a to b, and from b to a. */
  private readonly ab: Direction = { busyUntil: 0, bits: 0 };
  private readonly ba: Direction = { busyUntil: 0, bits: 0 };
  /** Directions in the order they first carried a frame (the order counters list them). */
  private readonly used: ('ab' | 'ba')[] = [];

  constructor(
    readonly spec: LinkSpec,
    /** Position in the scenario's links: how a trace step names the link it crosses. */
    readonly index: number,
    private readonly rng: Prng,
  ) {}

  /** True when `port` of `node` is the link's `a` end. */
  isA(node: string, port: string): boolean {
    return this.spec.a.node === node && this.spec.a.port === port;
  }

  /** Bits carried per direction (`<node>:<port>` it left from), for utilisation charts. */
  get bits(): ReadonlyMap<string, number> {
    const { a, b } = this.spec;
    return new Map(
      this.used.map((d) =>
        d === 'ab' ? [`${a.node}:${a.port}`, this.ab.bits] : [`${b.node}:${b.port}`, this.ba.bits],
      ),
    );
  }

  /** What `cross` answers, refilled by every call (it runs for every frame a link carries). */
  private readonly crossing: { arrives: Time; duplicateArrives: Time | undefined; lost: boolean; startsAt: Time } = {
    arrives: 0,
    duplicateArrives: undefined,
    lost: false,
    startsAt: 0,
  };

  /**
   * Serialise a frame leaving the `a` end (or the `b` end) at `now`; decide loss/duplication
   * with the link's own PRNG. The answer is valid until the next call.
   */
  cross(fromA: boolean, frameLen: number, now: Time): LinkCrossing {
    const dir = fromA ? this.ab : this.ba;
    const start = Math.max(now, dir.busyUntil);
    const bits = wireBytes(frameLen) * 8;
    const serialise = Math.round((bits / this.spec.bandwidthBps) * 1e9);
    dir.busyUntil = start + serialise;
    if (dir.bits === 0) this.used.push(fromA ? 'ab' : 'ba');
    dir.bits += bits;
    const base = start + serialise + this.spec.latencyNs;
    const { loss, duplicate, jitterNs } = this.spec;
    // Draw in a fixed order whatever the settings, so turning one impairment on does
    // not reshuffle the others' random choices.
    const lostDraw = this.rng.next();
    const dupDraw = this.rng.next();
    const j1 = this.rng.next();
    const j2 = this.rng.next();
    const c = this.crossing;
    c.startsAt = start;
    c.lost = lostDraw < loss;
    c.arrives = c.lost ? start : base + Math.round(j1 * jitterNs);
    c.duplicateArrives = !c.lost && dupDraw < duplicate ? base + Math.round(j2 * jitterNs) + 1 : undefined;
    return c;
  }
}
