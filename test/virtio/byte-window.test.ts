// The byte view draws a window of rows built on demand (byteWindow); it must show exactly
// the rows the straightforward way gives (every row built, the field rows kept, a window
// of 16 around the first row the step touched or whose cache differs), and a row or a
// cache line the step left alone must stay the same object, so the view's keyed rows
// skip it (that is what keeps holding → on a 256-entry ring under the frame budget).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './helpers';
import { ringView, QUEUES } from '../../src/views/virtio/geometry/ring-memory';
import { byteRows, byteWindow, fieldRows, stepRanges } from '../../src/views/virtio/geometry/byte-rows';

const scen = (f: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../src/scenarios/virtio', f), 'utf8'));

/** The window as it was computed before byteWindow: from every row. */
function referenceWindow(rows: ReturnType<typeof byteRows>, max = 16) {
  if (rows.length <= max) return { rows, first: 0, total: rows.length };
  const hit = rows.findIndex((r) => r.cells.some((c) => c.read || c.written || c.differs));
  const first = Math.max(0, Math.min(rows.length - max, (hit < 0 ? 0 : hit) - 2));
  return { rows: rows.slice(first, first + max), first, total: rows.length };
}

describe('byteWindow', () => {
  for (const file of ['virtio-tx-one-frame.json', 'virtio-stale-used.json', 'virtio-batch-burst.json']) {
    it(`${file}: the same rows as building them all, at every 13th step, each queue and source`, () => {
      const { trace, state } = run(scen(file));
      let compared = 0;
      for (let i = 0; i < Math.min(trace.steps.length, 400); i += 13) {
        const st = state.under(i, 'bp/');
        for (const q of QUEUES)
          for (const source of ['dram', 'host', 'agent'] as const) {
            const v = ringView(st, q, source);
            if (!v) continue;
            const ranges = stepRanges(trace.steps[i], v);
            const want = referenceWindow(fieldRows(byteRows(v, source, ranges)));
            const got = byteWindow(v, source, ranges);
            expect({ first: got.first, total: got.total }).toEqual({ first: want.first, total: want.total });
            expect(got.rows).toEqual(want.rows);
            compared++;
          }
      }
      expect(compared).toBeGreaterThan(10);
    });
  }

  it('rows and lines a step leaves alone keep their identity', () => {
    const { trace, state } = run(scen('virtio-batch-burst.json'));
    // Two neighbouring steps where host.tx exists and at least one of its lines changed.
    let checked = 0;
    for (let i = 1; i < trace.steps.length && checked < 20; i++) {
      const a = ringView(state.under(i - 1, 'bp/'), 'host.tx');
      const b = ringView(state.under(i, 'bp/'), 'host.tx');
      if (!a || !b) continue;
      for (let k = 0; k < a.lines.length; k++) {
        const same = a.lines[k].addr === b.lines[k].addr && String(a.lines[k].dram) === String(b.lines[k].dram);
        const cachesSame =
          JSON.stringify([a.lines[k].host, a.lines[k].agent]) === JSON.stringify([b.lines[k].host, b.lines[k].agent]);
        expect(a.lines[k] === b.lines[k]).toBe(same && cachesSame);
      }
      for (let k = 0; k < a.desc.length; k++)
        expect(a.desc[k] === b.desc[k]).toBe(JSON.stringify(a.desc[k]) === JSON.stringify(b.desc[k]));
      const none = { read: [], written: [] };
      const wa = byteWindow(a, 'dram', none);
      const wb = byteWindow(b, 'dram', none);
      wa.rows.forEach((r, k) => expect(r === wb.rows[k]).toBe(JSON.stringify(r) === JSON.stringify(wb.rows[k])));
      checked++;
    }
    expect(checked).toBe(20);
  });
});
