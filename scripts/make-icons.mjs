// Renders the app icons (public/icons/*.png) from public/favicon.svg in Chromium, so the
// PNGs that installed apps and home screens need always match the favicon. Run after
// changing the favicon: `npm run icons` (needs Chromium, like the e2e tests).
import { readFile } from 'node:fs/promises';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const svg = await readFile('public/favicon.svg', 'utf8');
// The favicon's own background: a maskable icon fills its whole square with it.
const fill = /<rect[^>]*fill="(#[0-9a-fA-F]{3,6})"/.exec(svg)?.[1];
if (!fill) throw new Error('public/favicon.svg: no <rect fill="#..."> to use as the maskable background');

// "any" icons are the favicon as drawn (rounded square, transparent corners). A maskable
// icon may be cut to any shape inside its central circle (80 % of the side), so it is a
// full square of the background with the drawing shrunk to 62 % in the middle.
const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROME, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const { file, size, maskable } of icons) {
    await page.setViewportSize({ width: size, height: size });
    const inner = maskable ? Math.round(size * 0.62) : size;
    await page.setContent(
      `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;` +
        `background:${maskable ? fill : 'transparent'}">` +
        `<img src="${src}" width="${inner}" height="${inner}" alt=""></body>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: `public/icons/${file}`, omitBackground: !maskable });
    console.log(`public/icons/${file} (${size}x${size}${maskable ? ', maskable' : ''})`);
  }
} finally {
  await browser.close();
}
