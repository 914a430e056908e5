// Bring an item into view inside its own scroll box only (never the pane or the page, which
// scrollIntoView would also move): the active state of a statechart, the newest message of
// the sequence chart. Centred when it is out of view; left alone when already fully shown.
// Instant under prefers-reduced-motion.
/** How long the cursor rests before a view scrolls to what changed (holding → never waits that long). */
export const REST_MS = 120;

export function scrollIntoBox(box: HTMLElement, el: Element): void {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const inside = r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
  if (inside) return;
  const left = box.scrollLeft + (r.left + r.width / 2) - (b.left + b.width / 2);
  const top = box.scrollTop + (r.top + r.height / 2) - (b.top + b.height / 2);
  const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
  box.scrollTo({ left: Math.max(0, left), top: Math.max(0, top), behavior: reduce ? 'auto' : 'smooth' });
}

/**
 * After a step, bring what it changed into view in each box around it that scrolls
 * vertically (a table's own box, then the mechanism pane on a laptop, in presenter mode and
 * on a phone), so a student sees the change without hunting for it. Nothing moves when it
 * is already fully visible; never the page itself.
 */
export function revealChange(el: Element): void {
  const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    const s = getComputedStyle(box);
    if (!/(auto|scroll)/.test(s.overflowY) || box.scrollHeight <= box.clientHeight + 1) continue;
    const b = box.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (r.top >= b.top && r.bottom <= b.bottom) continue;
    const top = box.scrollTop + r.top - b.top - Math.min(48, b.height / 4);
    box.scrollTo({ top: Math.max(0, top), behavior: reduce ? 'auto' : 'smooth' });
  }
}
