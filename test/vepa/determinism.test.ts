// Every VEPA scenario runs to completion with every frame accounted for (delivered or
// dropped with a reason, none left in flight), every decision explained with a source,
// and the same trace byte for byte when run twice.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { run } from '../helpers/run';

const dir = 'src/scenarios/vepa';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe.each(files)('%s', (f) => {
  const json = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const t = run(json);
  it('accounts for every frame', () => {
    for (const fate of t.fates) {
      expect(fate.inFlight).toBe(0);
      expect(fate.delivered.length + fate.dropped.length).toBeGreaterThan(0);
    }
  });
  it('explains every bridge and station decision with a source', () => {
    for (const s of t.steps.filter((x) => x.node === 'sw' || x.node === 'st')) {
      expect(s.decision.length).toBeGreaterThan(10);
      expect(s.source.length).toBeGreaterThan(3);
    }
  });
  it('is deterministic', () => {
    const again = run(json);
    expect(JSON.stringify(again.steps)).toBe(JSON.stringify(t.steps));
    expect(again.frames.map((b) => Buffer.from(b).toString('hex'))).toEqual(
      t.frames.map((b) => Buffer.from(b).toString('hex')),
    );
  });
});
