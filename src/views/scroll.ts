// Bring `el` into view inside `container` only. Element.scrollIntoView would also scroll the
// page, which yanks the stepper away from a keyboard user on every step.
export function scrollWithin(container: HTMLElement | null | undefined, el: Element | null | undefined): void {
  if (!container || !el) return;
  const c = container.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < c.top) container.scrollTop -= c.top - r.top;
  else if (r.bottom > c.bottom) container.scrollTop += Math.min(r.bottom - c.bottom, r.top - c.top);
}

/** The nearest ancestor that scrolls vertically. */
export function scrollParent(el: HTMLElement | null | undefined): HTMLElement | null {
  for (let p = el?.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    if ((o === 'auto' || o === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}
