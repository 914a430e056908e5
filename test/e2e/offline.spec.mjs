// Offline and installable (issue 14 item 6): every built file is in the service worker's
// precache; after one visit the site reloads and runs with the network off (home, a lab
// whose engine worker starts offline, a lesson, a shared link, a new tab); a new deployment
// is announced and "Reload" starts it. Each test serves its own copy of dist/ (on the same
// sub-path as the other specs) so it can stop the server or deploy a changed build.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'fflate';
import { serveDist } from './server.mjs';
import { assert, equal } from './harness.mjs';

const BASE = '/some/sub/path/';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's WCAG 2.2 AA findings inside the update notice. */
async function axeNotice(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run('.updates', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}  ${n.target.join(' ')}`));
  });
}
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** The precache list that Workbox wrote into sw.js: [{ url, revision }]. */
export function precacheEntries(swText) {
  const entries = [...swText.matchAll(/\{url:"([^"]+)",revision:(?:null|"([0-9a-f]+)")\}/g)].map((m) => ({
    url: m[1],
    revision: m[2] ?? null,
  }));
  if (!entries.length) throw new Error('sw.js: no precache list found (the Workbox output changed its shape?)');
  return entries;
}

async function filesUnder(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
  }
  return out.sort();
}

async function running(page) {
  await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
}

/** First visit: wait until the service worker has cached everything and controls the page. */
async function firstVisit(page, url) {
  await page.goto(url);
  await running(page);
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 30_000 });
}

const position = (page) => page.getByTestId('position').first();

export const offlineTests = [
  {
    name: 'offline: every built file is in the service worker precache, once, with its current revision',
    async run() {
      const sw = await readFile('dist/sw.js', 'utf8');
      const entries = precacheEntries(sw);
      const urls = entries.map((e) => e.url);
      const dupes = urls.filter((u, i) => urls.indexOf(u) !== i);
      equal(dupes.join(' '), '', 'listed twice');
      // sw.js and the Workbox runtime next to it are the worker itself, not precached.
      const built = (await filesUnder('dist')).filter((f) => f !== 'sw.js' && !/^workbox-[\w-]+\.js$/.test(f));
      const missing = built.filter((f) => !urls.includes(f));
      equal(missing.join(' '), '', 'built files missing from the precache');
      const extra = urls.filter((u) => !built.includes(u));
      equal(extra.join(' '), '', 'precached files that the build does not have');
      for (const kind of [/^assets\/engine\.worker-[\w-]+\.js$/, /^assets\/LabPage-/, /^assets\/LessonPage-/])
        assert(
          urls.some((u) => kind.test(u)),
          `the precache has ${kind}`,
        );
      let bytes = 0;
      for (const e of entries) {
        const body = await readFile(join('dist', e.url));
        bytes += body.length;
        // Hashed names change with their content; every other file carries its content's hash.
        if (e.revision === null)
          assert(/^assets\/.+-[\w-]{8}\.(js|css)$/.test(e.url), `${e.url} has no revision and no hash in its name`);
        else equal(e.revision, md5(body), `${e.url}: revision is the hash of the served file`);
      }
      const manifest = JSON.parse(await readFile('dist/manifest.webmanifest', 'utf8'));
      equal(manifest.start_url, './', 'start_url is relative (any sub-path)');
      equal(manifest.scope, './', 'scope is relative (any sub-path)');
      for (const size of ['192x192', '512x512'])
        assert(
          manifest.icons.some((i) => i.sizes === size && i.type === 'image/png'),
          `a ${size} PNG icon`,
        );
      assert(
        manifest.icons.some((i) => i.purpose === 'maskable'),
        'a maskable icon',
      );
      for (const i of manifest.icons) assert(urls.includes(i.src), `icon ${i.src} is precached`);
      console.log(`       precache: ${entries.length} files, ${(bytes / 1024).toFixed(0)} KB`);
    },
  },
  {
    name: 'offline: after one visit the site reloads and runs with the network off',
    timeoutMs: 120_000,
    allowErrors: [/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to load resource/],
    async run({ page, context, shot }) {
      const server = await serveDist('dist', BASE);
      let closed = false;
      try {
        await firstVisit(page, server.url);
        // The quiet note: the site is cached.
        await page.getByRole('status').filter({ hasText: 'Ready to work offline' }).waitFor();
        await shot('offline-ready-1280x720');
        // Chromium's own verdict on the manifest, icons and service worker: installable.
        const cdp = await context.newCDPSession(page);
        const { errors: manifestErrors } = await cdp.send('Page.getAppManifest');
        equal(JSON.stringify(manifestErrors), '[]', 'manifest errors');
        // A test context is an incognito profile, which Chromium never offers to install
        // from; every other reason would be the site's.
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        const ids = installabilityErrors.map((e) => e.errorId);
        equal(ids.filter((id) => id !== 'in-incognito').join(' '), '', 'installability errors');
        await cdp.detach();

        // No network at all: the browser is offline and the host is gone.
        await context.setOffline(true);
        await server.close();
        closed = true;

        await page.reload();
        await running(page);
        await page.getByRole('heading', { name: 'Lessons' }).waitFor();
        assert(await page.evaluate(() => !!navigator.serviceWorker.controller), 'served by the service worker');

        // A lab from the home page's link: its chunks load and the engine's worker starts.
        await page.getByRole('link', { name: 'Learning bridge', exact: true }).click();
        await page.getByText('Forwarding database').waitFor();
        equal(
          await position(page)
            .textContent()
            .then((t) => t.trim()),
          'Step 0 of 27',
          'the lab ran offline',
        );
        assert(page.workers().length === 1, `the engine ran in its Web Worker (${page.workers().length} workers)`);
        await page.locator('#main').focus();
        await page.keyboard.press('ArrowRight');
        equal(
          await position(page)
            .textContent()
            .then((t) => t.trim()),
          'Step 1 of 27',
          'stepping offline',
        );
        await shot('offline-lab');

        // A lesson, by reloading its deep link.
        await page.goto(`${server.url}#/lesson/bridge-01-learning/0`);
        await page.reload();
        await running(page);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert(!(await page.getByRole('alert').count()), 'the lesson loaded offline (no error message)');
        await position(page).waitFor();

        // A shared link (an edited macvlan scenario in the URL) opened in a new tab.
        const scenario = JSON.parse(await readFile('src/scenarios/macvlan/five-modes-bridge.json', 'utf8'));
        const edited = JSON.stringify(scenario).replaceAll('"mode":"bridge"', '"mode":"vepa"');
        assert(edited.includes('"mode":"vepa"'), 'the scenario was edited');
        const tab = await context.newPage();
        await tab.goto(`${server.url}#/lab/macvlan/s/${b64url(deflateSync(Buffer.from(edited)))}/2`);
        await running(tab);
        await position(tab).waitFor();
        const at = (await position(tab).textContent()).trim();
        assert(/^Step 2 of \d+$/.test(at), `the shared link's step: ${at}`);
        assert(!(await tab.getByRole('alert').count()), 'the shared scenario ran offline');
        await shot('offline-shared-link', tab);
      } finally {
        await context.setOffline(false).catch(() => {});
        if (!closed) await server.close();
      }
    },
  },
  {
    name: 'offline: a new version is announced; Later hides it, Reload starts it',
    timeoutMs: 120_000,
    async run({ page, shot }) {
      const dir = await mkdtemp(join(tmpdir(), 'netvirt-pwa-'));
      await cp('dist', dir, { recursive: true });
      const server = await serveDist(dir, BASE);
      try {
        await firstVisit(page, server.url);
        const version = () => page.evaluate(() => document.querySelector('meta[name="netvirt-test-build"]')?.content);
        equal(await version(), undefined, 'the first build');

        // Deploy a changed build: index.html differs, and so does its revision in sw.js
        // (what `vite build` writes for a changed page).
        const html = await readFile(join(dir, 'index.html'), 'utf8');
        const next = html.replace('<head>', '<head><meta name="netvirt-test-build" content="2">');
        const sw = await readFile(join(dir, 'sw.js'), 'utf8');
        const old = `{url:"index.html",revision:"${md5(html)}"}`;
        assert(sw.includes(old), 'sw.js lists index.html with the hash of the served file');
        await writeFile(join(dir, 'index.html'), next);
        await writeFile(join(dir, 'sw.js'), sw.replace(old, `{url:"index.html",revision:"${md5(next)}"}`));
        assert((await stat(join(dir, 'sw.js'))).size > 0, 'new sw.js written');

        // The next visit finds the new worker; the page still runs the version it has.
        await page.reload();
        await running(page);
        const notice = page.getByRole('status').filter({ hasText: /A new version.* is available/ });
        await notice.waitFor({ timeout: 30_000 });
        equal(await version(), undefined, 'the old version runs until the user reloads');
        await page.getByRole('button', { name: 'Later' }).click();
        await notice.waitFor({ state: 'hidden' });

        // Asked again on the next visit; on a phone it stays clear of the stepper's dock.
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(`${server.url}#/lab/bridge`);
        await page.reload();
        await running(page);
        await notice.waitFor({ timeout: 30_000 });
        await position(page).waitFor();
        const card = await notice.locator('.card').boundingBox();
        for (const name of ['Play', 'Step'])
          for (const b of await page.getByRole('button', { name, exact: false }).all()) {
            if (!(await b.isVisible())) continue;
            const box = await b.boundingBox();
            const overlap =
              box.x < card.x + card.width &&
              card.x < box.x + box.width &&
              box.y < card.y + card.height &&
              card.y < box.y + box.height;
            assert(!overlap, `the notice covers the "${name}" button`);
          }
        await shot('update-notice-390x844');
        for (const [w, h] of [
          [1280, 800],
          [1920, 1080],
        ]) {
          await page.setViewportSize({ width: w, height: h });
          await shot(`update-notice-${w}x${h}`);
        }
        for (const colorScheme of ['dark', 'light']) {
          await page.emulateMedia({ colorScheme });
          equal((await axeNotice(page)).join('\n'), '', `axe in the notice (${colorScheme})`);
          await shot(`update-notice-${colorScheme}`);
        }

        // From the keyboard: Reload activates the new worker and the page reloads into it.
        const reload = page.getByRole('button', { name: 'Reload', exact: true });
        await reload.focus();
        await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.keyboard.press('Enter')]);
        await running(page);
        equal(await version(), '2', 'the new version runs');
        equal(await notice.count(), 0, 'no notice after the update');
        await page.getByText('Forwarding database').waitFor();
      } finally {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
