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
  readonly to: PortRef;
  /** Arrival times of each copy that survives the wire: none when lost, two when duplicated. */
  readonly arrivals: readonly Time[];
  readonly lost: boolean;
  readonly startsAt: Time;
}

export class LinkState {
  up = true;
  private busyUntil = new Map<string, Time>();
  /** Bits carried per direction, for utilisation charts. */
  readonly bits = new Map<string, number>();

  constructor(
    readonly spec: LinkSpec,
    private readonly rng: Prng,
  ) {}

  peerOf(from: PortRef): PortRef {
    const { a, b } = this.spec;
    return a.node === from.node && a.port === from.port ? b : a;
  }

  /** Serialise a frame from `from` at `now`; decide loss/duplication with the link's own PRNG. */
  cross(from: PortRef, frameLen: number, now: Time): LinkCrossing {
    const to = this.peerOf(from);
    const dir = `${from.node}:${from.port}`;
    const start = Math.max(now, this.busyUntil.get(dir) ?? 0);
    const bits = wireBytes(frameLen) * 8;
    const serialise = Math.round((bits / this.spec.bandwidthBps) * 1e9);
    this.busyUntil.set(dir, start + serialise);
    this.bits.set(dir, (this.bits.get(dir) ?? 0) + bits);
    const base = start + serialise + this.spec.latencyNs;
    const { loss, duplicate, jitterNs } = this.spec;
    // Draw in a fixed order whatever the settings, so turning one impairment on does
    // not reshuffle the others' random choices.
    const lostDraw = this.rng.next();
    const dupDraw = this.rng.next();
    const j1 = this.rng.next();
    const j2 = this.rng.next();
    if (lostDraw < loss) return { to, arrivals: [], lost: true, startsAt: start };
    const arrivals = [base + Math.round(j1 * jitterNs)];
    if (dupDraw < duplicate) arrivals.push(base + Math.round(j2 * jitterNs) + 1);
    return { to, arrivals, lost: false, startsAt: start };
  }
}
