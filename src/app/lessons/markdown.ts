// Lesson Markdown to HTML: marked parses, DOMPurify sanitizes. The result is the only HTML
// the app ever inserts; lesson text is content, but content can be wrong or hostile.
import { marked } from 'marked';
import DOMPurify from 'dompurify';

/**
 * The stepper's controls as a lesson names them: `{press:forward}` reads "press →" with a
 * keyboard and "tap ▶" on a touch screen (global.css shows one of the two by pointer type).
 */
export const PRESS = {
  forward: { key: '→', touch: '▶ Step' },
  back: { key: '←', touch: '◀ Back' },
  play: { key: 'Space', touch: '⏵ Play' },
  end: { key: 'End', touch: '⏭ End' },
  start: { key: 'Home', touch: '⏮ Start' },
  next: { key: 'N', touch: 'Next part' },
} as const;

export type PressName = keyof typeof PRESS;
export const PRESS_TOKEN = /\{press:([a-z]+)\}/g;

function pressHtml(name: string): string {
  const p = PRESS[name as PressName];
  if (!p) return `{press:${name}}`;
  return `<span class="press"><span class="by-key">press <kbd>${p.key}</kbd></span><span class="by-touch">tap <b>${p.touch}</b></span></span>`;
}

/** Unknown `{press:…}` names, for the lesson validation. */
export function pressProblems(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(PRESS_TOKEN))
    if (!(m[1] in PRESS)) out.push(`{press:${m[1]}} names no control; use one of ${Object.keys(PRESS).join(', ')}`);
  return out;
}

export function renderMarkdown(md: string): string {
  const html = marked.parse(md.replace(PRESS_TOKEN, (_, n: string) => pressHtml(n)), { async: false, gfm: true });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input'],
    FORBID_ATTR: ['style'],
  });
}
