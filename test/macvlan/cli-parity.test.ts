// The CLI (npm run scenario -- <file> --json) and the browser's run builder give the same
// fates for the lab's scenarios: both run the same engine on the same file.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildRun } from '../../src/app/run/build-run';

const files = ['five-modes-vepa', 'five-modes-bridge', 'demux-sriov-switchdev'];

describe('CLI and browser agree', () => {
  for (const id of files) {
    it(`${id}: same deliveries and drops per frame`, () => {
      const file = `src/scenarios/macvlan/${id}.json`;
      const out = execFileSync('npx', ['tsx', 'src/cli/scenario.ts', file, '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const cli = JSON.parse(out) as {
        frames: {
          origin: number;
          delivered: { node: string; step: number }[];
          dropped: { node: string; step: number }[];
        }[];
      };
      const run = buildRun(JSON.parse(readFileSync(file, 'utf8')));
      if (!run.ok) expect.fail(run.title);
      const norm = (d: readonly { node: string; step: number }[]) => d.map((x) => `${x.node}@${x.step}`);
      expect(cli.frames.map((f) => [f.origin, norm(f.delivered), norm(f.dropped)])).toEqual(
        run.trace.fates.map((f) => [f.origin, norm(f.delivered), norm(f.dropped)]),
      );
    }, 30_000);
  }
});
