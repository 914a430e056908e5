// The VDP drawings laid out from the type size: statechart boxes wide enough for their state
// names, sequence-chart labels that cannot overlap each other, the lane names or the timer
// bars, at 12 px (lab page) and 18 px (presenter mode). Text width is estimated with the
// monospace advance of DejaVu Sans Mono (0.602 em, the font the app names first that
// Debian's Chromium has), independently of the layout's own rounded-up constant.
import { describe, expect, it } from 'vitest';
import { allMachines, machineShape } from '../../src/engine/devices/vdp/machines';
import { layoutChart } from '../../src/views/vdp/statechart-layout';
import { sequenceModel, windowAt } from '../../src/views/vdp/sequence';
import { sequenceLayout } from '../../src/views/vdp/sequence-layout';
import { runFile } from '../vdp/run';

const ADVANCE = 0.602;
type Box = { l: number; r: number; t: number; b: number; what: string };
const overlap = (a: Box, b: Box) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
/** A text's box: centred (or starting) at x, baseline y; ascent 0.8 em, descent 0.25 em. */
const textBox = (what: string, x: number, y: number, font: number, anchor: 'middle' | 'start'): Box => {
  const w = what.length * ADVANCE * font;
  const l = anchor === 'middle' ? x - w / 2 : x;
  return { l, r: l + w, t: y - 0.8 * font, b: y + 0.25 * font, what };
};

describe('statechart layout at the type size', () => {
  for (const font of [12, 18])
    for (const m of allMachines)
      it(`${m.id} at ${font} px: every name fits its box, boxes apart, drawing holds every box`, () => {
        const l = layoutChart(machineShape(m), font);
        for (const b of l.boxes) {
          expect(b.w, b.key).toBeGreaterThanOrEqual(b.key.length * ADVANCE * font + font);
          expect(b.h).toBeGreaterThanOrEqual(1.6 * font);
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.w).toBeLessThanOrEqual(l.width);
          expect(b.y + b.h).toBeLessThanOrEqual(l.height);
        }
        const boxes = l.boxes.map((b) => ({ l: b.x, r: b.x + b.w, t: b.y, b: b.y + b.h, what: b.key }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++)
            expect(overlap(boxes[i], boxes[j]), `${boxes[i].what} × ${boxes[j].what}`).toBe(false);
        for (const e of l.edges) for (const [x] of e.pts) expect(x >= 0 && x <= l.width, e.id).toBe(true);
      });

  it('grows with the type size instead of shrinking the text', () => {
    const shape = machineShape(allMachines[0]);
    const a = layoutChart(shape, 12);
    const b = layoutChart(shape, 18);
    expect(b.width).toBeGreaterThan(a.width * 1.3);
    expect(b.height).toBeGreaterThan(a.height * 1.3);
  });
});

describe('sequence chart layout at the type size', () => {
  const files = ['frame-loss', 'migration', 'vdp02-associate'];
  for (const f of files)
    for (const font of [12, 18])
      it(`${f} at ${font} px: labels, times and lane names never overlap; labels clear of timer bars`, () => {
        const t = runFile(`src/scenarios/vdp/${f}.json`);
        const model = sequenceModel(t);
        const last = model.messages.at(-1)!;
        const g = sequenceLayout(windowAt(model, last.step, last.t0, 24), font);
        expect(g.rows.length).toBeGreaterThan(3);
        const boxes: Box[] = [
          ...g.lanes.map((l) => textBox(l.name, l.x, font * 1.2, font, 'middle')),
          ...g.rows.flatMap((r) => [
            textBox(r.text, r.labelX, r.labelY, font, 'middle'),
            textBox(r.time, 4, r.y + font * 0.35, font, 'start'),
          ]),
        ];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++)
            expect(overlap(boxes[i], boxes[j]), `"${boxes[i].what}" × "${boxes[j].what}"`).toBe(false);
        for (const b of boxes) expect(b.l >= 0 && b.r <= g.width, b.what).toBe(true);
        // Timer bars are vertical lines; no message label may cross one.
        for (const bar of g.timers)
          for (const r of g.rows) {
            const b = textBox(r.text, r.labelX, r.labelY, font, 'middle');
            const crosses = b.l < bar.x && bar.x < b.r && bar.y1 < b.b && b.t < bar.y2;
            expect(crosses, `${bar.t.name} × ${r.text}`).toBe(false);
          }
        // Rows go down in the order the frames were sent.
        for (let i = 1; i < g.rows.length; i++) expect(g.rows[i].y).toBeGreaterThan(g.rows[i - 1].y);
      });

  it('shows what has happened, not what will: no frame sent after the cursor', () => {
    const t = runFile('src/scenarios/vdp/frame-loss.json');
    const model = sequenceModel(t);
    const mid = model.messages[Math.floor(model.messages.length / 2)];
    const w = windowAt(model, mid.step, mid.t0, 24);
    expect(w.messages.at(-1)).toBe(mid);
    expect(w.messages.every((m) => m.step <= mid.step)).toBe(true);
    expect(w.timers.every((x) => x.end <= mid.t0)).toBe(true);
  });
});
