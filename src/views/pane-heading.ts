// Mechanism views put their headings at h3, under the mechanism pane's h2. Until the
// workbench gives that pane a heading of its own, a view renders a visually hidden h2 so
// the page's outline goes h1 → h2 → h3 without a skip (axe heading-order).
export function paneHasHeading(view: HTMLElement): boolean {
  const pane = view.closest('.mech') ?? view.parentElement;
  return !!pane && [...pane.querySelectorAll('h2')].some((h) => !view.contains(h));
}

/** The type size of a mechanism view in CSS px: 13 on a lab page, 18 in presenter mode. */
export const typeSize = (presenting: boolean): number => (presenting ? 18 : 13);
