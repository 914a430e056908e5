// Keyboard walk through a diagram's items (table rows, ring slots, states, messages): one
// Tab stop for the whole list, ↑/↓ move focus between items marked data-item. ←/→ stay the
// stepper's keys, so walking a table never moves the cursor. Used by the virtio, VDP and
// VEPA views (all owned by the same helper), hence its home here.
export function roving(node: HTMLElement): { destroy(): void } {
  const items = (): HTMLElement[] => [...node.querySelectorAll<HTMLElement>('[data-item]')];
  // Exactly one item is reachable with Tab: the focused one, else the first.
  const sync = () => {
    const all = items();
    const current = all.find((el) => el === document.activeElement) ?? all[0];
    for (const el of all) el.tabIndex = el === current ? 0 : -1;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    e.stopPropagation();
    const next = all[Math.max(0, Math.min(all.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    for (const el of all) el.tabIndex = el === next ? 0 : -1;
    next.focus();
  };
  const observer = new MutationObserver(sync);
  observer.observe(node, { childList: true, subtree: true });
  sync();
  node.addEventListener('keydown', onKey);
  return {
    destroy() {
      observer.disconnect();
      node.removeEventListener('keydown', onKey);
    },
  };
}
