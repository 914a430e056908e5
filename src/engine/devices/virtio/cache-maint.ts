// One cache operation on a ring field, recorded as a step: the drivers (split-driver.ts,
// packed-driver.ts) and the devices (vringh.ts, packed-device.ts) all clean what they wrote before the peer may read it and
// invalidate before they read what the peer wrote, on a backplane that does not snoop. A
// break switch can skip the operation; the skipped step says which switch.
import type { CpuMemory } from './cpu-memory';
import type { Rec } from './record';
import * as say from './words';
import type { Breaks } from './breaks';

export interface MaintOp {
  readonly op: 'clean' | 'invalidate';
  /** Words for the done operation: the lines it wrote back or dropped. */
  readonly done: (lines: number[], side: string, what: string) => string;
  readonly source: string;
}

export interface MaintSkip {
  readonly decision: (side: string, what: string) => string;
  readonly source: string;
}

/** `what` names the field ("the used.idx line"); nothing happens when `maintenance` is off. */
export function maintain(
  q: { readonly mem: CpuMemory; readonly rec: Rec; readonly queue: string; readonly maintenance: boolean },
  m: MaintOp,
  what: string,
  addr: number,
  len: number,
  skip?: MaintSkip,
): void {
  if (!q.maintenance) return;
  const side = q.mem.side;
  if (skip) {
    q.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: skip.decision(side, what),
      source: skip.source,
      detail: { queue: q.queue, op: `skip-${m.op}`, addr, len, side },
    });
    return;
  }
  const lines = m.op === 'clean' ? q.mem.clean(addr, len) : q.mem.invalidate(addr, len);
  q.rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: m.done(lines, side, what),
    source: m.source,
    detail: { queue: q.queue, op: m.op, addr, len, lines, side },
  });
}

// The operations both ring formats share, as one call each: `q` is the queue's options.
type Queue = { readonly name: string; readonly maintenance: boolean; readonly breaks: Breaks };
const at = (mem: CpuMemory, rec: Rec, q: Queue) => ({ mem, rec, queue: q.name, maintenance: q.maintenance });

const DRIVER_CLEAN: MaintOp = {
  op: 'clean',
  done: say.cleanStepWords,
  source: 'OpenAMP VRING_FLUSH / dma_sync_single_for_device',
};
const DRIVER_INVALIDATE: MaintOp = {
  op: 'invalidate',
  done: say.invalidatesNextReadComes,
  source: 'OpenAMP VRING_INVALIDATE / dma_sync_single_for_cpu',
};
const DRIVER_SKIP_INVALIDATE: MaintSkip = {
  decision: say.brokenInvalidateBeforeReading,
  source: 'break switch (virtio-backplane.md 5.4)',
};

/** The driver (split-driver.ts, packed-driver.ts) cleans what it wrote; `because` names the break that skips it. */
export function driverClean(
  mem: CpuMemory,
  rec: Rec,
  q: Queue,
  what: string,
  addr: number,
  len: number,
  skip: boolean,
  because: string,
): void {
  const skipped: MaintSkip | undefined = skip
    ? {
        decision: (side, w) => say.brokenCleanLinesStay(side, w, because),
        source: 'break switch (virtio-backplane.md 5)',
      }
    : undefined;
  maintain(at(mem, rec, q), DRIVER_CLEAN, what, addr, len, skipped);
}

/** The driver invalidates before it reads what the device wrote. */
export function driverInvalidate(
  mem: CpuMemory,
  rec: Rec,
  q: Queue,
  what: string,
  addr: number,
  len: number,
  skip: boolean,
): void {
  maintain(at(mem, rec, q), DRIVER_INVALIDATE, what, addr, len, skip ? DRIVER_SKIP_INVALIDATE : undefined);
}

const DEVICE_SKIP_INVALIDATE: MaintSkip = {
  decision: say.brokenInvalidateBeforeReading2,
  source: 'break switch noInvalidateAvail (virtio-backplane.md 5.2)',
};
const DEVICE_SKIP_CLEAN: MaintSkip = { decision: say.brokenNoCleanAfterWriting, source: 'break switch noCleanUsed' };

/** The device's two operations (vringh.ts, packed-device.ts), each citing where in its code it happens. */
export function deviceMaint(when: { readonly invalidate: string; readonly clean: string }) {
  const inval: MaintOp = {
    op: 'invalidate',
    done: say.invalidatesCacheReadGoes,
    source: `OpenAMP VRING_INVALIDATE (${when.invalidate})`,
  };
  const clean: MaintOp = {
    op: 'clean',
    done: say.cleansPostedWriteLine,
    source: `OpenAMP VRING_FLUSH (${when.clean})`,
  };
  return {
    invalidate(mem: CpuMemory, rec: Rec, q: Queue, what: string, addr: number, len: number): void {
      maintain(
        at(mem, rec, q),
        inval,
        what,
        addr,
        len,
        q.breaks.noInvalidateAvail ? DEVICE_SKIP_INVALIDATE : undefined,
      );
    },
    clean(mem: CpuMemory, rec: Rec, q: Queue, what: string, addr: number, len: number): void {
      maintain(at(mem, rec, q), clean, what, addr, len, q.breaks.noCleanUsed ? DEVICE_SKIP_CLEAN : undefined);
    },
  };
}
