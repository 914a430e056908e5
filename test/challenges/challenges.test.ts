// Every challenge folder, checked the way the page uses it: the files load strictly; the
// start scenario fails at least one goal and the reference solution meets every one (both
// graded by the engine's expectation checker); the solution is the start with allowed
// settings changed, each change one the settings panel offers and the loader takes, so a
// student can reach it from the page.
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../src/app/run/build-run';
import { LAB_IDS } from '../../src/app/lessons/parse';
import { parseChallenge, parseChallengeText, type ChallengeFile } from '../../src/app/challenges/challenge-file';
import { gradeOf, withGoal, type Grade } from '../../src/app/challenges/grade';
import { allowedProblems } from '../../src/app/challenges/allowed';
import { listSettings, trySetting } from '../../src/app/settings/settings-model';
import { onlyPaths } from '../../src/app/settings/panel-rows';
import { getAt, parsePathText } from '../../src/app/settings/json-path';
import { challengeFolders, has, json, text } from './challenge-set';

const FOLDER = /^(bridge|qeth|macvlan|vepa|vdp|virtio)-\d{2}-[a-z0-9-]+$/;

function grade(scenario: unknown, file: ChallengeFile, what: string): Extract<Grade, { ok: true }> {
  const g = gradeOf(buildRun(withGoal(scenario, file.goal), what, true), file.goal);
  if (!g.ok) expect.fail(`${g.title}:\n${g.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return g;
}

function fileOf(id: string): ChallengeFile {
  const { challenge, problems } = parseChallenge(json(id, 'challenge.json'));
  expect(problems, `${id}/challenge.json problems`).toEqual([]);
  return challenge;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

describe('challenge folders', () => {
  it('there is at least one challenge in every lab', () => {
    const labs = new Set(challengeFolders.map((f) => f.split('-')[0]));
    expect([...labs].sort()).toEqual([...LAB_IDS].sort());
  });

  it.each(challengeFolders)('%s: is named <lab>-<NN>-<slug> and holds the four files', (id) => {
    expect(id).toMatch(FOLDER);
    for (const f of ['index.md', 'scenario.json', 'challenge.json', 'solution.json'])
      expect(has(id, f), `${id}/${f}`).toBe(true);
  });

  it.each(challengeFolders)('%s: index.md and challenge.json load strictly', (id) => {
    const t = parseChallengeText(text(id, 'index.md'));
    expect(t.problems, 'index.md problems').toEqual([]);
    expect(t.meta.kind).toBe('challenge');
    expect(id.startsWith(`${t.meta.lab}-`), `folder starts with its lab "${t.meta.lab}"`).toBe(true);
    const file = fileOf(id);
    expect(file.hints.length, 'hints, gentlest first').toBeGreaterThanOrEqual(2);
    expect(allowedProblems(json(id, 'scenario.json'), file.allowed)).toEqual([]);
  });

  it.each(challengeFolders)('%s: the start fails a goal, the reference solution meets every goal', (id) => {
    const file = fileOf(id);
    const start = grade(json(id, 'scenario.json'), file, `${id}/scenario.json`);
    expect(start.solved, 'the start scenario already meets the goal').toBe(false);
    expect(start.results.some((r) => !r.holds)).toBe(true);
    const solution = grade(json(id, 'solution.json'), file, `${id}/solution.json`);
    const failing = solution.results.filter((r) => !r.holds).map((r) => `${r.description}: ${r.reason}`);
    expect(failing, 'goals the solution does not meet').toEqual([]);
    expect(solution.solved).toBe(true);
  });

  it.each(challengeFolders)(
    '%s: the solution is the start with allowed settings changed, as the panel does it',
    (id) => {
      const file = fileOf(id);
      const solution = json(id, 'solution.json');
      let current = json(id, 'scenario.json');
      let changed = 0;
      for (const p of file.allowed) {
        const path = parsePathText(p);
        expect(path, `allowed path ${p}`).toBeDefined();
        const want = getAt(solution, path!);
        if (same(want, getAt(current, path!))) continue;
        // The panel shows this setting for the current scenario, and the loader takes the value.
        const shown = onlyPaths(listSettings(current, { judge: false }), [p]);
        expect(shown.length, `${p} is in the panel`).toBe(1);
        const tried = trySetting(current, { path: path! }, want);
        if (!tried.ok)
          expect.fail(`${p} = ${JSON.stringify(want)} is refused: ${tried.problems.map((i) => i.message).join('; ')}`);
        current = tried.json;
        changed++;
      }
      expect(changed, 'settings the solution changes').toBeGreaterThan(0);
      expect(current, 'the start with the allowed changes is the solution (nothing else differs)').toEqual(solution);
    },
  );
});
