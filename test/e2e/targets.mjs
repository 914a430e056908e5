// Pointer target sizes (WCAG 2.2 2.5.8 Target Size (Minimum), AA): every visible control on
// the page is at least 24x24 CSS px, and the stepper's buttons and a checkpoint's choices at
// least 44x44 (2.5.5 Target Size (Enhanced), which we hold them to: they are what a thumb
// presses all lesson long). Measured from the layout, not from axe: axe's target-size rule
// lets a small target pass when nothing else is near it; this check does not.

/**
 * Runs in the page: returns one line per control smaller than its minimum, as
 * "selector WxH < min". `exclude` is a list of CSS selectors whose controls are skipped.
 */
export function smallTargets(exclude) {
  const CONTROLS = 'button, a[href], input, select, textarea, summary, [role="tab"], [tabindex="0"]';
  const BIG =
    '[data-stepper-keys] :is(button, select, input), [data-testid="checkpoint"] .choice, [data-testid="checkpoint"] button';
  const out = [];
  const name = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = [...el.classList]
      .filter((c) => !c.startsWith('svelte-'))
      .map((c) => `.${c}`)
      .join('');
    const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
  };
  // Inline exception of 2.5.8: a link inside a sentence is as tall as the line it sits in.
  const inline = (el) =>
    el.tagName === 'A' &&
    getComputedStyle(el).display === 'inline' &&
    [...(el.parentElement?.childNodes ?? [])].some((n) => n !== el && n.nodeType === 3 && n.textContent.trim());
  for (const el of document.querySelectorAll(CONTROLS)) {
    if (exclude.some((s) => el.closest(s))) continue;
    // The target a pointer hits: a radio or checkbox's label is part of it.
    const box =
      el.matches('input[type="radio"], input[type="checkbox"]') && el.closest('label') ? el.closest('label') : el;
    const r = box.getBoundingClientRect();
    const cs = getComputedStyle(el);
    // Not a pointer target: not rendered, or visually hidden (the stage's text tree, the skip link off screen).
    if (r.width <= 1 || r.height <= 1 || cs.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    if (inline(el)) continue;
    const min = box.matches(BIG) || el.matches(BIG) ? 44 : 24;
    // Half a pixel of slack for sub-pixel layout (1.6rem at 15 px is 24.0).
    if (r.width + 0.5 < min || r.height + 0.5 < min)
      out.push(`${name(box)} ${Math.round(r.width)}x${Math.round(r.height)} < ${min}`);
  }
  return out;
}
