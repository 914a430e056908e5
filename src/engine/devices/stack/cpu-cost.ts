// The CPU a node's kernel spends on the frames it handles in software, for the lessons
// that weigh CPU against wire (issue 18): the host switching guest-to-guest frames in
// macvlan bridge mode against VEPA sending them out and back, every guest parsing a
// flooded frame against the OSA card's table handing it to one.
//
// It is a model with stated parameters, not a measurement: each node that opts in with
// `"cpu": {"perFrame": "1us", "perByte": 0.25}` is charged perFrame + perByte x length
// for every frame its software handles (a receive into its stack, a transmit by it, a
// pass through a software switch, a copy). Order of magnitude from the kernel's own
// accounting: a few hundred ns to a few us of softirq work per packet on the receive or
// forwarding path, and a copy at some GB/s (0.1 to 0.5 ns a byte). Nodes without `cpu`
// are charged nothing and their traces do not change.
import type { DeviceContext } from '../../sim/device';
import type { Reader } from '../../scenario/read';

export interface CpuCost {
  readonly perFrameNs: number;
  /** Nanoseconds per byte of frame (a copy, a checksum, a parse touch every byte). */
  readonly perByteNs: number;
}

const HINT = '{"perFrame": "1us", "perByte": 0.25}: ns of CPU per frame handled, plus ns per byte';

/** Read the optional `cpu` key of a node's config; absent means no accounting. */
export function readCpuCost(r: Reader): CpuCost | undefined {
  if (!r.has('cpu')) return undefined;
  const c = r.at('cpu');
  if (!c.object(HINT)) return undefined;
  c.onlyKeys(['perFrame', 'perByte']);
  const perFrameNs = c.at('perFrame').duration({ default: 0 });
  const perByteNs = c.at('perByte').number({ default: 0, min: 0, max: 1000, hint: HINT });
  if (perFrameNs !== undefined && perFrameNs > 1e9) {
    c.issues.add(c.at('perFrame').path, 'is more than a second of CPU for one frame', HINT);
    return undefined;
  }
  if (perFrameNs === undefined || perByteNs === undefined) return undefined;
  return { perFrameNs, perByteNs };
}

/**
 * A node's running total. Each charge adds to the counters `cpu_ns` (whole ns) and
 * `cpu_frames` (the run's totals, for `expect`) and sets the state keys `cpu/ns` and
 * `cpu/frames`, so a checkpoint can read the total at any step.
 */
export class CpuMeter {
  private ns = 0;
  private frames = 0;
  constructor(readonly cost: CpuCost) {}

  charge(ctx: DeviceContext, bytes: number): void {
    const ns = Math.round(this.cost.perFrameNs + this.cost.perByteNs * bytes);
    this.ns += ns;
    this.frames += 1;
    ctx.count('cpu_frames');
    ctx.count('cpu_ns', ns);
    ctx.set('cpu/ns', this.ns);
    ctx.set('cpu/frames', this.frames);
  }
}

/** A meter for a node whose config opted in, else undefined (charges are then skipped). */
export function cpuMeter(cost: CpuCost | undefined): CpuMeter | undefined {
  return cost && new CpuMeter(cost);
}
