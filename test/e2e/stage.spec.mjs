// The layer stage in Chromium: a frame stepped through one macvlan host climbs its layers
// in order; the stage's visible text is at least 12 px (18 px presenting) and no two
// labels overlap, per lab; screenshots of each lab's stage at three sizes in both themes.
import { assert, equal } from './harness.mjs';

/** One scenario and one step per lab, where a frame is deciding; and a lesson for presenter mode. */
const LABS = [
  { lab: 'bridge', scenario: 'learning', step: 7, lesson: 'bridge-01-learning' },
  { lab: 'macvlan', scenario: 'demux-by-mac', step: 39, lesson: 'macvlan-01-demux-by-mac' },
  { lab: 'qeth', scenario: 'eighty-guests', step: 1934, lesson: 'qeth-01-one-card-many-guests' },
  { lab: 'vdp', scenario: 'associate', step: 37, lesson: 'vdp-01-associate-the-happy-path' },
  { lab: 'vepa', scenario: 'vepa-hairpin-on', step: 18, lesson: 'vepa-01-why-out-and-back' },
  { lab: 'virtio', scenario: 'virtio-tx-one-frame', step: 110, lesson: 'virtio-01-a-ring-in-three-parts' },
];

const stepText = async (page) => (await page.getByTestId('position').first().textContent()).replace(/\s+/g, ' ');

/** Where the marker is: node and slot id. */
async function marker(page) {
  return page.evaluate(() => {
    const m = document.querySelector('[data-testid="stage-marker"]');
    if (!m) return null;
    const node = m.getAttribute('data-node');
    const i = m.getAttribute('data-slot');
    const slot = document.querySelector(`.column[data-node="${node}"] .slot[data-index="${i}"]`);
    return `${node}:${slot?.getAttribute('data-slot') ?? 'link'}`;
  });
}

/**
 * Font sizes (on screen: computed size times the SVG's scale) of the stage's text that is
 * visible in its scroller and the window, and pairs of label boxes that overlap.
 */
export async function measureStage(page, min) {
  return page.evaluate((min) => {
    const stage = document.querySelector('[data-testid="layer-stage"]');
    const sc = stage.querySelector('.scroller').getBoundingClientRect();
    const svg = stage.querySelector('svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const seen = (r) =>
      r.width > 0 &&
      r.right > sc.left &&
      r.left < sc.right &&
      r.bottom > sc.top &&
      r.top < sc.bottom &&
      r.top < innerHeight;
    const texts = [...svg.querySelectorAll('text')].filter(
      (t) => t.textContent.trim() && seen(t.getBoundingClientRect()),
    );
    const html = [...stage.querySelectorAll('.bar p, .bar button, figcaption')].filter((e) =>
      seen(e.getBoundingClientRect()),
    );
    const sizes = [
      ...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale),
      ...html.map((e) => parseFloat(getComputedStyle(e).fontSize)),
    ];
    const boxes = texts.map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          overlaps.push(`"${boxes[i].t}" × "${boxes[j].t}"`);
      }
    return {
      count: sizes.length,
      min: Math.min(...sizes),
      below: sizes.filter((s) => s < min - 0.01).length / Math.max(1, sizes.length),
      overlaps,
    };
  }, min);
}

async function shotsOf(page, baseUrl, shot, { lab, scenario, step }) {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ])
    for (const theme of ['light', 'dark']) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.goto(`${baseUrl}#/lab/${lab}/${scenario}/${step}`);
      await page.getByTestId('stage-marker').waitFor();
      await page.waitForTimeout(150);
      await shot(`stage-${lab}-${w}x${h}-${theme}`);
    }
}

export const stageTests = [
  {
    name: 'stage: a frame climbs the macvlan host layer by layer, then reaches the guest',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      // Step 37: the switch forwards the echo request to H; then H's taps, the hash lookup,
      // the macvlan device (RX_HANDLER_ANOTHER), and guest B's ICMP socket.
      await page.goto(`${baseUrl}#/lab/macvlan/demux-by-mac/37`);
      await page.getByTestId('stage-marker').waitFor();
      const seen = [await marker(page)];
      for (let i = 0; i < 4; i++) {
        const before = await stepText(page);
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(
          (b) => document.querySelector('[data-testid="position"]').textContent.replace(/\s+/g, ' ') !== b,
          before,
        );
        seen.push(await marker(page));
      }
      equal(seen.join(' → '), 'sw:fwd → H:taps → H:lookup → H:dev → gB:app', 'marker path');
      // Up the stack: each of H's slots is above the one before.
      const ys = await page.evaluate(() =>
        ['taps', 'lookup', 'dev'].map(
          (id) =>
            document.querySelector(`.column[data-node="H"] .slot[data-slot="${id}"] rect`).getBoundingClientRect().y,
        ),
      );
      assert(ys[0] > ys[1] && ys[1] > ys[2], `H's slots climb: ${ys.join(', ')}`);
      // The deciding slot names its function; the caption gives the decision.
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.getByText('macvlan_hash_lookup', { exact: true }).waitFor();
      assert((await page.getByTestId('stage-decision').textContent()).includes('hashes to bucket'), 'decision shown');
    },
  },
  {
    name: 'stage: a drop slot says why, in words',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}#/lab/macvlan/demux-by-mac/49`);
      await page.getByTestId('stage-marker').waitFor();
      const slot = page.locator('.slot.drop');
      equal(await slot.getAttribute('data-slot'), 'nic', 'the NIC filter drops the unknown MAC');
      assert((await slot.textContent()).includes('dropped'), 'the drop slot says "dropped"');
      assert((await page.getByTestId('stage-decision').textContent()).includes('Dropped at H'), 'the reason is shown');
    },
  },
  {
    name: 'stage: z zooms on the deciding device and back',
    viewport: { width: 1280, height: 800 },
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}#/lab/macvlan/demux-by-mac/39`);
      await page.getByTestId('stage-marker').waitFor();
      const cols = () => page.locator('.column').count();
      equal(await cols(), 6, 'every device');
      await page.keyboard.press('z');
      await page.waitForFunction(() => document.querySelectorAll('.column').length < 6);
      const ids = await page.locator('.column').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
      equal(ids.join(','), 'gA,gB,gC,H,sw', 'H and its neighbours');
      await page.keyboard.press('z');
      await page.waitForFunction(() => document.querySelectorAll('.column').length === 6);
    },
  },
  ...LABS.map((l) => ({
    name: `stage: ${l.lab}: text sizes, no overlaps, screenshots`,
    viewport: { width: 1280, height: 800 },
    timeoutMs: 120_000,
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#/lab/${l.lab}/${l.scenario}/${l.step}`);
      await page.getByTestId('stage-marker').waitFor();
      await page.waitForTimeout(700);
      const lab = await measureStage(page, 12);
      await page.goto(`${baseUrl}#/present/${l.lesson}/3`);
      await page.getByTestId('stage-marker').waitFor();
      await page.waitForTimeout(700);
      const pres = await measureStage(page, 18);
      await shot(`stage-${l.lab}-present-1280x800`);
      console.log(
        `       ${l.lab}: lab 1280x800 ${lab.count} texts, min ${lab.min.toFixed(1)} px, ${(lab.below * 100).toFixed(1)}% < 12 px; ` +
          `presenting ${pres.count} texts, min ${pres.min.toFixed(1)} px, ${(pres.below * 100).toFixed(1)}% < 18 px`,
      );
      equal(lab.overlaps.join('; '), '', `${l.lab}: overlapping labels (lab page)`);
      equal(pres.overlaps.join('; '), '', `${l.lab}: overlapping labels (presenting)`);
      assert(lab.below < 0.02, `${l.lab}: ${(lab.below * 100).toFixed(1)}% of the stage's text is under 12 px`);
      assert(
        pres.below < 0.05,
        `${l.lab}: ${(pres.below * 100).toFixed(1)}% of the stage's text is under 18 px presenting`,
      );
      await shotsOf(page, baseUrl, shot, l);
    },
  })),
];
