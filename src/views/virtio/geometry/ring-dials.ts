// Which two dials a queue gets, as props for RingDial: made available (driver → device) and
// used (device → driver). A split ring's dials are its avail and used rings with their
// free-running indexes; a packed ring has one descriptor ring, so both dials go round it,
// each index with its side's wrap counter. Pure, so both formats are built in one place.
import type { RingChanges } from '../changes/ring-changes';
import type { RingView } from './ring-memory';

export interface DialProps {
  readonly title: string;
  readonly n: number;
  readonly entries: string[];
  readonly writerName: string;
  readonly writerIdx: number;
  readonly readerName: string;
  readonly readerIdx: number | undefined;
  readonly color: string;
  readonly changedSlots: ReadonlySet<number>;
  readonly writerMoved: boolean;
  readonly readerMoved: boolean;
  readonly wraps?: { writer: number; reader: number | undefined };
}

const AVAIL_COLOR = '#bfdbfe';
const USED_COLOR = '#fed7aa';
const NONE: ReadonlySet<number> = new Set();

export function ringDials(view: RingView, c: RingChanges): readonly [DialProps, DialProps] {
  const drv = view.driver;
  const dev = view.device;
  const n = view.layout.num;
  if (view.packed) {
    const ids = view.desc.map((d) => String(d.next));
    return [
      {
        title: 'made available (driver → device)',
        n,
        entries: ids,
        writerName: 'next_avail_idx',
        writerIdx: drv.next_avail_idx ?? 0,
        readerName: 'last_avail_idx',
        readerIdx: dev.last_avail_idx,
        wraps: { writer: drv.avail_wrap_counter ?? 1, reader: dev.last_avail_wrap_counter },
        color: AVAIL_COLOR,
        changedSlots: c.descRows,
        writerMoved: c.driver.has('next_avail_idx'),
        readerMoved: c.device.has('last_avail_idx'),
      },
      {
        title: 'used (device → driver)',
        n,
        entries: ids,
        writerName: 'used_idx',
        writerIdx: dev.used_idx ?? 0,
        readerName: 'last_used_idx',
        readerIdx: drv.last_used_idx,
        wraps: { writer: dev.used_wrap_counter ?? 1, reader: drv.used_wrap_counter },
        color: USED_COLOR,
        changedSlots: NONE,
        writerMoved: c.device.has('used_idx'),
        readerMoved: c.driver.has('last_used_idx'),
      },
    ];
  }
  return [
    {
      title: 'available ring (driver → device)',
      n,
      entries: view.avail.ring.map(String),
      writerName: 'avail.idx',
      writerIdx: view.avail.idx,
      readerName: 'last_avail_idx',
      readerIdx: dev.last_avail_idx,
      color: AVAIL_COLOR,
      changedSlots: c.availSlots,
      writerMoved: c.fields.has('avail.idx'),
      readerMoved: c.device.has('last_avail_idx'),
    },
    {
      title: 'used ring (device → driver)',
      n,
      entries: view.used.ring.map((e) => String(e.id)),
      writerName: 'used.idx',
      writerIdx: view.used.idx,
      readerName: 'last_used_idx',
      readerIdx: drv.last_used_idx,
      color: USED_COLOR,
      changedSlots: c.usedSlots,
      writerMoved: c.fields.has('used.idx'),
      readerMoved: c.driver.has('last_used_idx'),
    },
  ];
}
