import { describe, expect, it } from 'vitest';
import {
  BACKUP_KEY,
  LEGACY_KEY,
  PROGRESS_KEY,
  loadProgress,
  saveProgress,
  withLesson,
  withTry,
  isFinal,
  own,
} from '../../src/app/progress/store';
import { MemoryStorage } from './fixtures';

describe('progress store', () => {
  it('starts empty and keeps what it saves', () => {
    const s = new MemoryStorage();
    expect(loadProgress(s)).toEqual({ progress: { version: 1, lessons: {} } });
    const p = withLesson({ version: 1, lessons: {} }, 'l1', (l) => ({
      ...l,
      step: 4,
      answers: { a: { choice: 'p1', correct: true, tries: 1, firstTryCorrect: true } },
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

  it('reads answers saved before tries were counted as final', () => {
    const s = new MemoryStorage();
    const old = {
      version: 1,
      lessons: {
        l: { step: 3, answers: { a: { choice: 'x', correct: false }, b: { choice: 'y', correct: true } }, done: false },
      },
    };
    s.setItem(PROGRESS_KEY, JSON.stringify(old));
    const r = loadProgress(s);
    expect(r.notice).toBeUndefined();
    expect(r.progress.lessons.l.answers).toEqual({
      a: { choice: 'x', correct: false, tries: 2, firstTryCorrect: false },
      b: { choice: 'y', correct: true, tries: 1, firstTryCorrect: true },
    });
    expect(isFinal(r.progress.lessons.l.answers.a)).toBe(true);
  });

  it('counts tries and keeps whether the first was right', () => {
    const one = withTry(undefined, 'p2', false);
    expect(one).toEqual({ choice: 'p2', correct: false, tries: 1, firstTryCorrect: false });
    expect(isFinal(one)).toBe(false);
    const two = withTry(one, 'p1', true);
    expect(two).toEqual({ choice: 'p1', correct: true, tries: 2, firstTryCorrect: false });
    expect(isFinal(two)).toBe(true);
    expect(isFinal(withTry(one, 'p3', false))).toBe(true);
  });

  it.each([
    ['tries out of range', { choice: 'a', correct: false, tries: 7, firstTryCorrect: false }],
    ['tries without firstTryCorrect', { choice: 'a', correct: false, tries: 1 }],
  ])('resets an answer with %s', (_, a) => {
    const s = new MemoryStorage();
    s.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, lessons: { l: { step: 1, answers: { c: a } } } }));
    expect(loadProgress(s).notice).toMatch(/unexpected shape/);
  });

  it('keeps "__proto__" and "constructor" as plain keys, never prototypes', () => {
    const s = new MemoryStorage();
    const answer = { choice: 'a', correct: true, tries: 1, firstTryCorrect: true };
    s.setItem(
      PROGRESS_KEY,
      `{"version":1,"lessons":{"__proto__":{"step":2,"answers":{"__proto__":${JSON.stringify(answer)}}},"x":{"step":1,"answers":{}}}}`,
    );
    const r = loadProgress(s);
    expect(r.notice).toBeUndefined();
    const lessons = r.progress.lessons;
    expect(Object.getPrototypeOf(lessons)).toBe(Object.prototype);
    expect(Object.hasOwn(lessons, '__proto__')).toBe(true);
    expect(own(lessons, '__proto__')?.step).toBe(2);
    const answers = own(lessons, '__proto__')!.answers;
    expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
    expect(own(answers, '__proto__')).toEqual(answer);
    // A checkpoint called "constructor" is not answered just because objects have one.
    expect(own(lessons.x.answers, 'constructor')).toBeUndefined();
    expect(isFinal(own(lessons.x.answers, 'constructor'))).toBe(false);
  });
});
