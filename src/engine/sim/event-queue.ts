// Discrete-event queue ordered by (time, seq). The sequence number is the stable
// tie-break: two events at the same virtual time run in the order they were scheduled,
// which is what makes a scenario replay byte-identically in Node and in the browser.
// A scenario's scripted traffic can be 100,000 items known before the run starts; they
// go in as one sorted batch (pushMany) that pop merges with the heap, instead of as
// 100,000 heap entries each holding a closure.
import type { Time } from './types';

export interface QueuedEvent {
  readonly time: Time;
  /** Set by the queue when the event is pushed. */
  seq: number;
  run(): void;
}

/** Events scheduled together: sorted by (time, position), with consecutive seqs. */
interface Batch {
  readonly times: readonly Time[];
  readonly order: Int32Array;
  readonly firstSeq: number;
  readonly run: (i: number) => void;
  next: number;
  event?: BatchEvent;
}

/** The batch's next event, as pop() hands it out (valid until the next pop). */
class BatchEvent implements QueuedEvent {
  time = 0;
  seq = 0;
  index = 0;
  constructor(private readonly batch: Batch) {}

  run(): void {
    this.batch.run(this.index);
  }
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  private batches: Batch[] = [];
  private nextSeq = 0;
  private batched = 0;

  get size(): number {
    return this.heap.length + this.batched;
  }

  push(time: Time, run: () => void): void {
    this.pushEvent({ time, seq: 0, run });
  }

  /** Push an event object the caller made (a class whose run() is a prototype method needs no closure). */
  pushEvent(ev: QueuedEvent): void {
    ev.seq = this.nextSeq++;
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      const t = h[i];
      h[i] = h[p];
      h[p] = t;
      i = p;
    }
  }

  /** Schedule `run(i)` at `times[i]` for every i: the same order as pushing them one by one. */
  pushMany(times: readonly Time[], run: (i: number) => void): void {
    if (times.length === 0) return;
    // A plain loop: Int32Array.from(times.keys()) goes through the iterator protocol, one
    // result object per item (a million for a million scripted frames).
    const order = new Int32Array(times.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // Scripted traffic is usually written in time order; sort only when it is not.
    let sorted = true;
    for (let i = 1; i < times.length && sorted; i++) sorted = times[i - 1] <= times[i];
    if (!sorted) order.sort((a, b) => times[a] - times[b] || a - b);
    this.batches.push({ times, order, firstSeq: this.nextSeq, run, next: 0 });
    this.nextSeq += times.length;
    this.batched += times.length;
  }

  peekTime(): Time | undefined {
    const b = this.firstBatch();
    const h = this.heap[0];
    if (b && (!h || batchBefore(b, h))) return b.times[b.order[b.next]];
    return h?.time;
  }

  /** The next event; run it before the next pop (a batch's event object is reused). */
  pop(): QueuedEvent | undefined {
    const b = this.firstBatch();
    if (b && (this.heap.length === 0 || batchBefore(b, this.heap[0]))) {
      const i = b.order[b.next];
      // One event object per batch, refilled: the caller runs it before popping again, and
      // a scripted run of a million frames then makes no object or closure per frame here.
      const ev = (b.event ??= new BatchEvent(b));
      ev.time = b.times[i];
      ev.seq = b.firstSeq + i;
      ev.index = i;
      b.next++;
      this.batched--;
      return ev;
    }
    return this.popHeap();
  }

  /** The batch whose next event comes first, if any batch has events left. */
  private firstBatch(): Batch | undefined {
    let best: Batch | undefined;
    for (const b of this.batches) {
      if (b.next === b.order.length) continue;
      if (!best || headBefore(b, best)) best = b;
    }
    return best;
  }

  private popHeap(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        const t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

function batchBefore(b: Batch, e: QueuedEvent): boolean {
  const i = b.order[b.next];
  const t = b.times[i];
  return t < e.time || (t === e.time && b.firstSeq + i < e.seq);
}

function headBefore(a: Batch, b: Batch): boolean {
  const i = a.order[a.next];
  const j = b.order[b.next];
  const ta = a.times[i];
  const tb = b.times[j];
  return ta < tb || (ta === tb && a.firstSeq + i < b.firstSeq + j);
}
