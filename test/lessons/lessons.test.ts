// Every lesson folder of every lab, checked the way the app reads it: frontmatter, the
// scenario loads and runs, every text section and checkpoint points at a step that exists,
// every checkpoint's `expected` equals what the engine recorded and is one of its choices.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../src/app/run/build-run';
import { parseCheckpoints, parseLessonMarkdown, LAB_IDS } from '../../src/app/lessons/parse';
import { resolveLesson } from '../../src/app/lessons/resolve';

const ROOT = join(import.meta.dirname, '../../lessons');
const FOLDER = /^(bridge|qeth|macvlan|vepa|vdp|virtio)-\d{2}-[a-z0-9-]+$/;
const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('lesson folders', () => {
  it('exist (at least the learning-bridge lesson)', () => {
    expect(folders).toContain('bridge-01-learning');
  });

  it.each(folders)('%s: is named <lab>-<NN>-<slug> and has index.md and scenario.json', (f) => {
    expect(f).toMatch(FOLDER);
    expect(existsSync(join(ROOT, f, 'index.md')), 'index.md').toBe(true);
    expect(existsSync(join(ROOT, f, 'scenario.json')), 'scenario.json').toBe(true);
  });

  it.each(folders)('%s: frontmatter, scenario run, steps and checkpoints agree with the engine', (f) => {
    const dir = join(ROOT, f);
    const parsed = parseLessonMarkdown(readFileSync(join(dir, 'index.md'), 'utf8'));
    expect(parsed.problems, 'index.md problems').toEqual([]);
    expect(LAB_IDS).toContain(parsed.meta.lab);
    expect(f.startsWith(parsed.meta.lab + '-'), `folder name starts with its lab "${parsed.meta.lab}"`).toBe(true);
    expect(parsed.meta.minutes).toBeGreaterThan(0);

    if (!existsSync(join(dir, 'scenario.json'))) expect.fail(`${f} has no scenario.json`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
    } catch (e) {
      expect.fail(`${f}/scenario.json is not valid JSON: ${(e as Error).message}`);
    }
    const run = buildRun(json, `${f}/scenario.json`);
    if (!run.ok) expect.fail(`${run.title}:\n${run.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
    expect(run.trace.steps.length).toBeGreaterThan(0);

    const cpFile = join(dir, 'checkpoints.json');
    const cps = existsSync(cpFile) ? parseCheckpoints(JSON.parse(readFileSync(cpFile, 'utf8'))) : { checkpoints: [], problems: [] };
    expect(cps.problems, 'checkpoints.json problems').toEqual([]);

    const resolved = resolveLesson(run.trace, run.state, parsed.sections, cps.checkpoints);
    expect(resolved.problems, 'steps and checkpoints against the trace').toEqual([]);
    for (const c of resolved.checkpoints) {
      expect(c.truth, `checkpoint ${c.id}`).toBe(c.expected);
      expect(c.choices, `checkpoint ${c.id} choices`).toContain(c.truth);
    }
  });

  it.each(folders)('%s: links to other lessons and labs resolve', (f) => {
    const text = readFileSync(join(ROOT, f, 'index.md'), 'utf8');
    for (const m of text.matchAll(/\]\(#\/(lesson|present|lab)\/([^/)]+)/g)) {
      if (m[1] === 'lab') expect(LAB_IDS, m[0]).toContain(m[2]);
      else expect(folders, m[0]).toContain(m[2]);
    }
  });
});
