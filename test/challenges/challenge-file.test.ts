// A broken challenge says what is wrong and where: challenge.json, index.md, a goal that
// does not fit the scenario, an allowed path the settings panel does not offer; and saved
// challenge progress that is damaged resets with a message like lesson progress does.
import { describe, expect, it } from 'vitest';
import { parseChallenge, parseChallengeText } from '../../src/app/challenges/challenge-file';
import { gradeOf, withGoal } from '../../src/app/challenges/grade';
import { allowedProblems } from '../../src/app/challenges/allowed';
import { buildRun } from '../../src/app/run/build-run';
import { parseLessonMarkdown } from '../../src/app/lessons/parse';
import { parsePathText, pathText } from '../../src/app/settings/json-path';
import { BACKUP_KEY, loadProgress, PROGRESS_KEY, withAttempt, emptyProgress } from '../../src/app/progress/store';
import { json } from './challenge-set';

const BRIDGE = 'bridge-01-keep-h3-out';
const good = json(BRIDGE, 'challenge.json') as Record<string, unknown>;

describe('challenge.json is read strictly', () => {
  it('the bundled one has no problems', () => {
    expect(parseChallenge(good).problems).toEqual([]);
  });

  it.each([
    ['not an object', [], /must be an object/],
    ['no goal', { ...good, goal: [] }, /goal must be a non-empty list/],
    [
      'a goal without words',
      { ...good, goal: [{ traffic: 0, dropped: true }] },
      /goal\[0\]\.description must say the goal in words/,
    ],
    ['a goal that is not an object', { ...good, goal: ['h3 hears nothing'] }, /goal\[0\] must be an object/],
    ['no hints', { ...good, hints: [] }, /hints must be a non-empty list/],
    ['an empty hint', { ...good, hints: ['look at h3', ' '] }, /hints\[1\] must be a non-empty string/],
    ['no allowed settings', { ...good, allowed: undefined }, /allowed must list at least one setting path/],
    [
      'an allowed path that is no path',
      { ...good, allowed: ['nodes[3].hairpin'] },
      /allowed\[0\] "nodes\[3\]\.hairpin" is not a setting path/,
    ],
    [
      'an allowed path twice',
      { ...good, allowed: ['$.nodes[0].config.mac', '$.nodes[0].config.mac'] },
      /allowed\[1\] .* is listed twice/,
    ],
    ['an unknown key', { ...good, solution: {} }, /unknown key "solution"/],
  ])('%s', (_, input, message) => {
    const { problems } = parseChallenge(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(message);
  });

  it("a goal the engine loader refuses is named as the challenge's goal[i]", () => {
    const { challenge } = parseChallenge({
      ...good,
      goal: [{ description: 'h9 gets it', traffic: 0, deliveredTo: ['h9'] }],
    });
    const g = gradeOf(buildRun(withGoal(json(BRIDGE, 'scenario.json'), challenge.goal), 'x', true), challenge.goal);
    expect(g.ok).toBe(false);
    if (g.ok) return;
    expect(g.issues[0].path).toMatch(/^challenge\.json goal\[0\]/);
    expect(g.issues[0].message).toMatch(/h9/);
  });

  it('an allowed path the start scenario has no setting for is an authoring problem', () => {
    const start = json(BRIDGE, 'scenario.json');
    expect(allowedProblems(start, ['$.nodes[3].config.ports[2].hairpin'])).toEqual([]);
    expect(allowedProblems(start, ['$.nodes[3].config.ports[7].hairpin'])[0]).toMatch(
      /allowed "\$\.nodes\[3\]\.config\.ports\[7\]\.hairpin" is not a setting of the start scenario/,
    );
  });

  it('setting paths read back the way pathText writes them', () => {
    const path = ['nodes', 3, 'config', 'ports', 2, 'bcastFlood'];
    expect(parsePathText(pathText(path))).toEqual(path);
    expect(parsePathText('nodes[3]')).toBeUndefined();
    expect(parsePathText('$.nodes[x]')).toBeUndefined();
  });
});

describe('index.md of a challenge', () => {
  const front = (extra: string) =>
    `---\ntitle: T\nlab: bridge\norder: 1\nsummary: S\nminutes: 5\n${extra}---\n\nDo this.\n`;

  it('says kind: challenge', () => {
    expect(parseChallengeText(front('kind: challenge\n')).problems).toEqual([]);
    expect(parseChallengeText(front('')).problems.join()).toMatch(/"kind" is missing/);
    expect(parseChallengeText(front('kind: quiz\n')).problems.join()).toMatch(/"kind" is "quiz"/);
  });

  it('has no step markers', () => {
    const t = parseChallengeText(front('kind: challenge\n') + '<!-- step: {"node":"br0"} -->\nmore\n');
    expect(t.problems.join()).toMatch(/no step markers/);
  });

  it('a lesson folder holding a challenge is told where challenges live', () => {
    expect(parseLessonMarkdown(front('kind: challenge\n')).problems.join()).toMatch(/lives in challenges\//);
    expect(parseLessonMarkdown(front('kind: lesson\n')).problems).toEqual([]);
  });
});

describe('challenge progress', () => {
  const storage = (value: string) => {
    const m = new Map<string, string>([[PROGRESS_KEY, value]]);
    return {
      m,
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    };
  };

  it('an attempt counts; solved stays solved', () => {
    let p = withAttempt(emptyProgress(), 'c', false);
    p = withAttempt(p, 'c', true);
    p = withAttempt(p, 'c', false);
    expect(p.challenges?.c).toEqual({ attempts: 3, solved: true });
  });

  it('saved challenge progress loads; progress saved before challenges existed too', () => {
    const s = storage(JSON.stringify({ version: 1, lessons: {}, challenges: { c: { attempts: 2, solved: true } } }));
    expect(loadProgress(s).progress.challenges).toEqual({ c: { attempts: 2, solved: true } });
    const old = storage(JSON.stringify({ version: 1, lessons: {} }));
    expect(loadProgress(old)).toEqual({ progress: { version: 1, lessons: {} } });
  });

  it('damaged challenge progress is reset with a message and a backup', () => {
    const raw = JSON.stringify({ version: 1, lessons: {}, challenges: { c: { attempts: 'many', solved: true } } });
    const s = storage(raw);
    const r = loadProgress(s);
    expect(r.notice).toMatch(/unexpected shape, so it was reset/);
    expect(r.progress).toEqual(emptyProgress());
    expect(s.m.get(BACKUP_KEY)).toBe(raw);
  });
});
