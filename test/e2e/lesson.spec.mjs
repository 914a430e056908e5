// A student's path through the learning-bridge lesson: step with the keyboard, read the
// log and inspector, answer checkpoints right and wrong, reload and find progress kept.
import { assert, equal } from './harness.mjs';
import { position } from './app.spec.mjs';

const LESSON = 'bridge-01-learning';

export const lessonTests = [
  {
    name: 'lesson: step forward and back with the keyboard; log and inspector follow',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/lesson/${LESSON}/0`);
      await page.getByTestId('position').waitFor();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      equal(await position(page), 'Step 5 of 28', 'after 5 × →');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      // The first checkpoint is at step 7: the stepper stops at step 6 and asks.
      equal(await position(page), 'Step 6 of 28', 'stopped before the checkpoint');
      await page.getByTestId('checkpoint').waitFor();
      // Log and inspector live in the drawer; the lesson can open either.
      await page.getByRole('tab', { name: 'Step log' }).click();
      const logText = await page.locator('li[aria-current="step"]').textContent();
      assert(logText.includes('ARP who-has 10.0.0.2 tell 10.0.0.1'), 'log: the ARP request (drawer)');
      await page.getByRole('tab', { name: 'Inspector' }).click();
      const insp = page.locator('.inspector');
      assert((await insp.textContent()).includes('ARP who-has 10.0.0.2 tell 10.0.0.1'), 'inspector decodes ARP');
      // Hover a field: its bytes light up; hover a byte: its field lights up.
      await insp.getByRole('button', { name: /^Destination:/ }).hover();
      equal(await insp.locator('.b.lit').count(), 6, 'destination MAC bytes lit');
      await insp.locator('.b[data-o="12"]').hover();
      assert(
        (await insp.locator('button.field.lit').textContent()).includes('Type'),
        'byte 12 belongs to the Type field',
      );
      await shot('lesson-checkpoint-1');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      equal(await position(page), 'Step 4 of 28', 'two steps back');
      await page.getByRole('tab', { name: 'Step log' }).click();
      assert(
        (await page.locator('li[aria-current="step"]').textContent()).includes('br0 updates its state'),
        'log after stepping back',
      );
      equal(await page.locator('[data-testid="checkpoint"]').count(), 0, 'no checkpoint away from it');
      await page.getByRole('tab', { name: 'Inspector' }).click();
      assert((await insp.textContent()).includes('This step carries no frame'), 'inspector: no frame at a state step');
    },
  },
  {
    name: 'lesson: checkpoints answered right and wrong, with feedback; progress survives a reload',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/lesson/${LESSON}/0`);
      await page.getByTestId('position').waitFor();
      await page.keyboard.press('End');
      equal(await position(page), 'Step 6 of 28', 'End stops at the first checkpoint');
      const cp = page.getByTestId('checkpoint');
      assert((await cp.textContent()).includes('which port does its FDB hold'), 'first question');
      await cp.getByLabel('p1').check();
      await cp.getByRole('button', { name: 'Check my answer' }).click();
      const fb = page.getByTestId('feedback');
      assert((await fb.textContent()).includes('Right: p1.'), 'right answer feedback');
      assert(
        (await fb.textContent()).includes('br0 decides: “Learn: 02:00:00:00:00:01 is on p1'),
        'feedback quotes the decision',
      );
      await shot('lesson-right');
      await page.getByRole('button', { name: 'Show step 7' }).click();
      equal(await position(page), 'Step 7 of 28', 'continue to the step');
      await page.getByRole('tab', { name: 'Inspector' }).click();
      assert((await page.locator('.inspector .b.read').count()) >= 6, 'bytes the learn decision read are marked');
      await page.keyboard.press('End');
      equal(await position(page), 'Step 12 of 28', 'stops before the second checkpoint');
      await cp.getByLabel('br0').check();
      await cp.getByRole('button', { name: 'Check my answer' }).click();
      // A wrong first try earns a hint (this lesson's hint for "br0") and one more try.
      const hint = await page.getByTestId('hint').textContent();
      assert(hint.includes('Not quite') && hint.includes('never reads the ARP request'), `hint: ${hint}`);
      assert(await cp.getByLabel('br0').isDisabled(), 'the wrong choice is ruled out');
      equal(await position(page), 'Step 12 of 28', 'still gated after a wrong try');
      await shot('lesson-hint');
      await cp.getByLabel('h2').check();
      await cp.getByRole('button', { name: 'Check my answer' }).click();
      const wrong = await fb.textContent();
      assert(wrong.includes('Not quite') && wrong.includes('the trace says h3'), `wrong answer feedback: ${wrong}`);
      await shot('lesson-wrong');
      await page.getByRole('button', { name: 'Show step 13' }).click();
      await page.keyboard.press('ArrowRight');
      equal(await position(page), 'Step 14 of 28', 'stepping on after the checkpoint');
      await page.waitForURL((u) => u.hash === `#/lesson/${LESSON}/14`, { timeout: 2000 });

      await page.reload();
      await page.getByTestId('position').waitFor();
      equal(await position(page), 'Step 14 of 28', 'same step after reload');
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('netvirt-lab:progress:v1')));
      const p = saved.lessons[LESSON];
      equal(p.step, 14, 'saved step');
      equal(
        JSON.stringify(p.answers),
        JSON.stringify({
          'learn-h1': { choice: 'p1', correct: true, tries: 1, firstTryCorrect: true },
          'who-drops': { choice: 'h2', correct: false, tries: 2, firstTryCorrect: false },
        }),
        'saved answers',
      );
      await page.goto(baseUrl);
      await page.getByText('At step 14 · 1 of 2 questions right on the first try').waitFor();
      await shot('home-with-progress');
    },
  },
];

// Every lesson on the home page opens in the browser, runs its scenario and steps.
lessonTests.push({
  name: 'every lesson opens, runs its scenario and steps',
  async run({ page, baseUrl, shot }) {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    const ids = await page.$$eval('a[href^="#/lesson/"]', (as) => [
      ...new Set(as.map((a) => a.getAttribute('href').split('/')[2])),
    ]);
    assert(ids.length > 0, 'lessons listed');
    const broken = [];
    for (const id of ids) {
      await page.goto(`${baseUrl}#/lesson/${id}/0`);
      const ok = await Promise.race([
        page
          .getByTestId('position')
          .waitFor({ timeout: 20_000 })
          .then(() => true),
        page
          .getByRole('alert')
          .first()
          .waitFor({ timeout: 20_000 })
          .then(() => false),
      ]).catch(() => false);
      if (!ok) {
        broken.push(`${id}: ${(await page.locator('main').textContent()).slice(0, 200)}`);
        await shot(`lesson-broken-${id}`);
        continue;
      }
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      const problems = await page.locator('.problems summary').count();
      if (problems) broken.push(`${id}: ${await page.locator('.problems').textContent()}`);
      await shot(`lesson-${id}`);
    }
    assert(broken.length === 0, `lessons that do not work in the browser:\n${broken.join('\n')}`);
  },
});
