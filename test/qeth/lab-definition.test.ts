// The qeth lab as the app sees it: registered once, every scenario file offered in the
// teaching order, each loading and running with the engine.
import { describe, expect, it } from 'vitest';
import { labs } from '../../src/app/labs/registry';
import { qethLab } from '../../src/views/qeth/lab';
import { buildRun } from '../../src/app/run/build-run';

describe('qeth lab definition', () => {
  it('is registered in the app once', () => {
    expect(labs.filter((l) => l.id === 'qeth')).toEqual([qethLab]);
  });

  it('offers every scenario in teaching order, each titled and runnable', async () => {
    expect(qethLab.scenarios.map((s) => s.id)).toEqual([
      'router-fallback',
      'duplicate-registration',
      'eighty-guests',
      'isolation-forward',
      'qeth-isolation-via-router',
      'isolation-and-layer2',
      'table-or-flood',
      'one-mac-for-all',
    ]);
    for (const s of qethLab.scenarios) {
      expect(s.title).not.toBe(s.id);
      const run = buildRun(await s.load(), s.id);
      expect(run.ok, s.id).toBe(true);
    }
  });
});
