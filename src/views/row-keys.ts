// Arrow keys through a view's rows (roving tabindex): the view gives one row tabindex 0 (the
// row this step changed, else the first) and the rest -1, so Tab enters the table once and
// ↑/↓/Home/End move between rows with a visible focus ring. Rows are `[data-row]`.
export function rowKeys(container: HTMLElement): { destroy(): void } {
  const onKey = (e: KeyboardEvent) => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(e.key)) return;
    const rows = [...container.querySelectorAll<HTMLElement>('[data-row]')];
    const at = rows.indexOf(document.activeElement as HTMLElement);
    if (at < 0 || !rows.length) return;
    const to =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? rows.length - 1
          : Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
    e.preventDefault();
    e.stopPropagation();
    rows[at].tabIndex = -1;
    rows[to].tabIndex = 0;
    rows[to].focus();
  };
  container.addEventListener('keydown', onKey);
  return { destroy: () => container.removeEventListener('keydown', onKey) };
}
