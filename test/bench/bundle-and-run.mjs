#!/usr/bin/env node
// Runs a *.bench.ts the way the browser runs the engine: bundled by Vite (no dev-loader
// helpers such as tsx's per-function __name wrappers, which cost the hot path several
// percent), then executed by Node (with --expose-gc, and any BENCH_NODE_FLAGS such as
// --cpu-prof). Usage: node test/bench/bundle-and-run.mjs <file.bench.ts>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'vite';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node test/bench/bundle-and-run.mjs <file.bench.ts>');
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), 'nvl-bench-'));
try {
  await build({
    configFile: false,
    ssr: { noExternal: true },
    logLevel: 'warn',
    build: {
      ssr: resolve(entry),
      outDir: out,
      minify: false,
      emptyOutDir: true,
      rollupOptions: { output: { entryFileNames: '[name].mjs' } },
    },
  });
  const r = spawnSync(
    process.execPath,
    [
      // --expose-gc: benches measure retained memory after a forced collection.
      '--expose-gc',
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      join(out, basename(entry).replace(/\.ts$/, '.mjs')),
    ],
    { stdio: 'inherit' },
  );
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
