// The card's own tally of inbound IP frames against the copies it hands guests, and what a
// card that flooded every frame to every guest would have copied instead (the 80-guest
// comparison): state `stats` (and its two totals as scalars) and node counters.
import type { DeviceContext } from '../../sim/device';
import type { DemuxResult } from './demux';

export interface OsaStats {
  frames: number;
  bytes: number;
  copies: number;
  copyBytes: number;
  floodCopies: number;
  floodBytes: number;
  unicast: number;
  unicastCopies: number;
  unicastBytes: number;
  unicastCopyBytes: number;
}

export class CardStats {
  private readonly s: OsaStats = {
    frames: 0,
    bytes: 0,
    copies: 0,
    copyBytes: 0,
    floodCopies: 0,
    floodBytes: 0,
    unicast: 0,
    unicastCopies: 0,
    unicastBytes: 0,
    unicastCopyBytes: 0,
  };

  publishStart(ctx: DeviceContext, guests: number): void {
    ctx.set('stats', { ...this.s, guests });
  }

  /** One inbound IP frame of `len` bytes, demultiplexed to `r.targets` of `n` guests. */
  account(len: number, r: DemuxResult, n: number, ctx: DeviceContext): void {
    const s = this.s;
    s.frames++;
    s.bytes += len;
    s.copies += r.targets.length;
    s.copyBytes += len * r.targets.length;
    s.floodCopies += n;
    s.floodBytes += len * n;
    if (r.branch === 'registered' || r.branch === 'primary' || r.branch === 'secondary') {
      s.unicast++;
      s.unicastCopies += r.targets.length;
      s.unicastBytes += len;
      s.unicastCopyBytes += len * r.targets.length;
    }
    ctx.count('lan_ip_frames');
    ctx.count('lan_ip_bytes', len);
    ctx.count('guest_copies', r.targets.length);
    ctx.count('guest_copy_bytes', len * r.targets.length);
    ctx.count('flood_copies', n);
    ctx.count('flood_copy_bytes', len * n);
    ctx.set('stats', { ...s, guests: n });
    // Scalar copies of the two totals a checkpoint weighs (a state key is read whole).
    ctx.set('stats/copies', s.copies);
    ctx.set('stats/copyBytes', s.copyBytes);
  }
}
