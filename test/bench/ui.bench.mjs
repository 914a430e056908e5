// UI benchmark: Lighthouse scores for the home page and a lesson page, and frame times in
// Chromium while packets animate on each lab page listed in test/bench/ui-scenarios.json.
// Prints figures; it does not fail on them (goals: performance >= 0.98, accessibility 1.0,
// best practices 1.0, p95 frame time <= 16.7 ms), then the long tasks while the app opens
// and seeks a million-step trace (long-trace.mjs). Usage: npm run bench:ui [-- --mobile]
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { serveDist } from '../e2e/server.mjs';
import { longTrace } from './long-trace.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const MOBILE = process.argv.includes('--mobile');
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
  homeJs();
  await lighthouseScores([
    ['home', server.url],
    ['lesson', `${server.url}#/lesson/bridge-01-learning/0`],
  ]);
  await frameTimes(server.url);
} finally {
  await server.close();
}
await longTrace();

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
    console.log('Frame times while packets animate (requestAnimationFrame intervals, 1280x720):');
    for (const s of scenarios) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${base}#/lab/${s.lab}/${s.scenario}/0`);
      try {
        await page.getByTestId('position').waitFor({ timeout: 20_000 });
      } catch {
        console.log(`  ${s.lab}/${s.scenario}: the lab page did not show a stepper (is the scenario registered?)`);
        await page.close();
        continue;
      }
      await page.getByLabel('Speed').selectOption(String(s.speed ?? 4));
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      const r = await page.evaluate(async (ms) => {
        const gaps = [];
        let last = performance.now();
        const end = last + ms;
        document.querySelector('button.play')?.click();
        await new Promise((done) => {
          const tick = (t) => {
            gaps.push(t - last);
            last = t;
            if (t < end) requestAnimationFrame(tick);
            else done();
          };
          requestAnimationFrame(tick);
        });
        return { gaps: gaps.slice(2), position: document.querySelector('[data-testid=position]')?.textContent };
      }, 4000);
      const g = r.gaps.sort((a, b) => a - b);
      const q = (p) => g[Math.min(g.length - 1, Math.floor(p * g.length))].toFixed(1);
      const long = g.filter((x) => x > 25).length;
      console.log(
        `  ${s.lab}/${s.scenario} at ${s.speed}x: ${g.length} frames, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms, frames over 25 ms: ${long} (reached ${r.position?.trim()})`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
