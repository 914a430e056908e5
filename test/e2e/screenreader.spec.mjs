// One lesson per lab followed to its end the way a screen-reader user meets it: through
// Chromium's accessibility tree (CDP Accessibility.getFullAXTree), by keyboard only. At the
// start the page has its landmarks, a level-1 heading named for the lesson, a named stepper
// and the layer stage as a tree of devices and layers; every step forward changes exactly
// one live region (the announcer), which names the new step; each question is a named
// radio group that takes the focus, and its feedback is a status; the lesson ends with the
// "You finished this lesson" heading. A second test checks presenter mode announces once too.
import { assert, equal } from './harness.mjs';

const LESSONS = [
  'bridge-01-learning',
  'vepa-01-why-out-and-back',
  'qeth-01-one-card-many-guests',
  'macvlan-01-demux-by-mac',
  'virtio-01-a-ring-in-three-parts',
  'vdp-01-associate-the-happy-path',
];

/** The page's accessibility tree as Chromium gives it to assistive technology (ignored nodes left out). */
async function axTree(cdp) {
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const props = (n) => Object.fromEntries((n.properties ?? []).map((p) => [p.name, p.value?.value]));
  /** The text a node holds: its own name for text, its descendants' text otherwise. */
  const text = (n) =>
    n.role?.value === 'StaticText'
      ? (n.name?.value ?? '')
      : (n.childIds ?? [])
          .map((c) => byId.get(c))
          .filter(Boolean)
          .map(text)
          .join(' ');
  const live = (n) => ['polite', 'assertive'].includes(props(n).live);
  const shown = nodes.filter((n) => !n.ignored);
  return {
    find: (role, name) =>
      shown.filter((n) => n.role?.value === role && (name === undefined || name.test?.((n.name?.value ?? '').trim()))),
    props,
    /** Live regions (their roots, not the text inside them) and the text each holds. */
    liveRegions: () =>
      shown
        .filter((n) => live(n) && !(n.parentId && live(byId.get(n.parentId) ?? {})))
        .map((n) => ({ role: n.role?.value, name: n.name?.value ?? '', text: text(n).replace(/\s+/g, ' ').trim() })),
    // The document reports focus too: the focused element is the last focused node in tree order.
    focused: () => shown.filter((n) => props(n).focused && n.role?.value !== 'RootWebArea').pop(),
    text,
  };
}

const positionOf = async (page) => {
  const m = /(\d+) of (\d+)/.exec(await page.getByTestId('position').first().textContent());
  return { at: Number(m[1]), of: Number(m[2]) };
};

/** The current step's decision as the page shows it (the end of it: a drop adds a prefix). */
const decisionOf = async (page) => {
  const el = page.locator('[data-testid="stage-decision"], [data-testid="present-decision"] .what').first();
  return (await el.textContent()).replace(/\s+/g, ' ').trim().slice(-40);
};

/**
 * A step forward: the live regions that changed and speak the new step's decision must be
 * exactly one (others may speak, e.g. the stepper's "answer the question" note, but not
 * repeat the step), and it starts with "Step N of M".
 */
async function checkAnnouncedOnce(page, cdp, what, key = 'ArrowRight') {
  const spoken = await liveChangesOf(page, cdp, key);
  const { at, of } = await positionOf(page);
  const decision = await decisionOf(page);
  const saying = spoken.filter((r) => r.text.includes(decision));
  equal(saying.length, 1, `${what} step ${at}: ${saying.length} live regions say the step: ${JSON.stringify(spoken)}`);
  assert(saying[0].text.startsWith(`Step ${at} of ${of}`), `${what} step ${at}: announced "${saying[0].text}"`);
}

/**
 * The live regions in the page and what they hold, read from the DOM (a full accessibility
 * tree per key press is too slow for a lesson's worth of steps; checkStart confirms from
 * the tree that the announcer is what Chromium exposes as a live region). Each region keeps
 * an id across calls so a region that appears counts as a change.
 */
const liveSnapshot = (page) =>
  page.evaluate(() => {
    const ids = (window.__liveIds ??= new WeakMap());
    const sel = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    return [...document.querySelectorAll(sel)]
      .filter((el) => !el.parentElement?.closest(sel) && el.getClientRects().length)
      .map((el) => {
        if (!ids.has(el)) ids.set(el, (window.__liveNext = (window.__liveNext ?? 0) + 1));
        return {
          id: ids.get(el),
          role: el.getAttribute('role') ?? 'live',
          text: el.innerText.replace(/\s+/g, ' ').trim(),
        };
      });
  });

/** Presses a key and returns the live regions whose text changed (as the screen reader would speak them). */
async function liveChangesOf(page, cdp, key) {
  const before = new Map((await liveSnapshot(page)).map((r) => [r.id, r.text]));
  await page.keyboard.press(key);
  await page.waitForTimeout(100);
  return (await liveSnapshot(page)).filter((r) => before.get(r.id) !== r.text && r.text);
}

/** Names, roles and the stage tree at the start of a lesson. */
async function checkStart(page, cdp, lesson) {
  const ax = await axTree(cdp);
  assert(ax.find('main').length === 1, `${lesson}: one main landmark`);
  const title = await page.locator('h1').first().textContent();
  const h1 = ax.find('heading').filter((h) => ax.props(h).level === 1);
  equal(h1.length, 1, `${lesson}: one level-1 heading`);
  equal(h1[0].name.value, title.trim(), `${lesson}: the h1 names the lesson`);
  assert(ax.find('link', /^Skip to content$/).length === 1, `${lesson}: a skip link`);
  assert(ax.find('group', /^Stepper$/).length === 1, `${lesson}: the stepper is a named group`);
  for (const b of [/^Step\b/, /^Back\b/, /^Play\b/])
    assert(ax.find('button', b).length >= 1, `${lesson}: a stepper button named ${b}`);
  assert(ax.find('slider').length >= 1, `${lesson}: the scrubber is a slider`);
  assert(ax.find('tablist', /^Side panels$/).length === 1, `${lesson}: the drawer's tablist`);
  equal(ax.find('tab').length, 2, `${lesson}: two tabs, nothing else, in the tablist`);
  const tree = ax.find('tree', /^The layer stage as text/);
  equal(tree.length, 1, `${lesson}: the layer stage as a tree`);
  const devices = ax.find('treeitem').filter((t) => ax.props(t).level === 1);
  assert(devices.length >= 2, `${lesson}: the tree lists the devices (${devices.length})`);
  assert(ax.find('region', /^Lesson text$/).length === 1, `${lesson}: the lesson text is a named region`);
  const live = ax.liveRegions().filter((r) => r.text.startsWith('Before the first step'));
  equal(live.length, 1, `${lesson}: the announcer is a live region in the accessibility tree`);
}

/** The stage tree names the frame's position, and the keyboard reaches and moves through it. */
async function checkStageTree(page, cdp, lesson) {
  const ax = await axTree(cdp);
  const tree = ax.find('tree', /^The layer stage as text/)[0];
  assert(/the frame is (at|on the link) /.test(tree.name.value), `${lesson}: the tree names where the frame is`);
  const here = ax.find('treeitem', /the frame is here/);
  if (/the frame is at /.test(tree.name.value)) equal(here.length, 2, `${lesson}: its device and its layer say so`);
  await page.locator('[data-testid="stage-tree"] [tabindex="0"]').focus();
  const from = (await axTree(cdp)).focused()?.name.value;
  await page.keyboard.press('ArrowDown');
  const to = (await axTree(cdp)).focused();
  equal(to?.role.value, 'treeitem', `${lesson}: ↓ in the tree focuses a tree item`);
  assert(to.name.value !== from, `${lesson}: ↓ moves to another item ("${from}")`);
  const ring = await page.locator('[data-testid="layer-stage"] .kbd-ring').count();
  equal(ring, 1, `${lesson}: the focused item is ringed on the drawing`);
  await page.keyboard.press('Tab');
}

/** The open question, answered by keyboard (first enabled choice); checks its names and roles. */
async function answer(page, cdp, lesson) {
  const card = page.locator('[data-testid="checkpoint"]:has(form)').last();
  const id = await card.getAttribute('data-checkpoint');
  const question = (await card.locator('h2').textContent()).replace(/\s+/g, ' ').trim();
  const ax = await axTree(cdp);
  const focus = ax.focused();
  assert(
    focus && question.includes(focus.name.value.trim()),
    `${lesson}: the question takes the focus ("${question}")`,
  );
  assert(ax.find('radio').length >= 2, `${lesson}: the choices are radio buttons`);
  for (let tries = 0; tries < 3; tries++) {
    if ((await page.locator(`[data-checkpoint="${id}"] form`).count()) === 0) return;
    await page.keyboard.press('Tab');
    // The first time through the tree; after that the DOM says the same more cheaply.
    const role =
      tries === 0 ? (await axTree(cdp)).focused()?.role.value : await page.evaluate(() => document.activeElement?.type);
    equal(role, 'radio', `${lesson}: Tab reaches a choice`);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    const spoken = await liveChangesOf(page, cdp, 'Enter');
    const status = spoken.find((r) => r.role === 'status');
    assert(status && /Right|Not quite/.test(status.text), `${lesson}: the answer's feedback is a status that speaks`);
  }
  assert(false, `${lesson}: question "${id}" still open after three tries`);
}

async function follow(page, cdp, baseUrl, lesson) {
  await page.goto(`${baseUrl}#/lesson/${lesson}/0`);
  await page.getByTestId('position').waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
  await checkStart(page, cdp, lesson);
  let steps = 0;
  for (let round = 0; round < 200; round++) {
    const { at, of } = await positionOf(page);
    if (at === of) break;
    if (await page.locator('[data-testid="checkpoint"]:has(form)').count()) {
      await answer(page, cdp, lesson);
      // → from the feedback goes on (the step the question was about, or the next question).
      await page.keyboard.press('ArrowRight');
      continue;
    }
    if (
      await page
        .getByRole('button', { name: /^Step\b/ })
        .first()
        .isDisabled()
    ) {
      // The stepper waits for a question that is about to show: → shows it.
      await page.keyboard.press('ArrowRight');
      continue;
    }
    // Step by step for the first steps, then by End (to the next question or the end), as
    // finish.spec does: each press is a move, and each move is announced once.
    await checkAnnouncedOnce(page, cdp, lesson, steps < 10 ? 'ArrowRight' : 'End');
    steps++;
    if (steps === 3) await checkStageTree(page, cdp, lesson);
  }
  const { at, of } = await positionOf(page);
  equal(at, of, `${lesson}: at the last step`);
  const ax = await axTree(cdp);
  assert(ax.find('heading', /^You finished this lesson$/).length === 1, `${lesson}: the end is a heading`);
  return steps;
}

export const screenReaderTests = [
  ...LESSONS.map((lesson) => ({
    name: `screen reader: ${lesson} followed to its end through the accessibility tree`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 60_000,
    async run({ page, context, baseUrl }) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Accessibility.enable');
      console.log(`       ${await follow(page, cdp, baseUrl, lesson)} moves, each announced once`);
    },
  })),
  {
    name: 'screen reader: presenter mode announces each step once',
    viewport: { width: 1280, height: 800 },
    async run({ page, context, baseUrl }) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Accessibility.enable');
      await page.goto(`${baseUrl}#/present/${LESSONS[0]}/0`);
      await page.getByTestId('position').waitFor();
      await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
      for (let i = 0; i < 4; i++) await checkAnnouncedOnce(page, cdp, 'presenter');
    },
  },
];
