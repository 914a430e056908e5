#!/usr/bin/env node
// A million-step trace in the built app: does the page stay responsive while it opens the
// trace and seeks to the end and back? Builds the app with `vite build --mode bench` (the
// only build that lists test/bench/scenarios/bridge/million-steps.json in the bridge lab),
// opens #/lab/bridge/million-steps/0 in Chromium and records every main-thread long task
// (PerformanceObserver 'longtask', tasks over 50 ms) in each phase. Prints figures; it
// does not fail on them (goal: no task over 50 ms, nothing that freezes the page).
// Usage: node test/bench/long-trace.mjs (also the last part of npm run bench:ui).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveDist } from '../e2e/server.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const OUT = 'test-artifacts/dist-bench';
const ROUTE = '#/lab/bridge/million-steps/0';

export async function longTrace() {
  if (!existsSync(CHROME)) return console.log(`long trace: skipped: no Chromium at ${CHROME}`);
  const b = spawnSync(
    'npx',
    ['vite', 'build', '--mode', 'bench', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (b.status !== 0) return console.log('long trace: the bench build failed');
  const { chromium } = await import('playwright-core');
  const server = await serveDist(OUT, '/bench/long/');
  const browser = await chromium.launch({
    executablePath: CHROME,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const mark = () => page.evaluate(() => performance.now());
    const tasksSince = (t0) => page.evaluate((t) => window.__longTasks.filter((x) => x.start >= t), t0);
    const position = () => page.getByTestId('position').textContent();
    const report = (name, tasks, ms) => {
      const worst = tasks.reduce((m, x) => Math.max(m, x.ms), 0);
      const total = tasks.reduce((n, x) => n + x.ms, 0);
      console.log(
        `  ${name.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(6)} s; long tasks: ${String(tasks.length).padStart(3)}, worst ${worst.toFixed(0).padStart(5)} ms, in all ${total.toFixed(0).padStart(6)} ms`,
      );
    };
    console.log(`A million-step trace in the app (${ROUTE}, 1280x800, main-thread long tasks over 50 ms):`);

    const t0 = Date.now();
    await page.goto(`${server.url}${ROUTE}`);
    const p0 = 0;
    try {
      await page.getByTestId('position').waitFor({ timeout: 600_000 });
    } catch {
      return console.log(`  the stepper did not appear within 10 minutes${errors.length ? `: ${errors[0]}` : ''}`);
    }
    await page.waitForTimeout(1000);
    const opened = Date.now() - t0;
    report('open (run in the worker)', await tasksSince(p0), opened);
    console.log(`    ${(await position()).trim()}`);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (const [name, key] of [
      ['seek to the end (End)', 'End'],
      ['seek back to the start (Home)', 'Home'],
      ['seek to the end again', 'End'],
    ]) {
      const m = await mark();
      const t = Date.now();
      const before = await position();
      await page.keyboard.press(key);
      await page.waitForFunction((b) => document.querySelector('[data-testid=position]')?.textContent !== b, before, {
        timeout: 600_000,
      });
      await page.waitForTimeout(500);
      report(name, await tasksSince(m), Date.now() - t);
      console.log(`    ${(await position()).trim()}`);
    }
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await longTrace();
