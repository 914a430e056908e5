// The state index answers "what is under this prefix" and "what changed between two
// cursors" from the change log and per-prefix key lists instead of the whole state. Both
// must say exactly what the whole state says: `under` what at() holds under the prefix
// (sorted by key), and stateDiff what comparing at(from) with at(to) key by key gives,
// in the same order. at() itself is checked against a replay in state-index-plain.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateIndex } from '../../src/engine/sim/state-index';
import { stepCount } from '../../src/engine/sim/trace-access';
import { stateDiff, type KeyChange } from '../../src/views/state-diff';
import { run } from '../helpers/run';

/** The definition: every key of the two whole states, compared by JSON text. */
function wholeDiff(state: StateIndex, from: number, to: number, prefix: string): Map<string, KeyChange> {
  const out = new Map<string, KeyChange>();
  if (from === to) return out;
  const a = state.at(from);
  const b = state.at(to);
  const same = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  for (const [key, after] of b)
    if (key.startsWith(prefix) && !same(a.get(key), after))
      out.set(key.slice(prefix.length), { key, before: a.get(key), after });
  for (const [key, before] of a)
    if (key.startsWith(prefix) && !b.has(key)) out.set(key.slice(prefix.length), { key, before, after: undefined });
  return out;
}

function wholeUnder(state: StateIndex, at: number, prefix: string): Record<string, unknown> {
  const all = state.at(at);
  const out: Record<string, unknown> = {};
  for (const k of [...all.keys()].sort()) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = all.get(k);
  return out;
}

const SCENARIOS = [
  ['src/scenarios/virtio/virtio-batch-burst.json', ['bp/', 'bp/ring/', '']],
  ['src/scenarios/bridge/learning.json', ['br0/fdb/', 'br0/', '']],
  ['src/scenarios/macvlan/macvtap-fill.json', ['H/', 'H/tap/', '']],
] as const;

describe('state index: prefix reads and diffs from the change log', () => {
  for (const [file, prefixes] of SCENARIOS) {
    const trace = run(JSON.parse(readFileSync(file, 'utf8')));
    // Small snapshot spacing too, so seeks cross snapshots.
    const indexes = [new StateIndex(trace), new StateIndex(trace, 7)];
    const n = stepCount(trace);
    it(`${file}: under and stateDiff equal the whole-state definitions (property)`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -1, max: n - 1 }),
          fc.integer({ min: -1, max: n - 1 }),
          fc.constantFrom(...prefixes),
          fc.constantFrom(...indexes),
          (from, to, prefix, state) => {
            expect(state.under(to, prefix)).toEqual(wholeUnder(state, to, prefix));
            const got = stateDiff(state, from, to, prefix);
            const want = wholeDiff(state, from, to, prefix);
            expect([...got.entries()]).toEqual([...want.entries()]);
          },
        ),
        { seed: 13, numRuns: 150 },
      );
    });
    it(`${file}: a single step forward and back changes what the step's changes say`, () => {
      const state = indexes[0];
      for (let c = 0; c < Math.min(n, 300); c++) {
        expect([...stateDiff(state, c - 1, c).entries()]).toEqual([...wholeDiff(state, c - 1, c, '').entries()]);
        expect([...stateDiff(state, c, c - 1).entries()]).toEqual([...wholeDiff(state, c, c - 1, '').entries()]);
      }
    });
  }
});
