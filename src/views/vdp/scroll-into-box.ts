// Bring an item into view inside its own scroll box only (never the pane or the page, which
// scrollIntoView would also move): the active state of a statechart, the newest message of
// the sequence chart. Centred when it is out of view; left alone when already fully shown.
// Instant under prefers-reduced-motion.
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
