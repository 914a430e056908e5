// The shared scenario-list builder every lab uses: titles from the lab's table, its
// teaching order, and files the table forgets still listed (last, titled by file name).
import { describe, expect, it } from 'vitest';
import { labScenarios } from '../../src/views/lab-scenarios';

const load = () => Promise.resolve({});
const files = {
  '/src/scenarios/x/zeta-run.json': load,
  '/src/scenarios/x/b.json': load,
  '/src/scenarios/x/a.json': load,
  '/src/scenarios/x/extra_one.json': load,
};

describe('labScenarios', () => {
  it('titles and orders scenarios by the lab table, unknown files last by id', () => {
    const list = labScenarios(files, { b: ['Bee', 'second letter'], 'zeta-run': ['Zeta', 'last letter'] });
    expect(list.map((s) => s.id)).toEqual(['b', 'zeta-run', 'a', 'extra_one']);
    expect(list[0]).toMatchObject({ title: 'Bee', summary: 'second letter' });
    expect(list[3]).toMatchObject({ title: 'Extra one', summary: '' });
    expect(list[0].load).toBe(load);
  });

  it('titles every file from its name when the lab gives no table', () => {
    expect(labScenarios(files).map((s) => s.title)).toEqual(['A', 'B', 'Extra one', 'Zeta run']);
  });
});
