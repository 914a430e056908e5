// The panel's promise: every value it offers for every setting of every bundled scenario
// is one the loader accepts and the engine runs. Choices the loader refuses must be marked
// refused (with its reason) and are checked to really be refused.
import { describe, expect, it } from 'vitest';
import {
  applySetting,
  listSettings,
  loaderProblems,
  type Setting,
  type SettingGroup,
} from '../../../src/app/settings/settings-model';
import { simulate } from '../../../src/app/run/build-run';
import { bundledScenarios } from './bundled-scenarios';

/** The values a setting offers: its choices the loader allows, or its range's ends and default. */
function offered(s: Setting): unknown[] {
  if (s.choices) return s.choices.filter((c) => !c.refused && c.value !== s.value).map((c) => c.value);
  if (s.kind === 'integer' || s.kind === 'number' || s.kind === 'duration') {
    const vs = [s.min, s.max].filter((v): v is number => v !== undefined);
    return [...new Set(vs)].filter((v) => v !== s.value);
  }
  return [];
}

// Budgets keep a changed run short: the point is that the engine takes the value, not how
// long the scenario runs (a larger ring or a longer delay may run much longer).
const bounded = (json: unknown) => ({ ...(json as object), maxSteps: 500, maxEvents: 100_000 });

/**
 * Groups the engine runs for: all of them, except in a scenario of many alike nodes (the
 * 80 guests of eighty-guests.json), where the first few of each type run and the rest,
 * configured alike, are checked by the loader only (listSettings already loaded each).
 */
function runsFor(groups: readonly SettingGroup[]): Set<SettingGroup> {
  if (groups.length <= 20) return new Set(groups);
  const seen = new Map<string, number>();
  return new Set(
    groups.filter((g) => {
      const n = (seen.get(g.type) ?? 0) + 1;
      seen.set(g.type, n);
      return n <= 4;
    }),
  );
}

describe('every offered setting value loads and runs', () => {
  for (const { file, json } of bundledScenarios().filter(
    (s) => !process.env.ONLY || s.file.includes(process.env.ONLY),
  )) {
    it(
      file,
      () => {
        expect(loaderProblems(json)).toEqual([]);
        const groups = listSettings(json);
        expect(groups.length).toBeGreaterThan(0);
        const running = runsFor(groups);
        let tried = 0;
        for (const g of groups)
          for (const s of g.settings) {
            for (const c of s.choices ?? [])
              if (c.refused)
                expect(loaderProblems(applySetting(json, s.path, c.value)).length, s.pathText).toBeGreaterThan(0);
            for (const v of offered(s)) {
              const next = applySetting(json, s.path, v);
              if (!running.has(g)) {
                expect(loaderProblems(next), `${s.pathText} = ${JSON.stringify(v)}`).toEqual([]);
                continue;
              }
              // simulate() loads first: a refused value comes back as the loader's problems.
              const run = simulate(bounded(next));
              const got = run.ok ? 'ran' : run.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
              expect(got, `${s.pathText} = ${JSON.stringify(v)}`).toBe('ran');
              tried++;
            }
          }
        expect(tried).toBeGreaterThan(0);
      },
      300_000,
    );
  }
});
