// Every lesson finished as a student would: at 1280x800 by keyboard only (End, then answer
// each question with Tab/Space/Enter, the first choice first, another on a wrong try, then
// → to go on), and on a 390x844 touch phone by taps only (Next part, tap a choice, Check,
// Show step). A question that blocks the stepper must be on screen; a phone page must not
// be wider than the phone; touch targets of the dock and the choices are at least 44 px.
import { readdirSync } from 'node:fs';
import { assert, equal } from './harness.mjs';

const LESSONS = readdirSync('lessons', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const positionOf = async (page) => {
  const t = (await page.getByTestId('position').first().textContent()).replace(/\s+/g, ' ').trim();
  const m = /(\d+) of (\d+)/.exec(t);
  return { at: Number(m[1]), of: Number(m[2]) };
};

async function inViewport(page, locator, what) {
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  assert(box && box.height > 0, `${what} is not shown`);
  assert(box.y < vp.height && box.y + Math.min(box.height, 40) > 0, `${what} is off screen (y ${Math.round(box.y)})`);
}

/** The open question: answer by keyboard, first enabled choice each time. Returns tries. */
async function answerByKeyboard(page, lesson) {
  const card = page.locator('[data-testid="checkpoint"]:has(form)').last();
  await inViewport(page, card, `${lesson}: the question that blocks the stepper`);
  const id = await card.getAttribute('data-checkpoint');
  const focused = await page.evaluate(() => document.activeElement?.closest('[data-testid="checkpoint"]') !== null);
  assert(focused, `${lesson}: the question "${id}" did not take the keyboard focus when the stepper stopped`);
  let tries = 0;
  for (; tries < 3; tries++) {
    if ((await page.locator(`[data-checkpoint="${id}"] form`).count()) === 0) break;
    await page.keyboard.press('Tab');
    const onRadio = await page.evaluate(() => document.activeElement?.getAttribute('type') === 'radio');
    assert(onRadio, `${lesson}: Tab from the question does not reach a choice`);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const after = await page
      .waitForFunction(() => ['hint', 'feedback'].includes(document.activeElement?.getAttribute('data-testid')), null, {
        timeout: 2000,
      })
      .then(() => true)
      .catch(() => false);
    assert(after, `${lesson}: focus after "Check my answer" is not on the hint or the feedback`);
  }
  assert(tries <= 2, `${lesson}: question "${id}" still open after ${tries} tries`);
  await page.locator(`[data-checkpoint="${id}"] [data-testid="feedback"]`).waitFor();
  return tries;
}

async function finishByKeyboard(page, baseUrl, lesson, shot) {
  await page.goto(`${baseUrl}#/lesson/${lesson}/0`);
  await page.getByTestId('position').waitFor();
  let wrongFirst = 0;
  let questions = 0;
  for (let round = 0; round < 60; round++) {
    await page.keyboard.press('End');
    const { at, of } = await positionOf(page);
    if (at === of) break;
    questions++;
    if ((await answerByKeyboard(page, lesson)) > 1) wrongFirst++;
    const before = (await positionOf(page)).at;
    // → from the feedback: either the step the question was about, or the next question.
    await page.keyboard.press('ArrowRight');
    const moved = (await positionOf(page)).at !== before;
    const next = await page.locator('[data-testid="checkpoint"]:has(form)').count();
    assert(moved || next > 0, `${lesson}: after answering at step ${before}, → neither moves nor asks again`);
  }
  const { at, of } = await positionOf(page);
  equal(at, of, `${lesson}: cursor at the last step`);
  const end = page.getByTestId('lesson-end');
  await end.waitFor();
  assert((await end.textContent()).includes('You finished this lesson'), `${lesson}: end summary`);
  return { questions, wrongFirst };
}

async function finishByTouch(page, baseUrl, lesson) {
  await page.goto(`${baseUrl}#/lesson/${lesson}/0`);
  await page.getByTestId('position').waitFor();
  const vw = page.viewportSize().width;
  for (const b of ['Back', 'Play', 'Step']) {
    const box = await page.getByRole('button', { name: b, exact: false }).first().boundingBox();
    assert(box.height >= 44 && box.width >= 44, `${lesson}: the dock's ${b} button is ${box.width}x${box.height}`);
  }
  let rounds = 0;
  for (; rounds < 400; rounds++) {
    const { at, of } = await positionOf(page);
    if (at === of) break;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= vw, `${lesson}: at step ${at} the page is ${width} px wide on a ${vw} px phone`);
    const open = page.locator('[data-testid="checkpoint"]:has(form)').last();
    if (await open.count()) {
      await inViewport(page, open, `${lesson}: the question at step ${at}`);
      const choices = open.locator('label.choice:not(.ruled-out)');
      const box = await choices.first().boundingBox();
      assert(box.height >= 44, `${lesson}: a choice is ${box.height} px tall`);
      await choices.first().tap();
      await open.getByRole('button', { name: 'Check my answer' }).tap();
      continue;
    }
    const show = page.getByRole('button', { name: /^Show step \d+$/ });
    if (await show.count()) {
      await show.first().tap();
      continue;
    }
    const next = page.getByRole('button', { name: 'Next part' });
    assert(await next.isEnabled(), `${lesson}: stuck at step ${at}: no question, no way on`);
    await next.tap();
  }
  const { at, of } = await positionOf(page);
  equal(at, of, `${lesson}: cursor at the last step on the phone`);
  await page.getByTestId('lesson-end').waitFor();
}

export const finishTests = [
  ...LESSONS.map((lesson) => ({
    name: `finish by keyboard at 1280x800: ${lesson}`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 60_000,
    async run({ page, baseUrl, shot }) {
      const r = await finishByKeyboard(page, baseUrl, lesson, shot);
      if (lesson.startsWith('macvlan-01')) await shot('lesson-finished-1280');
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('netvirt-lab:progress:v1')));
      const p = saved.lessons[lesson];
      equal(p.done, true, `${lesson}: saved as done`);
      const first = Object.values(p.answers).filter((a) => a.firstTryCorrect).length;
      equal(first, r.questions - r.wrongFirst, `${lesson}: first-try answers saved`);
    },
  })),
  ...LESSONS.map((lesson) => ({
    name: `finish by touch on a 390x844 phone: ${lesson}`,
    viewport: { width: 390, height: 844 },
    touch: true,
    timeoutMs: 90_000,
    async run({ page, baseUrl, shot }) {
      await finishByTouch(page, baseUrl, lesson);
      if (lesson.startsWith('macvlan-01')) await shot('lesson-finished-phone');
    },
  })),
];
