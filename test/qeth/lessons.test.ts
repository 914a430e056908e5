// Lesson validation for the qeth lessons, the way the app reads them: frontmatter, the
// scenario runs, every section and checkpoint finds its step, and every checkpoint's
// expected answer is what the engine did and one of its choices. At least three lessons.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../src/app/run/build-run';
import { parseCheckpoints, parseLessonMarkdown } from '../../src/app/lessons/parse';
import { resolveLesson } from '../../src/app/lessons/resolve';

const ROOT = join(import.meta.dirname, '../../lessons');
const qeth = readdirSync(ROOT)
  .filter((d) => d.startsWith('qeth-'))
  .sort();

describe('qeth lessons', () => {
  it('there are at least three, numbered in order', () => {
    expect(qeth.length).toBeGreaterThanOrEqual(3);
    expect(qeth.map((f) => f.slice(5, 7))).toEqual(qeth.map((_, i) => String(i + 1).padStart(2, '0')));
  });

  it.each(qeth)('%s: steps and checkpoints agree with the engine', (f) => {
    const dir = join(ROOT, f);
    const parsed = parseLessonMarkdown(readFileSync(join(dir, 'index.md'), 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.meta.lab).toBe('qeth');
    const run = buildRun(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')), `${f}/scenario.json`);
    if (!run.ok) expect.fail(run.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const cps = parseCheckpoints(JSON.parse(readFileSync(join(dir, 'checkpoints.json'), 'utf8')));
    expect(cps.problems).toEqual([]);
    expect(cps.checkpoints.length).toBeGreaterThanOrEqual(3);
    const resolved = resolveLesson(run.trace, run.state, parsed.sections, cps.checkpoints);
    expect(resolved.problems).toEqual([]);
    for (const c of resolved.checkpoints) {
      expect(c.truth, `checkpoint ${c.id}`).toBe(c.expected);
      expect(c.choices, `checkpoint ${c.id} choices`).toContain(c.truth);
    }
  });
});
