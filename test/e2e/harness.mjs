// A very small test harness for the end-to-end run: named tests in order, each in a fresh
// browser context, a time limit each, page errors collected and failing the test.
import { mkdir, rm } from 'node:fs/promises';

export const ARTIFACTS = 'test-artifacts/e2e';

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function equal(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/**
 * Waits until the lab's mechanism view has drawn the stepper's cursor. The view follows the
 * stepper one task later (src/views/view-cursor.svelte.ts), so reading it right after the
 * stepper moved can read the step before; under load that lag is long enough to matter.
 */
export async function mechCaughtUp(page, timeout = 5000) {
  await page.waitForFunction(
    () => {
      const mech = document.querySelector('.mech[data-drawn]');
      const pos = document.querySelector('[data-testid="position"][data-cursor]');
      return !mech || !pos || mech.dataset.drawn === pos.dataset.cursor;
    },
    undefined,
    { timeout },
  );
}

/**
 * Runs `tests` ([{ name, run(ctx), viewport?, touch?, timeoutMs? }]) and returns { passed, failed }.
 * `touch` makes a phone-like context (touch events, mobile viewport rules). The site's
 * service worker runs in every test (each context has its own caches) unless a test sets
 * `serviceWorkers: 'block'`.
 */
export async function runTests(browser, baseUrl, tests, { timeoutMs = 60_000, only } = {}) {
  await rm(ARTIFACTS, { recursive: true, force: true });
  await mkdir(ARTIFACTS, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const context = await browser.newContext({
      viewport: t.viewport ?? { width: 1280, height: 720 },
      hasTouch: !!t.touch,
      isMobile: !!t.touch,
      acceptDownloads: true,
      serviceWorkers: t.serviceWorkers ?? 'allow',
    });
    const errors = [];
    const watch = (page) => {
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
      page.on('dialog', (d) => {
        errors.push(`unexpected dialog: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
    };
    context.on('page', watch);
    const page = await context.newPage();
    const shot = async (name, p = page) => p.screenshot({ path: `${ARTIFACTS}/${name}.png` });
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.run({ page, context, baseUrl, shot, errors }),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(`timed out after ${t.timeoutMs ?? timeoutMs} ms`)),
              t.timeoutMs ?? timeoutMs,
            )),
        ),
      ]);
      const unexpected = errors.filter((e) => !(t.allowErrors ?? []).some((re) => re.test(e)));
      if (unexpected.length) throw new Error(unexpected.join('\n'));
      passed++;
      console.log(`  ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(
        `  FAIL ${t.name}\n       ${String(e?.message ?? e)
          .split('\n')
          .join('\n       ')}`,
      );
      await shot(`FAILED-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  }
  return { passed, failed };
}
