// Presenter mode: deep link to a step, a speaker window opened from it, both windows kept
// on the same step in both directions, the clicker's PageDown/PageUp.
import { readFileSync } from 'node:fs';
import { assert, equal } from './harness.mjs';
import { position } from './app.spec.mjs';

const LESSON = 'bridge-01-learning';
const speakerStep = async (p) => (await p.getByTestId('speaker-step').textContent()).trim();

export const presenterTests = [
  {
    name: 'presenter: deep link, speaker window in sync both ways, clicker keys',
    async run({ page, context, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/present/${LESSON}/3`);
      await page.getByRole('button', { name: 'Open speaker window' }).waitFor();
      equal(await position(page), 'Step 3 of 28', 'deep link opens step 3');
      assert(
        await page.evaluate(() => document.documentElement.classList.contains('presenting')),
        'presenter styles on',
      );
      const [speaker] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open speaker window' }).click(),
      ]);
      await speaker.getByTestId('speaker').waitFor();
      equal(await speakerStep(speaker), 'Step 3 of 28', 'speaker opens at the same step');
      await page.bringToFront();
      await page.keyboard.press('PageDown');
      await page.keyboard.press('PageDown');
      equal(await position(page), 'Step 5 of 28', 'clicker PageDown steps the room view');
      await speaker.getByText('Step 5 of 28').waitFor({ timeout: 3000 });
      assert(
        (await speaker.getByTestId('speaker-next').textContent()).includes('ARP who-has'),
        'speaker shows the next step',
      );
      await speaker.getByRole('button', { name: 'Next ▶' }).click();
      await page.getByTestId('position').getByText('Step 6 of 28').waitFor({ timeout: 3000 });
      assert(
        (await speaker.getByTestId('speaker-question').textContent()).includes('which port does its FDB hold'),
        'speaker sees the question the room is asked, with its answer',
      );
      assert(
        (await page.getByTestId('checkpoint').textContent()).includes('Reveal the answer'),
        'room view asks, presenter reveals',
      );
      await speaker.bringToFront();
      await speaker.keyboard.press('PageUp');
      await page.getByTestId('position').getByText('Step 5 of 28').waitFor({ timeout: 3000 });
      await page.bringToFront();
      await page.keyboard.press('PageDown');
      await page.getByTestId('checkpoint').getByRole('button', { name: 'Reveal the answer' }).click();
      assert((await page.getByTestId('feedback').textContent()).includes('The trace says: p1'), 'revealed');
      await shot('presenter');
      await shot('speaker', speaker);
      await page.waitForURL((u) => u.hash === `#/present/${LESSON}/6`, { timeout: 2000 });
      await speaker.waitForURL((u) => u.hash === `#/speaker/${LESSON}/6`, { timeout: 2000 });
    },
  },
];

// One lesson per lab presented to the end with the speaker window open: the clicker alone
// (PageDown) drives it; each question stops the room view, the next press reveals it, both
// windows agree on step and question; the decision is readable from the back of the room
// and nothing lies below the fold of a 1280x800 projector.
const PRESENTED = [
  'bridge-01-learning',
  'qeth-01-one-card-many-guests',
  'macvlan-01-demux-by-mac',
  'vepa-01-why-out-and-back',
  'vdp-01-associate-the-happy-path',
  'virtio-01-a-ring-in-three-parts',
];

const stepNumbers = (t) => /(\d+) of (\d+)/.exec(t.replace(/\s+/g, ' ')).slice(1).map(Number);

for (const lesson of PRESENTED)
  presenterTests.push({
    name: `presenter: ${lesson} to the end by clicker, speaker window in step`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 90_000,
    async run({ page, context, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/present/${lesson}/0`);
      await page.getByRole('button', { name: 'Open speaker window' }).waitFor();
      const [speaker] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open speaker window' }).click(),
      ]);
      await speaker.getByTestId('speaker').waitFor();
      await page.bringToFront();
      const fold = await page.evaluate(() => document.documentElement.scrollHeight);
      assert(fold <= 800, `${lesson}: the presenter page is ${fold} px tall on an 800 px projector`);
      let revealed = 0;
      for (let i = 0; i < 400; i++) {
        const [at, of] = stepNumbers(await position(page));
        if (at === of) break;
        const asked = page.locator('[data-testid="checkpoint"]:has(form)');
        if (await asked.count()) {
          const q = (await asked.locator('h2').textContent()).replace('Ask the room', '').trim();
          await speaker.getByTestId('speaker-question').getByText(q).waitFor({ timeout: 3000 });
          await page.keyboard.press('PageDown');
          await page.getByTestId('feedback').getByText('The trace says').first().waitFor({ timeout: 3000 });
          equal(stepNumbers(await position(page))[0], at, `${lesson}: revealing does not step`);
          revealed++;
          if (revealed === 1) await shot(`present-${lesson.slice(0, 6)}-revealed`);
          continue;
        }
        await page.keyboard.press('PageDown');
      }
      const [at, of] = stepNumbers(await position(page));
      equal(at, of, `${lesson}: presented to the last step`);
      await speaker.getByTestId('speaker-step').getByText(`Step ${of} of ${of}`).waitFor({ timeout: 3000 });
      const questions = JSON.parse(readFileSync(`lessons/${lesson}/checkpoints.json`, 'utf8')).checkpoints.length;
      equal(revealed, questions, `${lesson}: every question asked and revealed in the room`);
      const size = await page
        .getByTestId('present-decision')
        .locator('.what')
        .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert(size >= 28, `${lesson}: the decision is ${size} px`);
    },
  });
