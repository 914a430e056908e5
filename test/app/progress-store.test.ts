import { describe, expect, it } from 'vitest';
import {
  BACKUP_KEY,
  LEGACY_KEY,
  PROGRESS_KEY,
  loadProgress,
  saveProgress,
  withLesson,
} from '../../src/app/progress/store';
import { MemoryStorage } from './fixtures';

describe('progress store', () => {
  it('starts empty and keeps what it saves', () => {
    const s = new MemoryStorage();
    expect(loadProgress(s)).toEqual({ progress: { version: 1, lessons: {} } });
    const p = withLesson({ version: 1, lessons: {} }, 'l1', (l) => ({
      ...l,
      step: 4,
      answers: { a: { choice: 'p1', correct: true } },
    }));
    expect(saveProgress(s, p)).toBe(true);
    expect(loadProgress(s)).toEqual({ progress: p });
  });

  it('resets damaged JSON, says so, and keeps a backup', () => {
    const s = new MemoryStorage();
    s.setItem(PROGRESS_KEY, '{"version":1,"less');
    const r = loadProgress(s);
    expect(r.progress).toEqual({ version: 1, lessons: {} });
    expect(r.notice).toMatch(/damaged.*reset/);
    expect(s.getItem(BACKUP_KEY)).toBe('{"version":1,"less');
    expect(JSON.parse(s.getItem(PROGRESS_KEY)!)).toEqual({ version: 1, lessons: {} });
  });

  it.each([
    ['a future version', { version: 9, lessons: {} }],
    ['a step that is not a number', { version: 1, lessons: { a: { step: 'x', answers: {} } } }],
    ['a negative step', { version: 1, lessons: { a: { step: -3, answers: {} } } }],
    [
      'an answer without a boolean',
      { version: 1, lessons: { a: { step: 1, answers: { c: { choice: 'p1', correct: 'yes' } } } } },
    ],
    ['an array', [1, 2]],
    ['null', null],
  ])('resets %s', (_, value) => {
    const s = new MemoryStorage();
    s.setItem(PROGRESS_KEY, JSON.stringify(value));
    const r = loadProgress(s);
    expect(r.progress.lessons).toEqual({});
    expect(r.notice).toMatch(/unexpected shape/);
  });

  it('migrates the version 0 value and removes it', () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_KEY, JSON.stringify({ 'bridge-01-learning': 5, junk: 'x' }));
    const r = loadProgress(s);
    expect(r.progress.lessons).toEqual({ 'bridge-01-learning': { step: 5, answers: {}, done: false } });
    expect(r.notice).toMatch(/older version/);
    expect(s.getItem(LEGACY_KEY)).toBeNull();
    expect(loadProgress(s)).toEqual({ progress: r.progress });
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
      removeItem: () => {},
    };
    expect(loadProgress(broken).notice).toMatch(/cannot be read/);
    expect(saveProgress(broken, { version: 1, lessons: {} })).toBe(false);
  });
});
