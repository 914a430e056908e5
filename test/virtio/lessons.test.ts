// The virtio lessons, judged the way the app judges them: frontmatter parses, the scenario
// runs, every section and checkpoint finds its step, and each checkpoint's expected answer
// is what the engine did and one of its choices.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpoints, parseLessonMarkdown } from '../../src/app/lessons/parse';
import { resolveLesson } from '../../src/app/lessons/resolve';
import { run } from './helpers';

const ROOT = join(import.meta.dirname, '../../lessons');
const folders = readdirSync(ROOT).filter((f) => f.startsWith('virtio-'));

describe('virtio lessons', () => {
  it('there are at least four', () => {
    expect(folders.length).toBeGreaterThanOrEqual(4);
  });
  it.each(folders)('%s agrees with the engine', (f) => {
    const dir = join(ROOT, f);
    const md = parseLessonMarkdown(readFileSync(join(dir, 'index.md'), 'utf8'));
    expect(md.problems).toEqual([]);
    expect(md.meta.lab).toBe('virtio');
    const cps = parseCheckpoints(JSON.parse(readFileSync(join(dir, 'checkpoints.json'), 'utf8')));
    expect(cps.problems).toEqual([]);
    expect(cps.checkpoints.length).toBeGreaterThanOrEqual(3);
    const { trace, state } = run(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')));
    const r = resolveLesson(trace, state, md.sections, cps.checkpoints);
    expect(r.problems).toEqual([]);
  });
});
