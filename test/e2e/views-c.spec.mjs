// The macvlan and VEPA mechanism views in Chromium (and axe on the qeth and bridge views):
// visible text in the mechanism pane at least 12 px (18 px presenting), SVG labels never
// overlapping, the item a step changed highlighted with a non-colour cue, and no axe-core
// violation inside `.mech` in either theme. Screenshots at three sizes in both themes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assert, equal, mechCaughtUp } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Scenarios and steps where each view has something drawn (lookup, queue, hairpin, policy). */
const PAGES = [
  { lab: 'macvlan', scenario: 'demux-by-mac', step: 39, lesson: 'macvlan-01-demux-by-mac' },
  { lab: 'macvlan', scenario: 'macvtap-small-ring', step: 60 },
  { lab: 'macvlan', scenario: 'bcqueue-overflow', step: 40 },
  { lab: 'macvlan', scenario: 'demux-sriov-switchdev', step: 30 },
  { lab: 'vepa', scenario: 'vepa-hairpin-on', step: 18, lesson: 'vepa-01-why-out-and-back' },
  { lab: 'vepa', scenario: 'vepa-acl-deny', step: 30 },
  { lab: 'vepa', scenario: 'vepa-schannels', step: 30 },
  { lab: 'vepa', scenario: 'vepa-stream-hairpin', step: 120 },
];

const open = async (page, url) => {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.app === 'running');
  await page.getByTestId('position').first().waitFor();
  await page.locator('.mech :is([data-view], section, figure, table)').first().waitFor();
  await page.waitForTimeout(300);
};

/**
 * On-screen font size (computed size times the SVG's scale) of every text node visible in
 * the mechanism pane and the window, and the SVG labels whose boxes overlap.
 */
export async function measureMech(page, min) {
  return page.evaluate((min) => {
    const mech = document.querySelector('.mech');
    const box = mech.getBoundingClientRect();
    const seen = (r) =>
      r.width > 1 &&
      r.height > 1 &&
      r.right > box.left &&
      r.left < box.right &&
      r.bottom > box.top &&
      r.top < box.bottom &&
      r.top < innerHeight &&
      r.bottom > 0;
    const walker = document.createTreeWalker(mech, NodeFilter.SHOW_TEXT);
    const items = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || el.closest('.visually-hidden, title')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (!seen(r)) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden') continue;
      let size = parseFloat(cs.fontSize);
      const svg = el instanceof SVGElement;
      if (svg) {
        const m = el.getScreenCTM();
        if (m) size *= Math.hypot(m.a, m.b);
      }
      items.push({ t: n.textContent.trim().slice(0, 24), size, r, svg });
    }
    const labels = items.filter((i) => i.svg);
    const overlaps = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i].r, labels[j].r];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          overlaps.push(`"${labels[i].t}" × "${labels[j].t}"`);
      }
    const small = items.filter((i) => i.size < min - 0.01);
    return {
      count: items.length,
      min: items.length ? Math.min(...items.map((i) => i.size)) : NaN,
      below: small.length / Math.max(1, items.length),
      small: [...new Set(small.map((i) => `${i.t} (${i.size.toFixed(1)})`))].slice(0, 8),
      overlaps,
    };
  }, min);
}

/** measureMech over the whole pane: scrolled a screenful at a time, results pooled. */
async function measureWholePane(page, min) {
  const all = { count: 0, small: 0, min: Infinity, names: new Set(), overlaps: new Set() };
  const { h, total } = await page.evaluate(() => {
    const m = document.querySelector('.mech');
    return { h: m.clientHeight, total: m.scrollHeight };
  });
  for (let top = 0; top < total; top += Math.max(100, h - 40)) {
    await page.evaluate((t) => (document.querySelector('.mech').scrollTop = t), top);
    await page.waitForTimeout(50);
    const m = await measureMech(page, min);
    all.count += m.count;
    all.small += Math.round(m.below * m.count);
    if (m.count) all.min = Math.min(all.min, m.min);
    m.small.forEach((x) => all.names.add(x));
    m.overlaps.forEach((x) => all.overlaps.add(x));
  }
  await page.evaluate(() => (document.querySelector('.mech').scrollTop = 0));
  return {
    count: all.count,
    min: all.min,
    below: all.small / Math.max(1, all.count),
    small: [...all.names].slice(0, 8),
    overlaps: [...all.overlaps],
  };
}

/** axe-core inside the mechanism pane: WCAG 2.x A/AA rules plus heading-order and scrollable-region-focusable. */
export async function axeMech(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (wcag) => {
    const rules = window.axe._audit.rules
      .filter((r) => !r.tags.includes('experimental'))
      .filter(
        (r) => r.tags.some((t) => wcag.includes(t)) || ['heading-order', 'scrollable-region-focusable'].includes(r.id),
      )
      .map((r) => r.id);
    const r = await window.axe.run('.mech', {
      runOnly: { type: 'rule', values: rules },
      resultTypes: ['violations'],
    });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}  ${n.target.join(' ')}`));
  }, WCAG);
}

const report = (what, m, min) =>
  console.log(
    `       ${what}: ${m.count} texts, min ${m.min.toFixed(1)} px, ${(m.below * 100).toFixed(1)}% < ${min} px` +
      (m.small.length ? ` [${m.small.join(', ')}]` : ''),
  );

const step = async (page) => {
  const before = await page.getByTestId('position').first().textContent();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('[data-testid="position"]').textContent !== b, before, {
    timeout: 5000,
  });
  await mechCaughtUp(page);
};

export const viewsCTests = [
  ...PAGES.map((p) => ({
    name: `views-c: ${p.lab} ${p.scenario}: text sizes and overlaps at 1280x800${p.lesson ? ' and presenting' : ''}`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 60_000,
    async run({ page, baseUrl, shot }) {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, `${baseUrl}#/lab/${p.lab}/${p.scenario}/${p.step}`);
      const lab = await measureWholePane(page, 12);
      report(`${p.lab}/${p.scenario} lab 1280x800`, lab, 12);
      await shot(`views-c-${p.lab}-${p.scenario}-1280x800`);
      equal(lab.overlaps.join('; '), '', `${p.scenario}: overlapping labels`);
      assert(lab.below < 0.02, `${p.scenario}: ${(lab.below * 100).toFixed(1)}% of the pane's text under 12 px`);
      if (!p.lesson) return;
      await open(page, `${baseUrl}#/present/${p.lesson}/3`);
      const pres = await measureWholePane(page, 18);
      report(`${p.lab} presenting 1280x800`, pres, 18);
      await shot(`views-c-${p.lab}-present-1280x800`);
      equal(pres.overlaps.join('; '), '', `${p.lesson}: overlapping labels presenting`);
      assert(pres.below < 0.05, `${p.lesson}: ${(pres.below * 100).toFixed(1)}% of the pane's text under 18 px`);
    },
  })),
  {
    name: 'views-c: macvlan: the hash bucket hit and the counters a step changed are marked',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      // demux-by-mac: step 39 is the hash lookup of the echo request's destination (lesson
      // text and stage.spec agree); the step after it hands the frame to the macvlan device.
      await open(page, `${baseUrl}#/lab/macvlan/demux-by-mac/38`);
      await step(page);
      const probe = page.locator('.mech [data-bucket][data-probe="now"]');
      equal(await probe.count(), 1, 'one bucket probed at this step');
      assert((await probe.textContent()).includes('looked up at this step'), 'the probed bucket says so in words');
      const said = await page.locator('.mech section p.now').textContent();
      assert(said.includes('this step') && said.includes('bucket'), `the lookup is named in text: ${said}`);
      const hit = page.locator('.mech .chain li.hit');
      assert((await hit.textContent()).includes('match'), 'the chain entry that matched is marked "match"');
      // Step on until a counter moves: the row is marked with the word "changed".
      for (let i = 0; i < 6; i++) {
        await step(page);
        if (await page.locator('.mech [data-counters] [data-change]').count()) break;
      }
      const changed = page.locator('.mech [data-counters] [data-change]').first();
      assert((await changed.textContent()).includes('+'), 'a changed counter shows its increase');
    },
  },
  {
    name: 'views-c: macvlan: a filled queue slot and a drop are marked',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      await open(page, `${baseUrl}#/lab/macvlan/bcqueue-overflow/0`);
      let filled = 0;
      let dropped = 0;
      for (let i = 0; i < 60 && !(filled && dropped); i++) {
        await step(page);
        filled ||= await page.locator('.mech [data-queue][data-change="filled"]').count();
        dropped ||= await page.locator('.mech [data-queue][data-change="dropped"]').count();
      }
      assert(filled > 0, 'a step that queued a frame marks the queue "filled"');
      assert(dropped > 0, 'a step that overflowed the queue marks it "dropped"');
    },
  },
  {
    name: 'views-c: vepa: the FDB row learned, the hairpin reflection and the counters a step changed are marked',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      await open(page, `${baseUrl}#/lab/vepa/vepa-hairpin-on/0`);
      let learned = 0;
      let reflected = 0;
      let counter = 0;
      let badge = '';
      for (let i = 0; i < 40 && !(learned && reflected && counter); i++) {
        await step(page);
        learned ||= await page.locator('.mech [data-fdb] [data-change="added"]').count();
        counter ||= await page.locator('.mech [data-port][data-change]').count();
        // Read the badge on the step that marks the reflection: a later step clears it.
        const marked = page.locator('.mech [data-port] td[data-change="reflected"] .delta');
        if (!reflected && (reflected = await marked.count())) badge = await marked.first().textContent();
      }
      assert(learned > 0, 'an FDB row the step learned is marked');
      assert(counter > 0, 'a port whose counters the step changed is marked');
      assert(reflected > 0, 'a hairpin reflection is marked on its port');
      assert(/reflected \+1/.test(badge), `the reflection is said in words, not colour only: ${badge}`);
    },
  },
  {
    name: 'views-c: keyboard: rows of the macvlan and VEPA tables take focus with arrow keys',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      for (const url of ['#/lab/macvlan/demux-by-mac/39', '#/lab/vepa/vepa-hairpin-on/18']) {
        await open(page, `${baseUrl}${url}`);
        const first = page.locator('.mech [data-row][tabindex="0"]').first();
        await first.focus();
        const a = await page.evaluate(() => document.activeElement.textContent);
        await page.keyboard.press('ArrowDown');
        const b = await page.evaluate(() => document.activeElement.textContent);
        assert(a !== b, `${url}: ↓ moves to the next row`);
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
        assert(outline !== 'none', `${url}: the focused row shows a focus ring`);
      }
    },
  },
  ...['light', 'dark'].map((theme) => ({
    name: `views-c: axe in the mechanism pane of macvlan, vepa, qeth, bridge (${theme})`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 120_000,
    async run({ page, baseUrl }) {
      await page.addInitScript((t) => localStorage.setItem('netvirt-lab:theme', t), theme);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const found = [];
      const routes = [
        '#/lab/macvlan/demux-by-mac/39',
        '#/lab/macvlan/macvtap-small-ring/60',
        '#/lab/macvlan/demux-sriov-switchdev/30',
        '#/lab/vepa/vepa-hairpin-on/18',
        '#/lab/vepa/vepa-acl-deny/30',
        '#/lab/qeth',
        '#/lab/qeth/eighty-guests/1934',
        '#/lab/bridge/learning/7',
        '#/present/macvlan-01-demux-by-mac/3',
        '#/present/vepa-01-why-out-and-back/3',
        '#/present/qeth-01-one-card-many-guests/3',
        '#/present/bridge-01-learning/3',
      ];
      for (const r of routes) {
        await open(page, `${baseUrl}${r}`);
        if (r === '#/lab/qeth') for (let i = 0; i < 8; i++) await step(page);
        for (const v of await axeMech(page)) found.push(`${v}  @ ${r}`);
      }
      console.log(`       axe (${theme}): ${found.length} violations in .mech`);
      assert(found.length === 0, `${found.length} axe violations:\n${found.join('\n')}`);
    },
  })),
  {
    name: 'views-c: screenshots at 1280x800, 1920x1080, 390x844 in both themes',
    viewport: { width: 1280, height: 800 },
    timeoutMs: 120_000,
    async run({ page, baseUrl, shot }) {
      for (const [w, h] of [
        [1280, 800],
        [1920, 1080],
        [390, 844],
      ])
        for (const theme of ['light', 'dark'])
          for (const [lab, scenario, s] of [
            ['macvlan', 'demux-by-mac', 39],
            ['vepa', 'vepa-hairpin-on', 18],
          ]) {
            await page.setViewportSize({ width: w, height: h });
            await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
            await open(page, `${baseUrl}#/lab/${lab}/${scenario}/${s}`);
            if (w < 700) await page.locator('.mech').scrollIntoViewIfNeeded();
            await shot(`views-c-${lab}-${w}x${h}-${theme}`);
            if (w < 700) {
              // One column on a phone: the pane fits the window (wide drawings scroll inside it).
              const over = await page.evaluate(() => document.querySelector('.mech').getBoundingClientRect().right);
              assert(over <= w + 1, `${lab} at ${w}px: the mechanism pane ends at ${over}px`);
            }
          }
    },
  },
];
