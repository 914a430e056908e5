// Home, lab page, keyboard, help, theme, downloads and bad input.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { assert, equal } from './harness.mjs';

const LESSON = 'bridge-01-learning';

export const position = async (page) => (await page.getByTestId('position').first().textContent())?.trim();

export const appTests = [
  {
    name: 'home lists labs and lessons',
    async run({ page, baseUrl, shot }) {
      await page.goto(baseUrl);
      await page.getByRole('heading', { name: 'Lessons' }).waitFor();
      assert(
        await page.getByRole('link', { name: 'How a bridge learns', exact: true }).isVisible(),
        'the bridge lesson is listed',
      );
      assert(
        await page.getByRole('link', { name: 'Learning bridge', exact: true }).isVisible(),
        'the bridge lab is listed',
      );
      equal(await page.title(), 'NetVirt Lab: labs and lessons', 'title');
      // The served HTML already holds the list (rendered at build time); the app hydrates it
      // in place: one header, one list, no second copy.
      const html = await (await page.request.get(baseUrl)).text();
      assert(html.includes('How a bridge learns') && html.includes('Labs and their lessons'), 'home rendered in HTML');
      await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
      equal(await page.locator('header.top').count(), 1, 'one header after hydration');
      equal(await page.getByRole('link', { name: 'How a bridge learns', exact: true }).count(), 1, 'one lesson link');
      await page.keyboard.press('t');
      equal(
        await page.evaluate(() => document.documentElement.dataset.theme),
        'light',
        'the hydrated page reacts to keys',
      );
      await shot('home');
    },
  },
  {
    name: 'lab page: keyboard stepping, play, next decision, help overlay, theme',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/lab/bridge`);
      await page.getByText('Forwarding database').waitFor();
      equal(await position(page), 'Step 0 of 27', 'start position');
      assert(page.workers().length === 1, `the engine ran in a Web Worker (${page.workers().length} workers)`);
      for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
      equal(await position(page), 'Step 7 of 27', 'after 7 × →');
      // The step log lives in the drawer: open it from its tab (the keys keep stepping).
      await page.getByRole('tab', { name: 'Step log' }).click();
      assert(
        (await page.locator('li[aria-current="step"]').textContent()).includes('Learn: 02:00:00:00:00:01 is on p1'),
        'log shows the learn step',
      );
      const learned = await page.locator('tr.changed').textContent();
      assert(learned.includes('02:00:00:00:00:01') && learned.includes('learned'), 'FDB marks the new entry "learned"');
      assert(
        (await page.getByTestId('announcer').textContent()).startsWith('Step 7 of 27, br0 port p1'),
        'announced for screen readers',
      );
      await page.waitForURL(/#\/lab\/bridge\/learning\/7$/, { timeout: 2000 }); // the URL follows the cursor
      await shot('lab-step-7');
      await page.keyboard.press('End');
      equal(await position(page), 'Step 27 of 27', 'End');
      await page.keyboard.press('Home');
      equal(await position(page), 'Step 0 of 27', 'Home');
      await page.keyboard.press('n');
      equal(await position(page), 'Step 4 of 27', 'n: next decision at br0 (its state step)');
      await page.keyboard.press('n');
      equal(await position(page), 'Step 7 of 27', 'n again: br0 learns');
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      // Space on the focused tab would press the tab; give the keys back to the page.
      await page.locator('#main').focus();
      await page.keyboard.press(' ');
      await page.waitForTimeout(900);
      await page.keyboard.press(' ');
      const played = Number((await position(page)).split(' ')[1]);
      assert(played > 7, `Space plays at 4×: reached step ${played}`);
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await shot('help-overlay');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      // Packets animate between steps, and not at all when the user asks for less motion.
      // Step 6 is h1 putting the ARP request on link l1.
      const toStep6 = async () => {
        await page.keyboard.press('Home');
        for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
      };
      await toStep6();
      assert((await page.evaluate(() => document.getAnimations().length)) > 0, 'a packet animates');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await toStep6();
      equal(await page.evaluate(() => document.getAnimations().length), 0, 'animations with prefers-reduced-motion');
      await page.emulateMedia({ reducedMotion: 'no-preference' });
      await page.keyboard.press('t');
      await page.keyboard.press('t');
      equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'theme after t t');
      await shot('lab-dark');
    },
  },
  {
    name: 'downloads: pcap opens as pcap, JSON holds the steps',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}#/lab/bridge/learning/8`);
      await page.getByRole('tab', { name: 'Inspector' }).click();
      await page.getByRole('button', { name: 'Download pcap' }).waitFor();
      const [pcap] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download pcap' }).click(),
      ]);
      const bytes = await readFile(await pcap.path());
      const magic = bytes.readUInt32LE(0).toString(16);
      assert(magic === 'a1b2c3d4' || magic === 'a1b23c4d', `pcap magic, got ${magic}`);
      assert(bytes.length > 24 + 16 + 42, 'pcap has records');
      if (existsSync('/usr/bin/tshark')) {
        // What Wireshark would show: every frame parses, none malformed.
        const t = spawnSync('/usr/bin/tshark', ['-r', await pcap.path()], { encoding: 'utf8' });
        equal(t.status, 0, `tshark exit (${t.stderr})`);
        assert(!/malformed/i.test(t.stdout), `tshark reports malformed packets:\n${t.stdout}`);
        assert(/Who has 10\.0\.0\.2\? Tell 10\.0\.0\.1/.test(t.stdout), 'tshark decodes the ARP request');
      }
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download JSON' }).click(),
      ]);
      const trace = JSON.parse(await readFile(await json.path(), 'utf8'));
      equal(trace.steps.length, 27, 'steps in JSON');
      assert(/^ffffffffffff02000000000108060001/.test(trace.frames[0]), 'first frame is the ARP broadcast as hex');
    },
  },
  {
    name: 'hostile and broken links show a clear message; the app keeps working',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/lesson/<img src=x onerror=alert(1)>/3`);
      await page.getByRole('alert').waitFor();
      const text = await page.getByRole('alert').textContent();
      assert(text.includes('This link does not lead to a page'), 'message title');
      equal(await page.locator('main img').count(), 0, 'no <img> injected');
      await shot('hostile-hash');
      for (const [hash, says] of [
        ['#/lab/%E0%A4%A', 'broken %-escapes'],
        ['#/lesson/no-such-lesson/0', 'There is no lesson called'],
        ['#/lab/nolab', 'There is no lab called'],
        ['#/lesson/bridge-01-learning/-5', 'is not a step number'],
        ['#/' + 'x/'.repeat(300), 'too long'],
        ['#/javascript:alert(1)', 'There is no page'],
      ]) {
        await page.goto(`${baseUrl}${hash}`);
        await page.getByRole('alert').waitFor();
        const t = await page.getByRole('alert').textContent();
        assert(t.includes(says), `${hash.slice(0, 40)}: expected "${says}", got "${t.slice(0, 120)}"`);
      }
      await page.getByRole('link', { name: 'Go to the list of labs and lessons' }).click();
      await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    },
  },
  {
    name: 'a scenario that fails to load shows a clear message; the rest keeps working',
    allowErrors: [/Failed to load resource|net::ERR_FAILED|Failed to fetch dynamically imported module/],
    // A first visit whose chunks fail: without a service worker, which would fetch (past
    // page.route) and serve them from its cache as soon as it controls the page.
    serviceWorkers: 'block',
    async run({ page, baseUrl, shot }) {
      await page.route(/\/assets\/(learning|scenario)-[\w-]+\.js$/, (r) => r.abort());
      await page.goto(`${baseUrl}#/lab/bridge`);
      await page.getByRole('alert').waitFor();
      assert((await page.getByRole('alert').textContent()).includes('could not be loaded'), 'lab: could not be loaded');
      await page.goto(`${baseUrl}#/lesson/bridge-01-learning/0`);
      await page.getByRole('alert').waitFor();
      const t = await page.getByRole('alert').textContent();
      assert(t.includes('could not be loaded') && t.includes('check the network connection'), `lesson: ${t}`);
      await shot('scenario-failed');
      await page.getByRole('link', { name: 'Go to the list of labs and lessons' }).click();
      await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    },
  },
  {
    name: 'corrupt saved progress is reported and reset, not a crash',
    async run({ page, baseUrl, shot }) {
      await page.goto(baseUrl);
      // The app loads after the first paint: let it read storage before we spoil it.
      await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
      await page.evaluate(() =>
        localStorage.setItem('netvirt-lab:progress:v1', '{"version":1,"lessons":{"x":{"step":"NaN"'),
      );
      await page.reload();
      const notice = page.getByRole('status').filter({ hasText: 'Saved progress' });
      await notice.waitFor();
      assert((await notice.textContent()).includes('reset'), 'says it was reset');
      await shot('corrupt-progress');
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('netvirt-lab:progress:v1')));
      equal(JSON.stringify(saved), '{"version":1,"lessons":{}}', 'reset value');
      // An old (version 0) value is migrated.
      await page.evaluate(() => {
        localStorage.removeItem('netvirt-lab:progress:v1');
        localStorage.setItem('netvirt-lab:progress', JSON.stringify({ [`bridge-01-learning`]: 5 }));
      });
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'older version' }).waitFor();
      assert((await page.getByText('At step 5').count()) === 1, 'migrated step shown on the home page');
      await page.goto(`${baseUrl}#/lesson/${LESSON}/5`);
      await page.getByTestId('position').waitFor();
    },
  },
];
