// Model-based tests: every state and every transition of every VDP/ECP machine, walked by
// @xstate/graph and replayed through the engine's runner. Prints the coverage table.
import { describe, expect, it } from 'vitest';
import { allModels } from './models';
import { runModel, type ModelResult } from './mbt';

const results: ModelResult[] = [];

describe('VDP/ECP machines, model-based', () => {
  for (const spec of allModels) {
    it(`${spec.name}: every state and transition, engine agrees with transition()`, () => {
      const r = runModel(spec);
      results.push(r);
      expect(r.disagreements, r.disagreements.slice(0, 5).join('\n')).toEqual([]);
      expect(r.states.missing).toEqual([]);
      expect(r.transitions.missing).toEqual([]);
      expect(r.transitions.taken).toBe(r.transitions.defined);
    });
  }
  it('prints the coverage table', () => {
    const lines = results.map(
      (r) =>
        `${r.name.padEnd(20)} states ${r.states.visited}/${r.states.defined}  transitions ${r.transitions.taken}/${r.transitions.defined} (${((100 * r.transitions.taken) / r.transitions.defined).toFixed(0)}%)  walks ${r.walks}`,
    );
    console.log(`Transition coverage (model-based, @xstate/graph):\n${lines.join('\n')}`);
    expect(results.length).toBe(allModels.length);
  });
});
