// Reading a macvlan trace the way the fact sheet's walks are written: which macvlans got
// a copy of one injected frame, whether the lower device's stack got it, how often it
// went on the wire, and whether tcpdump on eth0 saw it.
import type { Step, Trace } from '../../src/engine/sim/types';

/** The origin of the frame traffic item `i` injected (not frames caused by it, like replies). */
export function originOf(t: Trace, i: number): number {
  const f = t.fates.find((x) => x.traffic === i && (x as { cause?: number }).cause === undefined);
  if (!f) throw new Error(`traffic item ${i} injected no frame`);
  return f.origin;
}

export function stepsOf(t: Trace, origin: number, node = 'H'): Step[] {
  return t.steps.filter((s) => s.node === node && s.packet?.origin === origin);
}

export interface Seen {
  /** Macvlan ports that received a copy (sent to the guest, queued in a tap, or tap-PASS). */
  readonly macvlans: string[];
  /** The lower device's own stack received it (RX_HANDLER_PASS and accepted). */
  readonly lowerStack: boolean;
  /** Times it left the host on the lower device. */
  readonly wire: number;
  /** Times tcpdump on eth0 saw it (received or transmitted). */
  readonly tcpdump: number;
}

export function seen(t: Trace, origin: number, lower = 'eth0'): Seen {
  const st = stepsOf(t, origin);
  const macvlans = new Set<string>();
  let lowerStack = false;
  let wire = 0;
  let tcpdump = 0;
  for (const s of st) {
    const d = (s.detail ?? {}) as Record<string, unknown>;
    if (s.kind === 'transmit' && s.port === lower) wire++;
    else if (s.kind === 'transmit' && s.port && !d.read) macvlans.add(s.port);
    if (s.kind === 'decide' && d.tap && !d.read && !d.overflow) macvlans.add(String(d.tap));
    if (s.kind === 'deliver' && d.tap !== undefined) macvlans.add(String(d.tap));
    if (s.kind === 'deliver' && d.rx === 'lower-stack') lowerStack = true;
    if (d.capture === lower) tcpdump++;
  }
  return { macvlans: [...macvlans].sort(), lowerStack, wire, tcpdump };
}

export const counter = (t: Trace, node: string, name: string): number => t.counters[node]?.[name] ?? 0;
