import { describe, expect, it } from 'vitest';
import { moveIn, treeItems } from '../../src/views/stage/tree-nav';

// Two devices: h1 with three layers, sw with two. Expected moves follow the WAI-ARIA APG
// tree pattern (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/) with every node expanded.
const cols = [
  { id: 'h1', slots: [{}, {}, {}] },
  { id: 'sw', slots: [{}, {}] },
] as never;
const items = treeItems(cols);
const k = (node: string, slot: number) => ({ node, slot });

describe('layer stage tree: keyboard moves', () => {
  it('lists each device before its layers, in drawing order', () => {
    expect(items).toEqual([k('h1', -1), k('h1', 0), k('h1', 1), k('h1', 2), k('sw', -1), k('sw', 0), k('sw', 1)]);
  });
  it('Down and Up walk every item in order and stop at the ends', () => {
    expect(moveIn(items, k('h1', 2), 'ArrowDown')).toEqual(k('sw', -1));
    expect(moveIn(items, k('sw', -1), 'ArrowUp')).toEqual(k('h1', 2));
    expect(moveIn(items, k('sw', 1), 'ArrowDown')).toEqual(k('sw', 1));
    expect(moveIn(items, k('h1', -1), 'ArrowUp')).toEqual(k('h1', -1));
  });
  it('Right enters a device, Left returns to it; both stay put (and are kept) where they cannot go', () => {
    expect(moveIn(items, k('sw', -1), 'ArrowRight')).toEqual(k('sw', 0));
    expect(moveIn(items, k('sw', 1), 'ArrowLeft')).toEqual(k('sw', -1));
    expect(moveIn(items, k('sw', 1), 'ArrowRight')).toEqual(k('sw', 1));
    expect(moveIn(items, k('h1', -1), 'ArrowLeft')).toEqual(k('h1', -1));
  });
  it('Home and End go to the first and last item; other keys are left to the page', () => {
    expect(moveIn(items, k('h1', 1), 'End')).toEqual(k('sw', 1));
    expect(moveIn(items, k('sw', 0), 'Home')).toEqual(k('h1', -1));
    expect(moveIn(items, k('sw', 0), 'PageDown')).toBeUndefined();
    expect(moveIn(items, k('sw', 0), ' ')).toBeUndefined();
    expect(moveIn(items, k('nope', 0), 'ArrowDown')).toBeUndefined();
  });
});
