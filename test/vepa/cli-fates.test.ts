// The CLI runs the lab's scenarios with the same fates as the browser: the CLI's JSON
// report (a separate process) must list, for every injected frame, the same deliveries
// and drops as the in-process run the browser does (loadScenario + runScenario), and every
// scenario's own expectations must hold (exit code 0).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { run } from '../helpers/run';

const dir = 'src/scenarios/vepa';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('CLI and browser agree on every VEPA scenario', () => {
  it('covers the lab scenarios', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const f of files) {
    it(
      f,
      () => {
        const out = execFileSync('node', ['--import', 'tsx', 'src/cli/scenario.ts', `${dir}/${f}`, '--json'], {
          encoding: 'utf8',
        });
        const report = JSON.parse(out) as {
          frames: {
            origin: number;
            delivered: { node: string; step: number }[];
            dropped: { node: string; reason: string }[];
          }[];
          expectations: { ok: boolean; message: string }[];
        };
        const t = run(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
        const mine = t.fates.map((x) => ({
          origin: x.origin,
          delivered: x.delivered.map((d) => `${d.node}@${d.step}`),
          dropped: x.dropped.map((d) => `${d.node}: ${d.reason}`),
        }));
        const cli = report.frames.map((x) => ({
          origin: x.origin,
          delivered: x.delivered.map((d) => `${d.node}@${d.step}`),
          dropped: x.dropped.map((d) => `${d.node}: ${d.reason}`),
        }));
        expect(cli).toEqual(mine);
        expect(report.expectations.filter((e) => !e.ok)).toEqual([]);
        expect(report.expectations.length).toBeGreaterThan(0);
      },
      30_000,
    );
  }
});
