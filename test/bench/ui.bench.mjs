// UI benchmark: Lighthouse scores for the home page and a lesson page, and frame times in
// Chromium while packets animate on each lab page listed in test/bench/ui-scenarios.json.
// Prints figures; it does not fail on them (goals: performance >= 0.98, accessibility 1.0,
// best practices 1.0; while holding →: no main-thread task over 50 ms, no frame gap over
// 100 ms, p95 frame time <= 16.7 ms), then the same figures while the app opens, seeks,
// steps and scrubs a million-step trace (long-trace.mjs).
// Usage: npm run bench:ui [-- --mobile] [--only=lighthouse|frames|long] [--scenario=virtio]
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { serveDist } from '../e2e/server.mjs';
import { longTrace } from './long-trace.mjs';
import { describe, holdKey, longTasksSince, summarise, watchLongTasks } from './page-timing.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const MOBILE = process.argv.includes('--mobile');
/** `--only=frames` (or lighthouse, long): one part; `--scenario=virtio` narrows the labs measured. */
const PART = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const ONLY = process.argv.find((a) => a.startsWith('--scenario='))?.slice(11);
const HOLD_MS = 4000;
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (!existsSync(CHROME)) {
  console.log(`bench:ui: skipped: no Chromium at ${CHROME} (apt-get install chromium)`);
  process.exit(0);
}
if (!existsSync('dist/index.html') && spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);

const server = await serveDist('dist', '/bench/sub/path/');
try {
  if (!PART || PART === 'lighthouse') {
    homeJs();
    await lighthouseScores([
      ['home', server.url],
      ['lesson', `${server.url}#/lesson/bridge-01-learning/0`],
    ]);
  }
  if (!PART || PART === 'frames') await frameTimes(server.url);
} finally {
  await server.close();
}
if (!PART || PART === 'long') await longTrace();

/** gzip size of the JavaScript the home page loads before any interaction: entry + its static imports. */
function homeJs() {
  const html = readFileSync('dist/index.html', 'utf8');
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const src = readFileSync(`dist/${rel}`, 'utf8');
    for (const m of src.matchAll(/(?:^|[;\s])import\s*(?:[\w{},*\s$]+from\s*)?["']\.\/([\w.-]+\.js)["']/g))
      visit(`assets/${m[1]}`);
  };
  for (const m of html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.\/([^"]+\.js)"/g))
    visit(m[1]);
  const gz = [...seen].reduce((n, f) => n + gzipSync(readFileSync(`dist/${f}`)).length, 0);
  console.log(`home page JavaScript: ${(gz / 1024).toFixed(1)} KB gzip in ${seen.size} file(s) (budget 150 KB)`);
}

async function lighthouseScores(pages) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const config = MOBILE ? undefined : (await import('lighthouse/core/config/desktop-config.js')).default;
  console.log(`Lighthouse (${MOBILE ? 'mobile, simulated throttling' : 'desktop preset'}):`);
  for (const [name, url] of pages) {
    const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
    try {
      const r = await lighthouse(
        url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
        },
        config,
      );
      const c = r.lhr.categories;
      const fmt = (k) => c[k].score?.toFixed(2) ?? 'n/a';
      console.log(
        `  ${name.padEnd(7)} performance ${fmt('performance')}  accessibility ${fmt('accessibility')}  best practices ${fmt('best-practices')}`,
      );
      for (const k of ['performance', 'accessibility', 'best-practices']) {
        for (const ref of c[k].auditRefs) {
          const a = r.lhr.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 0.9)
            console.log(`      ${k}: ${a.id} ${a.score} ${a.displayValue ?? ''} ${a.title}`);
        }
      }
    } finally {
      chrome.kill();
    }
  }
}

async function frameTimes(base) {
  const { chromium } = await import('playwright-core');
  const { scenarios } = JSON.parse(readFileSync('test/bench/ui-scenarios.json', 'utf8'));
  const browser = await chromium.launch({
    executablePath: CHROME,
    args: FLAGS.filter((f) => !f.startsWith('--headless')),
  });
  try {
    console.log(
      `Holding → for ${HOLD_MS / 1000} s on each lab's heaviest scenario (1280x720; targets: no task over 50 ms, no frame gap over 100 ms, p95 frame at most 16.7 ms, one refresh; ! marks a miss):`,
    );
    for (const s of scenarios) {
      if (ONLY && !`${s.lab}/${s.scenario}`.includes(ONLY)) continue;
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await watchLongTasks(page);
      const t0 = Date.now();
      await page.goto(`${base}#/lab/${s.lab}/${s.scenario}/0`);
      try {
        await page.getByTestId('position').waitFor({ timeout: 60_000 });
      } catch {
        console.log(`  ${s.lab}/${s.scenario}: the lab page did not show a stepper (is the scenario registered?)`);
        await page.close();
        continue;
      }
      const opened = Date.now() - t0;
      const openTasks = summarise(await longTasksSince(page, 0), []);
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      const held = await holdKey(page, 'ArrowRight', HOLD_MS);
      const position = (await page.getByTestId('position').textContent())?.trim();
      console.log(`  ${s.lab}/${s.scenario}: ${describe(held)}; reached ${position}`);
      console.log(
        `      opening: ${(opened / 1000).toFixed(1)} s, worst task ${openTasks.worstTask.toFixed(0)} ms (${openTasks.tasks} over 50 ms)`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
