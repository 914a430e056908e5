// Keyboard routing and presenter sync messages.
import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUTS } from '../../src/app/shell/shortcuts';
import { PresenterSync, isSyncMessage } from '../../src/app/presenter/sync';

const el = (tagName: string, extra: Record<string, unknown> = {}) =>
  ({ tagName, closest: () => null, ...extra }) as unknown as EventTarget;
const key = (k: string, target = el('BODY'), mods = {}) =>
  actionFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods });

describe('keyboard shortcuts', () => {
  it('maps each documented key to its action', () => {
    for (const s of SHORTCUTS) for (const k of s.keys) expect(key(k), k).toBe(s.action);
    expect(key('x')).toBeUndefined();
    expect(key('ArrowRight', el('BODY'), { ctrlKey: true })).toBeUndefined();
  });
  it('leaves keys to the focused control where they mean something there', () => {
    expect(key('ArrowRight', el('INPUT', { type: 'range' }))).toBeUndefined();
    expect(key('End', el('INPUT', { type: 'range' }))).toBeUndefined();
    expect(key(' ', el('INPUT', { type: 'range' }))).toBe('toggle');
    expect(key('?', el('INPUT', { type: 'range' }))).toBe('help');
    expect(key('n', el('INPUT', { type: 'text' }))).toBeUndefined();
    expect(key('ArrowDown', el('SELECT'))).toBeUndefined();
    expect(key(' ', el('INPUT', { type: 'radio' }))).toBeUndefined();
    expect(key('ArrowRight', el('INPUT', { type: 'radio' }))).toBeUndefined();
    expect(key(' ', el('BUTTON'))).toBeUndefined();
    expect(key(' ', el('BUTTON', { closest: () => ({}) }))).toBe('toggle');
    expect(key('ArrowRight', el('BUTTON'))).toBe('forward');
  });
});

describe('presenter sync', () => {
  it('accepts only well-formed messages', () => {
    expect(isSyncMessage({ type: 'step', lesson: 'a', step: 3, from: 'x' })).toBe(true);
    expect(isSyncMessage({ type: 'step', lesson: 'a', step: -1, from: 'x' })).toBe(false);
    expect(isSyncMessage({ type: 'step', lesson: 'a', step: '3', from: 'x' })).toBe(false);
    expect(isSyncMessage({ type: 'eval', lesson: 'a', from: 'x' })).toBe(false);
    expect(isSyncMessage(null)).toBe(false);
    expect(isSyncMessage({ type: 'reveal', lesson: 'a', ids: ['q1'], from: 'x' })).toBe(true);
    expect(isSyncMessage({ type: 'reveal', lesson: 'a', ids: [1], from: 'x' })).toBe(false);
    expect(isSyncMessage({ type: 'reveal', lesson: 'a', ids: 'q1', from: 'x' })).toBe(false);
    expect(isSyncMessage({ type: 'reveal', lesson: 'a', ids: new Array(501).fill('q'), from: 'x' })).toBe(false);
  });

  it('shares revealed questions with a window that opens later, and merges them', async () => {
    const settle = () => new Promise((r) => setTimeout(r, 30));
    const roomIds = new Set<string>(['q1']);
    const speakerIds = new Set<string>();
    const room = new PresenterSync(
      'l1',
      () => {},
      () => 3,
      {
        current: () => [...roomIds],
        apply: (ids) => ids.forEach((i) => roomIds.add(i)),
      },
    );
    const speaker = new PresenterSync(
      'l1',
      () => {},
      () => 0,
      {
        current: () => [...speakerIds],
        apply: (ids) => ids.forEach((i) => speakerIds.add(i)),
      },
    );
    speaker.hello();
    await settle();
    expect([...speakerIds]).toEqual(['q1']);
    speakerIds.add('q2');
    speaker.sendReveals([...speakerIds]);
    await settle();
    expect([...roomIds].sort()).toEqual(['q1', 'q2']);
    room.close();
    speaker.close();
  });

  it('keeps two windows on the same step both ways, without echoing', async () => {
    const seenA: number[] = [];
    const seenB: number[] = [];
    let stepA = 4;
    const a = new PresenterSync(
      'l1',
      (s) => {
        seenA.push(s);
        stepA = s;
      },
      () => stepA,
    );
    const b = new PresenterSync(
      'l1',
      (s) => seenB.push(s),
      () => 0,
    );
    const other = new PresenterSync(
      'l2',
      () => expect.fail('another lesson must not react'),
      () => 0,
    );
    const settle = () => new Promise((r) => setTimeout(r, 30));
    b.hello();
    await settle();
    expect(seenB).toEqual([4]);
    a.send(5);
    await settle();
    expect(seenB).toEqual([4, 5]);
    b.send(5); // b applied 5 from a: sending it back is suppressed
    b.send(7);
    await settle();
    expect(seenA).toEqual([7]);
    a.send(7); // a received 7: no echo
    await settle();
    expect(seenB).toEqual([4, 5]);
    for (const s of [a, b, other]) s.close();
  });
});
