import { describe, expect, it } from 'vitest';
import { changedRows, changeKind, stateDiff } from '../../src/views/state-diff';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Step, Trace } from '../../src/engine/sim/types';

const step = (index: number, changes: Step['changes']): Step => ({
  index,
  time: index,
  node: 'n',
  layer: 'L2',
  kind: 'state',
  decision: 'd',
  source: 's',
  changes,
});

const trace = {
  scenario: 't',
  seed: 1,
  topology: { nodes: [], links: [] },
  frames: [],
  fates: [],
  endTime: 0,
  counters: {},
  steps: [
    step(0, [{ key: 'br0/fdb/a', before: undefined, after: 'p1' }]),
    step(1, [
      { key: 'br0/fdb/a', before: 'p1', after: 'p2' },
      { key: 'x/y', before: undefined, after: 1 },
    ]),
    step(2, [{ key: 'br0/fdb/a', before: 'p2', after: undefined }]),
  ],
} as Trace;

describe('stateDiff', () => {
  const state = new StateIndex(trace, 2);
  it('lists keys learned, moved and forgotten under a prefix, either way', () => {
    expect([...stateDiff(state, -1, 0, 'br0/fdb/')]).toEqual([
      ['a', { key: 'br0/fdb/a', before: undefined, after: 'p1' }],
    ]);
    expect(stateDiff(state, 0, 1, 'br0/fdb/').get('a')).toEqual({ key: 'br0/fdb/a', before: 'p1', after: 'p2' });
    expect(stateDiff(state, 1, 2, 'br0/fdb/').get('a')).toEqual({ key: 'br0/fdb/a', before: 'p2', after: undefined });
    // Backward: the state at the cursor now is the "after".
    expect(stateDiff(state, 2, 1, 'br0/fdb/').get('a')).toEqual({ key: 'br0/fdb/a', before: undefined, after: 'p2' });
    expect([...stateDiff(state, 0, 1).keys()].sort()).toEqual(['br0/fdb/a', 'x/y']);
  });
  it('is empty when the cursor did not move', () => {
    expect(stateDiff(state, 1, 1).size).toBe(0);
  });
});

describe('changedRows', () => {
  const state = new StateIndex(trace, 2);
  it('names each row by its first segment and what happened to it', () => {
    expect(changeKind({ key: 'k', before: undefined, after: 1 })).toBe('added');
    expect(changeKind({ key: 'k', before: 1, after: undefined })).toBe('removed');
    expect(changeKind({ key: 'k', before: 1, after: 2 })).toBe('changed');
    expect([...changedRows(stateDiff(state, -1, 0, 'br0/fdb/'))]).toEqual([['a', 'added']]);
    expect([...changedRows(stateDiff(state, 0, 1, 'br0/fdb/'))]).toEqual([['a', 'changed']]);
    expect([...changedRows(stateDiff(state, 1, 2, 'br0/fdb/'))]).toEqual([['a', 'removed']]);
  });
  it('lets a row that appeared win over a sub-key that changed with it', () => {
    const d = new Map([
      ['0x0a01/ip/10.0.0.1', { key: 't/0x0a01/ip/10.0.0.1', before: undefined, after: {} }],
      ['0x0a01', { key: 't/0x0a01', before: undefined, after: {} }],
      ['0x0a02/ip/10.0.0.2', { key: 't/0x0a02/ip/10.0.0.2', before: {}, after: undefined }],
    ]);
    expect(Object.fromEntries(changedRows(d))).toEqual({ '0x0a01': 'added', '0x0a02': 'changed' });
  });
});
