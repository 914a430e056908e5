// The macvlan lessons: the four the issue asks for exist (and issue 18's two on the
// trade-offs argued on netdev), each runs the lab's own scenario file where the lab has one
// (so the lesson and the lab never drift apart), has checkpoints, and every checkpoint's
// expected answer is what the engine does (the shared lesson checks).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { buildRun } from '../../src/app/run/build-run';
import { parseCheckpoints, parseLessonMarkdown } from '../../src/app/lessons/parse';
import { resolveLesson } from '../../src/app/lessons/resolve';

const ROOT = 'lessons/';
const mine = readdirSync(ROOT)
  .filter((d) => d.startsWith('macvlan-'))
  .sort();

describe('macvlan lessons', () => {
  it('the lessons of the issues exist, in order', () => {
    const titles = mine.map((d) => parseLessonMarkdown(readFileSync(`${ROOT}${d}/index.md`, 'utf8')).meta.title);
    expect(titles).toEqual([
      'Demux by MAC',
      'Five modes, one frame',
      'macvtap: a queue per guest',
      'Software or hardware demux',
      'Queues per MAC or representors?',
      'macvtap at first: no limit',
      'VEPA and the spoof check, in the NIC',
    ]);
  });

  for (const d of mine) {
    it(`${d}: its scenario is the lab's file of the same name, and its checkpoints hold`, () => {
      const json = JSON.parse(readFileSync(`${ROOT}${d}/scenario.json`, 'utf8')) as { name: string };
      const lab = `src/scenarios/macvlan/${json.name}.json`;
      expect(json).toEqual(JSON.parse(readFileSync(lab, 'utf8')));
      const parsed = parseLessonMarkdown(readFileSync(`${ROOT}${d}/index.md`, 'utf8'));
      expect(parsed.problems).toEqual([]);
      const cps = parseCheckpoints(JSON.parse(readFileSync(`${ROOT}${d}/checkpoints.json`, 'utf8')));
      expect(cps.problems).toEqual([]);
      expect(cps.checkpoints.length).toBeGreaterThanOrEqual(3);
      const run = buildRun(json, d);
      if (!run.ok) expect.fail(run.issues.map((i) => i.message).join('\n'));
      const r = resolveLesson(run.trace, run.state, parsed.sections, cps.checkpoints);
      expect(r.problems).toEqual([]);
      for (const c of r.checkpoints) expect(c.truth, c.id).toBe(c.expected);
    });
  }
});
