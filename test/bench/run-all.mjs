#!/usr/bin/env node
// `npm run bench`: every test/bench/*.bench.ts in turn (the engine first), each bundled as
// the app is (bundle-and-run.mjs). Each prints its own figures and ratios measured in that
// run; none fails on noise.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readdirSync('test/bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .sort((a, b) => (a === 'engine.bench.ts' ? -1 : b === 'engine.bench.ts' ? 1 : a.localeCompare(b)));
let failed = 0;
for (const f of files) {
  console.log(`\n--- test/bench/${f}`);
  const r = spawnSync(process.execPath, ['test/bench/bundle-and-run.mjs', `test/bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
