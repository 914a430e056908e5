// Every scenario of the macvlan lab loads, runs to completion with every frame accounted
// for, and meets its own expectations; the five-modes files are the mode switcher's
// output for the VEPA one (so the browser's switcher and the files can never disagree).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { checkExpectations } from '../../src/engine/scenario/expect';
import { deviceTypes } from '../../src/engine/devices/registry';
import { runScenario } from '../../src/engine/sim/simulator';
import { FIVE_MODES, withMode } from '../../src/views/macvlan/mode-switch';
import { load } from '../helpers/run';

const DIR = 'src/scenarios/macvlan/';
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const read = (f: string): Record<string, unknown> =>
  JSON.parse(readFileSync(DIR + f, 'utf8')) as Record<string, unknown>;

describe('macvlan scenarios', () => {
  it('there are scenarios', () => expect(files.length).toBeGreaterThanOrEqual(10));

  for (const f of files) {
    it(`${f}: name matches the file, runs, expectations hold, nothing left in flight`, () => {
      const json = read(f);
      expect(json.name).toBe(f.replace(/\.json$/, ''));
      const sc = load(json);
      const t = runScenario(sc, deviceTypes);
      for (const r of checkExpectations(sc, t)) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      expect(t.fates.every((x) => x.inFlight === 0)).toBe(true);
    });
  }

  it('five-modes-<mode>.json = withMode(five-modes-vepa.json, mode)', () => {
    const base = read('five-modes-vepa.json');
    for (const m of FIVE_MODES) expect(read(`five-modes-${m}.json`)).toEqual(withMode(base, m));
  });
});
