// The agent's posted writes to host DRAM as trace steps: each lands one latency after issue,
// at its own time and in order (posted-writes.ts keeps the queue), and a read the agent
// issues drains the ones still in flight first, by PCI ordering.
import { PostedWrites } from './posted-writes';
import { hex } from './ram';
import type { StepOut } from './record';
import * as say from './words';

interface Bus {
  hardware(delay: number, label: string, fn: () => void): void;
  now(): number;
  step(s: StepOut): void;
}

export function agentPostedWrites(bp: Bus, latencyNs: number): PostedWrites {
  const p = new PostedWrites(latencyNs, 'agent');
  p.schedule = (landAt) =>
    bp.hardware(landAt - bp.now(), 'posted writes land', () => {
      const landed = p.landDue(bp.now());
      if (landed.count === 0) return;
      bp.step({
        layer: 'bus',
        kind: 'state',
        decision: say.postedWritesLand(
          landed.addrs.map((a) => hex(a)),
          latencyNs,
          p.inFlight,
        ),
        source: 'PCI posted write (agent -> host DRAM) lands',
        detail: { op: 'posted-land', addrs: landed.addrs, inFlight: p.inFlight, from: 'agent', to: 'host' },
      });
    });
  p.ownReadDrained = (landed, what) =>
    bp.step({
      layer: 'bus',
      kind: 'state',
      decision: say.ownReadDrainsPosted(
        what,
        landed.addrs.map((a) => hex(a)),
      ),
      source: 'PCI posted write ordering: a read request does not pass a posted write',
      detail: { op: 'posted-drain', by: 'agent', addrs: landed.addrs, from: 'agent', to: 'host' },
    });
  return p;
}
