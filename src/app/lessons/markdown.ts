// Lesson Markdown to HTML: marked parses, DOMPurify sanitizes. The result is the only HTML
// the app ever inserts; lesson text is content, but content can be wrong or hostile.
import { marked } from 'marked';
import DOMPurify from 'dompurify';

/**
 * The stepper's controls as a lesson names them: `{press:forward}` reads "press →" with a
 * keyboard and "tap Step" on a touch screen, naming the stepper button (global.css shows one of the two by pointer type).
 */
export const PRESS = {
  forward: { key: '→', touch: 'Step' },
  back: { key: '←', touch: 'Back' },
  play: { key: 'Space', touch: 'Play' },
  end: { key: 'End', touch: 'End' },
  start: { key: 'Home', touch: 'Start' },
  next: { key: 'N', touch: 'Next part' },
} as const;

export type PressName = keyof typeof PRESS;
export const PRESS_TOKEN = /\{press:([a-z]+)\}/g;

/** `{open:inspector}` and `{open:log}`: a button in the text that opens that panel. */
export const OPEN = { inspector: 'the inspector', log: 'the step log' } as const;
export const OPEN_TOKEN = /\{open:([a-z]+)\}/g;

function openHtml(name: string): string {
  const label = Object.hasOwn(OPEN, name) ? OPEN[name as keyof typeof OPEN] : undefined;
  return label ? `<button type="button" class="open-panel" data-open="${name}">${label}</button>` : `{open:${name}}`;
}

function pressHtml(name: string): string {
  const p = Object.hasOwn(PRESS, name) ? PRESS[name as PressName] : undefined;
  if (!p) return `{press:${name}}`;
  return `<span class="press"><span class="by-key">press <kbd>${p.key}</kbd></span><span class="by-touch">tap <b>${p.touch}</b></span></span>`;
}

/** Unknown `{press:…}` and `{open:…}` names, for the lesson validation. */
export function pressProblems(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(PRESS_TOKEN))
    if (!Object.hasOwn(PRESS, m[1]))
      out.push(`{press:${m[1]}} names no control; use one of ${Object.keys(PRESS).join(', ')}`);
  for (const m of md.matchAll(OPEN_TOKEN))
    if (!Object.hasOwn(OPEN, m[1])) out.push(`{open:${m[1]}} names no panel; use one of ${Object.keys(OPEN).join(', ')}`);
  return out;
}

export function renderMarkdown(md: string): string {
  const withTokens = md.replace(PRESS_TOKEN, (_, n: string) => pressHtml(n)).replace(OPEN_TOKEN, (_, n: string) => openHtml(n));
  const html = marked.parse(withTokens, { async: false, gfm: true });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input'],
    FORBID_ATTR: ['style'],
  });
}

const HEADING = /<(\/?)h([1-6])(?=[\s>])/g;

/**
 * Lesson authors start their parts at `##` or `###`; on the page the text sits under the
 * lesson's h1 (or a panel's h2), and a screen reader's outline must not skip a level. This
 * moves every heading of `htmls` by the same amount so the highest becomes `top`, keeping
 * the author's relative levels (h6 at most).
 */
export function headingsFrom(htmls: readonly string[], top: number): string[] {
  let highest = 7;
  for (const h of htmls) for (const m of h.matchAll(HEADING)) highest = Math.min(highest, Number(m[2]));
  if (highest === 7 || highest === top) return [...htmls];
  const by = top - highest;
  return htmls.map((h) => h.replace(HEADING, (_, close: string, n: string) => `<${close}h${Math.min(6, Number(n) + by)}`));
}
