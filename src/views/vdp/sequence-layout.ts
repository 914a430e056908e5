// Geometry of the message sequence chart, laid out from the type size (CSS px, drawn 1:1):
// one row per message, its label above a horizontal arrow (in the first gap from the sender), its send
// time in a column on the left. Lanes are spaced by the widest label (monospace, so its
// width is known without a browser), so labels never overlap each other or a lane's timer
// bars; rows are spaced by the type size, so labels of consecutive messages never touch.
// Timers are bars beside their node's lane from the row of their start to the row of their
// end (times between two rows are placed proportionally). Pure maths; SequenceChart.svelte
// draws it.
import { MONO_EM } from './statechart-layout';
import { fmtTime, type Message, type SequenceModel, type TimerBar } from './sequence';

export interface MessageRow {
  readonly m: Message;
  readonly text: string;
  readonly time: string;
  /** Arrow from x1 to x2 at y (x2 is half way for a lost frame, where the cross sits). */
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
  /** Label: centred at labelX, baseline labelY. */
  readonly labelX: number;
  readonly labelY: number;
  /** Row band (for the focus ring and the "new" highlight). */
  readonly top: number;
  readonly bottom: number;
}

export interface TimerGeom {
  readonly t: TimerBar;
  readonly x: number;
  readonly y1: number;
  readonly y2: number;
}

export interface SequenceLayout {
  readonly width: number;
  readonly height: number;
  readonly font: number;
  readonly lanes: readonly { name: string; x: number }[];
  readonly laneTop: number;
  readonly rows: readonly MessageRow[];
  readonly timers: readonly TimerGeom[];
  /** Left edge of the "new" tag column, right of the last lane. */
  readonly tagX: number;
}

/** The text a message row shows. */
export const messageText = (m: Message): string => `${m.label}${m.lost ? ' ✗ lost' : ''}`;

const TIMER_SLOTS = 4;

export function sequenceLayout(model: SequenceModel, font = 12): SequenceLayout {
  const ch = MONO_EM * font;
  const texts = model.messages.map(messageText);
  const times = model.messages.map((m) => fmtTime(m.t0));
  const timeW = Math.max(8, ...times.map((t) => t.length)) * ch;
  const labelW = Math.max(0, ...texts.map((t) => t.length)) * ch;
  const nameW = Math.max(0, ...model.lanes.map((l) => l.length)) * ch;
  // Timer bars sit within `bars` of their lane on either side; labels keep clear of them.
  const bars = 4 + TIMER_SLOTS * 5;
  const gap = Math.ceil(Math.max(labelW + 2 * (bars + font / 2), nameW + font, 6 * font));
  const x0 = Math.ceil(timeW + font + Math.max(bars, nameW / 2));
  const lanes = model.lanes.map((name, i) => ({ name, x: x0 + i * gap }));
  const laneX = new Map(lanes.map((l) => [l.name, l.x]));
  const laneTop = Math.round(font * 1.8);
  const pitch = Math.round(font * 2.6);
  const rows: MessageRow[] = model.messages.map((m, i) => {
    const top = laneTop + font * 0.4 + i * pitch;
    const labelY = top + font;
    const y = labelY + font * 0.8;
    const x1 = laneX.get(m.from) ?? x0;
    const to = laneX.get(m.to) ?? x0;
    return {
      m,
      text: texts[i],
      time: times[i],
      x1,
      x2: m.lost ? (x1 + to) / 2 : to,
      y,
      // In the first gap from the sender: a frame that passes a middle lane (host A to the
      // switch past host B) keeps its label clear of that lane and its timer bars.
      labelX: x1 + (Math.sign(to - x1) * gap) / 2,
      labelY,
      top,
      bottom: top + pitch,
    };
  });
  const lastLane = lanes.length ? lanes[lanes.length - 1].x : x0;
  const tagX = lastLane + Math.max(bars, nameW / 2) + font / 2;
  const width = Math.ceil(tagX + 3 * ch + font * 1.5);
  const height = Math.ceil(laneTop + font * 0.4 + rows.length * pitch + font * 0.4);
  // Time -> y: the arrows' rows are the knots; between two knots, proportional.
  const knots = rows.map((r) => [r.m.t0, r.y] as const);
  const yOf = (t: number): number => {
    if (!knots.length) return laneTop;
    if (t <= knots[0][0]) return knots[0][1];
    for (let i = 1; i < knots.length; i++) {
      const [ta, ya] = knots[i - 1];
      const [tb, yb] = knots[i];
      if (t <= tb) return tb === ta ? yb : ya + ((t - ta) / (tb - ta)) * (yb - ya);
    }
    return Math.min(height - 2, knots[knots.length - 1][1] + pitch / 2);
  };
  // Each timer takes the lowest slot free over its span on its lane; slots alternate sides.
  const taken: { node: string; slot: number; y1: number; y2: number }[] = [];
  const timers: TimerGeom[] = model.timers.map((t) => {
    const y1 = yOf(t.start);
    const y2 = Math.max(yOf(t.end), y1 + 2);
    let slot = 0;
    while (
      slot < TIMER_SLOTS - 1 &&
      taken.some((o) => o.node === t.node && o.slot === slot && o.y1 <= y2 && y1 <= o.y2)
    )
      slot++;
    taken.push({ node: t.node, slot, y1, y2 });
    const lx = laneX.get(t.node) ?? x0;
    const sideSign = slot % 2 === 0 ? -1 : 1;
    return { t, x: lx + sideSign * (4 + 5 * (slot >> 1) + 2), y1, y2 };
  });
  return { width, height, font, lanes, laneTop, rows, timers, tagX };
}
