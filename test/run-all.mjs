#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failure: type
// checks, lint, every Vitest suite, the production build, then the browser tests.
// The last line is "tests: N passed, M failed" over the unit and end-to-end tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

mkdirSync('test-artifacts', { recursive: true });
let passed = 0;
let failed = 0;

function run(label, cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: opts.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: process.env,
  });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${label} FAILED (exit ${r.status ?? r.signal}) after ${secs}s`);
    return { ok: false, out: r.stdout ?? '' };
  }
  console.log(`=== ${label} ok (${secs}s)`);
  return { ok: true, out: r.stdout ?? '' };
}

function finish(ok) {
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

if (!run('type check', 'npm', ['run', '--silent', 'check']).ok) finish(false);
if (!run('lint', 'npm', ['run', '--silent', 'lint']).ok) finish(false);

const unit = run('unit tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-artifacts/vitest.json',
]);
if (existsSync('test-artifacts/vitest.json')) {
  const j = JSON.parse(readFileSync('test-artifacts/vitest.json', 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (unit.ok ? 0 : j.numFailedTests ? 0 : 1);
} else if (!unit.ok) failed += 1;
if (!unit.ok) finish(false);

if (!run('build', 'npm', ['run', '--silent', 'build']).ok) finish(false);

const e2e = run('browser tests', 'npm', ['run', '--silent', 'test:e2e'], { capture: true });
const m = /(\d+) passed, (\d+) failed/.exec(e2e.out);
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]);
} else if (!e2e.ok) failed += 1;
finish(e2e.ok);
