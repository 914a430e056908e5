// The qeth ring is laid out from the type size: at 12 px and 18 px no two guest labels
// overlap each other, a dot or the card, and the drawing grows (not the text shrinks).
import { describe, expect, it } from 'vitest';
import { cardLayout, overlaps } from '../../src/views/qeth/geometry/card-layout';
import { runFile } from '../qeth/qeth-helpers';

describe('qeth card ring laid out by type size', () => {
  for (const file of ['eighty-guests.json', 'router-fallback.json', 'isolation-forward.json'])
    for (const font of [12, 18])
      it(`${file} at ${font} px: labels clear of each other, dots and the card`, () => {
        const l = cardLayout(runFile(file).topology, font);
        const boxes = l.guests.map((g) => g.text!.box);
        expect(boxes.every(Boolean)).toBe(true);
        const card = { x: l.card.x - l.card.r, y: l.card.y - l.card.r, w: 2 * l.card.r, h: 2 * l.card.r };
        boxes.forEach((b, i) => {
          expect(overlaps(b, card)).toBe(false);
          boxes.forEach(
            (o, j) => j > i && expect(overlaps(b, o), `${l.guests[i].label} / ${l.guests[j].label}`).toBe(false),
          );
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.w).toBeLessThanOrEqual(l.width);
        });
      });
  it('grows the drawing with the type size instead of shrinking the text', () => {
    const t = runFile('eighty-guests.json').topology;
    expect(cardLayout(t, 18).width).toBeGreaterThan(cardLayout(t, 12).width * 1.3);
  });
});
