// End-to-end tests in Debian's Chromium through playwright-core, against the built dist/
// served from a sub-path. Prints "N passed, M failed"; exits non-zero on failure.
// Without Chromium: one line and exit 0 locally, exit 1 in CI.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { serveDist } from './server.mjs';
import { runTests, ARTIFACTS } from './harness.mjs';
import { appTests } from './app.spec.mjs';
import { lessonTests } from './lesson.spec.mjs';
import { presenterTests } from './presenter.spec.mjs';
import { finishTests } from './finish.spec.mjs';
import { stageTests } from './stage.spec.mjs';
import { axeTests } from './axe.spec.mjs';
import { viewsCTests } from './views-c.spec.mjs';
import { viewsDTests } from './views-d.spec.mjs';
import { screenReaderTests } from './screenreader.spec.mjs';
import { editShareTests } from './edit-share.spec.mjs';
import { offlineTests } from './offline.spec.mjs';
import { challengeTests } from './challenge.spec.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const CI = process.env.CI === 'true' || process.env.CI === '1';

if (!existsSync(CHROME)) {
  console.log(`e2e: skipped: no Chromium at ${CHROME} (apt-get install chromium)`);
  process.exit(CI ? 1 : 0);
}
if (!existsSync('dist/index.html')) {
  console.log('e2e: dist/ is missing; building it (npm run build)');
  const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const { chromium } = await import('playwright-core');
const server = await serveDist('dist', '/some/sub/path/');
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
let result;
try {
  console.log(`e2e: ${server.url} in ${CHROME}; screenshots in ${ARTIFACTS}/`);
  result = await runTests(
    browser,
    server.url,
    [
      ...appTests,
      ...lessonTests,
      ...presenterTests,
      ...finishTests,
      ...stageTests,
      ...viewsCTests,
      ...viewsDTests,
      ...axeTests,
      ...screenReaderTests,
      ...editShareTests,
      ...offlineTests,
      ...challengeTests,
    ],
    {
      only: process.argv[2],
      // A loaded machine can need more than the default 60 s per test.
      ...(Number(process.env.E2E_TIMEOUT_MS) > 0 && { timeoutMs: Number(process.env.E2E_TIMEOUT_MS) }),
    },
  );
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed ? 1 : 0);
