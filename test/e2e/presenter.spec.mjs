// Presenter mode: deep link to a step, a speaker window opened from it, both windows kept
// on the same step in both directions, the clicker's PageDown/PageUp.
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
      equal(await position(page), 'Step 3 of 27', 'deep link opens step 3');
      assert(
        await page.evaluate(() => document.documentElement.classList.contains('presenting')),
        'presenter styles on',
      );
      const [speaker] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open speaker window' }).click(),
      ]);
      await speaker.getByTestId('speaker').waitFor();
      equal(await speakerStep(speaker), 'Step 3 of 27', 'speaker opens at the same step');
      await page.bringToFront();
      await page.keyboard.press('PageDown');
      await page.keyboard.press('PageDown');
      equal(await position(page), 'Step 5 of 27', 'clicker PageDown steps the room view');
      await speaker.getByText('Step 5 of 27').waitFor({ timeout: 3000 });
      assert(
        (await speaker.getByTestId('speaker-next').textContent()).includes('ARP who-has'),
        'speaker shows the next step',
      );
      await speaker.getByRole('button', { name: 'Next ▶' }).click();
      await page.getByTestId('position').getByText('Step 6 of 27').waitFor({ timeout: 3000 });
      assert(
        (await speaker.locator('body').textContent()).includes('Checkpoint coming'),
        'speaker sees the checkpoint answer ahead',
      );
      assert(
        (await page.getByTestId('checkpoint').textContent()).includes('Reveal the answer'),
        'room view asks, presenter reveals',
      );
      await speaker.bringToFront();
      await speaker.keyboard.press('PageUp');
      await page.getByTestId('position').getByText('Step 5 of 27').waitFor({ timeout: 3000 });
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
