// Every qeth scenario and lesson: the same scenario and seed give the same trace twice,
// and every injected frame ends delivered or dropped with a reason (none left in flight).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './qeth-helpers';

const root = join(import.meta.dirname, '../..');
const files = [
  ...readdirSync(join(root, 'src/scenarios/qeth'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `src/scenarios/qeth/${f}`),
  ...readdirSync(join(root, 'lessons'))
    .filter((d) => d.startsWith('qeth-'))
    .map((d) => `lessons/${d}/scenario.json`),
];

describe('qeth determinism and accounting', () => {
  it.each(files)('%s', (f) => {
    const json = JSON.parse(readFileSync(join(root, f), 'utf8'));
    const a = run(json);
    const b = run(json);
    expect(JSON.stringify(b.steps)).toBe(JSON.stringify(a.steps));
    expect(b.frames.map((x) => Buffer.from(x).toString('hex'))).toEqual(
      a.frames.map((x) => Buffer.from(x).toString('hex')),
    );
    for (const fate of a.fates) {
      expect(fate.inFlight, `frame ${fate.origin} in flight`).toBe(0);
      expect(fate.delivered.length + fate.dropped.length, `frame ${fate.origin} has a fate`).toBeGreaterThan(0);
      for (const d of fate.dropped) expect(d.reason.length).toBeGreaterThan(10);
    }
  });
});
