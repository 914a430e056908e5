// axe-core on every route of the built app, in both themes, at a laptop and a phone size:
// WCAG 2.0/2.1/2.2 A and AA rules plus the best-practice rules axe runs by default
// (heading-order, the landmark and region rules, scrollable-region-focusable). Any violation
// fails the test with its rule, its target and the route it was found on.
// Opt-in (AXE=1 npm run test:e2e axe) until the violations it finds today are fixed; then
// register it unconditionally in run.mjs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assert } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Labs and their first lesson, in the order of src/app/labs/registry.ts.
const LABS = ['bridge', 'vepa', 'qeth', 'macvlan', 'virtio', 'vdp'];
const LESSONS = [
  'bridge-01-learning',
  'vepa-01-why-out-and-back',
  'qeth-01-one-card-many-guests',
  'macvlan-01-demux-by-mac',
  'virtio-01-a-ring-in-three-parts',
  'vdp-01-associate-the-happy-path',
];
const STEPS = 8;

// Targets inside views other helpers own, left out until their work lands. Each entry is a
// CSS selector handed to axe's `exclude`; nothing else is excluded.
// owned by views-a/views-b/layer-stage, removed when their work lands
const EXCLUDE = [];

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axe(page, route, found) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(
    async ({ exclude, wcag }) => {
      // What runOnly {type: 'tag', values: WCAG} would run, plus the best-practice rules axe
      // has on by default (heading-order, region, landmark-*, scrollable-region-focusable...),
      // in one pass: one run per route keeps the sweep under two minutes.
      const rules = window.axe._audit.rules
        .filter((r) => !r.tags.includes('experimental'))
        .filter((r) => r.tags.some((t) => wcag.includes(t)) || (r.enabled && r.tags.includes('best-practice')))
        .map((r) => r.id);
      const ctx = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
      const r = await window.axe.run(ctx, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ rule: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    },
    { exclude: EXCLUDE, wcag: WCAG },
  );
  for (const v of violations) for (const t of v.targets) found.push(`${v.rule}  ${t}  @ ${route}`);
}

const stepForward = async (page, n) => {
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowRight');
};

/** Every route visited in one context; returns the violations found as lines. */
async function sweep(page, baseUrl) {
  const found = [];
  const open = async (hash, ready) => {
    await page.goto(`${baseUrl}${hash}`);
    await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
    await ready();
  };

  await open('#/', () => page.getByRole('heading', { name: 'Lessons' }).waitFor());
  await axe(page, 'home', found);
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await axe(page, 'help overlay', found);
  await page.keyboard.press('Escape');

  for (const lab of LABS) {
    await open(`#/lab/${lab}`, () => page.getByTestId('position').first().waitFor());
    await stepForward(page, STEPS);
    await axe(page, `#/lab/${lab} (drawer closed)`, found);
    for (const tab of ['Step log', 'Inspector']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('#drawer-body').waitFor();
      await axe(page, `#/lab/${lab} (${tab})`, found);
    }
  }
  for (const lesson of LESSONS) {
    await open(`#/lesson/${lesson}/0`, () => page.getByTestId('position').first().waitFor());
    await stepForward(page, STEPS);
    await axe(page, `#/lesson/${lesson}`, found);
    await open(`#/present/${lesson}/0`, () => page.getByTestId('position').first().waitFor());
    await stepForward(page, STEPS);
    await axe(page, `#/present/${lesson}`, found);
  }
  await open(`#/speaker/${LESSONS[0]}/3`, () => page.getByTestId('speaker').waitFor());
  await axe(page, `#/speaker/${LESSONS[0]}`, found);
  return found;
}

const SIZES = [
  { label: '1280x800', viewport: { width: 1280, height: 800 } },
  { label: '390x844', viewport: { width: 390, height: 844 }, touch: true },
];

export const axeTests = [];
for (const size of SIZES)
  for (const themeName of ['light', 'dark'])
    axeTests.push({
      name: `axe: every route, ${themeName} theme, ${size.label}`,
      viewport: size.viewport,
      touch: size.touch,
      timeoutMs: 120_000,
      async run({ page, baseUrl }) {
        await page.addInitScript((t) => localStorage.setItem('netvirt-lab:theme', t), themeName);
        const found = await sweep(page, baseUrl);
        assert(found.length === 0, `${found.length} axe violations:\n${[...new Set(found)].join('\n')}`);
      },
    });
