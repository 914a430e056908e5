// The challenge page's logic without the page: loaded from a folder as the catalog entry
// would load it, changed setting by setting as the panel does, graded by the engine (on
// the main thread here: Node has no Worker). Only the student's own runs count; solved
// stays solved; a change the engine refuses keeps the last good run and grade.
import { describe, expect, it } from 'vitest';
import { loadChallenge } from '../../src/app/challenges/load-challenge';
import { ChallengeSession } from '../../src/app/challenges/session.svelte';
import { progress } from '../../src/app/progress/progress.svelte';
import { applySetting, trySetting } from '../../src/app/settings/settings-model';
import type { ChallengeEntry } from '../../src/app/challenges/catalog';
import { json, text } from './challenge-set';

const ID = 'qeth-01-isolate-a-tenant';
const entry = (id: string, challenge: unknown = json(id, 'challenge.json')): ChallengeEntry => ({
  id,
  meta: { title: id, lab: id.split('-')[0], order: 1, summary: '', minutes: 1, kind: 'challenge' },
  problems: [],
  loadText: async () => text(id, 'index.md'),
  loadScenario: async () => json(id, 'scenario.json'),
  loadChallenge: async () => challenge,
});

async function open(): Promise<ChallengeSession> {
  const l = await loadChallenge(entry(ID));
  if (!l.ok) throw new Error(`${l.title}: ${l.issues.map((i) => i.message).join('; ')}`);
  expect(l.problems).toEqual([]);
  return new ChallengeSession(l);
}

const isolation = (node: number) => ({ path: ['nodes', node, 'config', 'isolation'] });

describe('a challenge session', () => {
  it('opens graded and unsolved; a wrong change is a run, the right one solves it; reset is not a run', async () => {
    progress.reset();
    const s = await open();
    expect(s.grade.solved).toBe(false);
    expect(progress.challenge(ID)).toBeUndefined();

    const wrong = trySetting(s.json, isolation(4), 'drop');
    if (!wrong.ok) throw new Error('the loader takes isolation drop');
    await s.change(wrong.json);
    expect(s.grade.results.map((r) => r.holds)).toEqual([true, true, true, false]);
    expect(progress.challenge(ID)).toEqual({ attempts: 1, solved: false });

    const right = applySetting(s.loaded.start, isolation(3).path, 'drop');
    await s.change(right);
    expect(s.grade.solved).toBe(true);
    expect(progress.challenge(ID)).toEqual({ attempts: 2, solved: true });

    await s.reset();
    expect(s.changed).toBe(false);
    expect(s.grade.solved).toBe(false);
    expect(progress.challenge(ID)).toEqual({ attempts: 2, solved: true });
  });

  it('after two quick changes, the latest one is on screen', async () => {
    const s = await open();
    const a = s.change(applySetting(s.loaded.start, isolation(4).path, 'drop'));
    const b = s.change(applySetting(s.loaded.start, isolation(3).path, 'drop'));
    await Promise.all([a, b]);
    expect(s.grade.solved).toBe(true);
    expect(s.running).toBe(false);
  });

  it('a scenario the engine refuses keeps the last good run and grade, with the problems', async () => {
    const s = await open();
    const before = s.grade;
    await s.change(applySetting(s.loaded.start, isolation(3).path, 'sideways'));
    expect(s.problems?.issues.some((i) => i.path === '$.nodes[3].config.isolation')).toBe(true);
    expect(s.grade).toBe(before);
  });

  it('hints open one at a time, up to the last', async () => {
    const s = await open();
    for (let i = 0; i < 5; i++) s.showHint();
    expect(s.hints).toBe(s.loaded.file.hints.length);
  });

  it('a broken challenge.json is a titled list of problems, not an exception', async () => {
    const l = await loadChallenge(entry(ID, { goal: [], hints: ['h'], allowed: ['$.x'] }));
    expect(l.ok).toBe(false);
    if (l.ok) return;
    expect(l.title).toMatch(/has a broken challenge\.json/);
    expect(l.issues[0].path).toBe(`challenges/${ID}/challenge.json`);
    expect(l.issues[0].message).toMatch(/goal must be a non-empty list/);
  });
});
