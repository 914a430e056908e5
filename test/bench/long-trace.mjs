#!/usr/bin/env node
// A million-step trace in the built app: does the page stay responsive while it opens the
// trace and seeks to the end and back? Builds the app with `vite build --mode bench` (the
// only build that lists test/bench/scenarios/bridge/million-steps.json in the bridge lab),
// opens #/lab/bridge/million-steps/0 in Chromium, then seeks to the end and back, holds →
// and ←, and drags the slider, printing for each phase the worst main-thread long task
// (PerformanceObserver 'longtask', tasks over 50 ms) and the worst gap between painted
// frames (page-timing.mjs). Prints figures; it does not fail on them (goal: no task over
// 50 ms, no frame gap over 100 ms: nothing that freezes the page).
// Usage: node test/bench/long-trace.mjs (also the last part of npm run bench:ui).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveDist } from '../e2e/server.mjs';
import {
  describe,
  during,
  holdKey,
  longTasksSince,
  startFrames,
  stopFrames,
  summarise,
  watchLongTasks,
} from './page-timing.mjs';

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
    await watchLongTasks(page);
    const position = async () => (await page.getByTestId('position').textContent()).trim();
    const report = (name, s) =>
      console.log(`  ${name.padEnd(30)} ${(s.wallMs / 1000).toFixed(2).padStart(6)} s; ${describe(s)}; at ${s.at}`);
    console.log(
      `A million-step trace in the app (${ROUTE}, 1280x800; targets: no main-thread task over 50 ms, no frame gap over 100 ms; ! marks a miss):`,
    );

    // Opening: the run happens in the engine worker; the page must keep painting meanwhile.
    const t0 = Date.now();
    await page.goto(`${server.url}${ROUTE}`, { waitUntil: 'domcontentloaded' });
    await startFrames(page);
    try {
      await page.getByTestId('position').waitFor({ timeout: 600_000 });
    } catch {
      return console.log(`  the stepper did not appear within 10 minutes${errors.length ? `: ${errors[0]}` : ''}`);
    }
    await page.waitForTimeout(1000);
    const openGaps = await stopFrames(page);
    report('open (run in the worker)', {
      ...summarise(await longTasksSince(page, 0), openGaps),
      wallMs: Date.now() - t0,
      at: await position(),
    });

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const phase = async (name, action) => {
      const before = await position();
      const s = await during(page, async () => {
        await action();
        // Wait for the position to move (a seek may take a while), at most a minute.
        await page
          .waitForFunction((b) => document.querySelector('[data-testid=position]')?.textContent?.trim() !== b, before, {
            timeout: 60_000,
          })
          .catch(() => {});
      });
      report(name, { ...s, at: await position() });
    };
    await phase('seek to the end (End)', () => page.keyboard.press('End'));
    await phase('seek back to the start (Home)', () => page.keyboard.press('Home'));
    const hold = async (name, key) => {
      const t = Date.now();
      const s = await holdKey(page, key, 3000);
      report(name, { ...s, wallMs: Date.now() - t, at: await position() });
    };
    await hold('hold → for 3 s from the start', 'ArrowRight');
    await phase('seek to the end again (End)', () => page.keyboard.press('End'));
    await hold('hold ← for 3 s from the end', 'ArrowLeft');
    await phase('scrub the slider 10% → 90%', async () => {
      const box = await page.locator('#scrubber').boundingBox();
      if (!box) return;
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.1, y);
      await page.mouse.down();
      for (let k = 1; k <= 40; k++) {
        await page.mouse.move(box.x + box.width * (0.1 + (0.8 * k) / 40), y);
        await page.waitForTimeout(50);
      }
      await page.mouse.up();
    });
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await longTrace();
