// Light, dark or follow the system. The choice is kept in localStorage; a bad stored value
// just means "system". Applied as data-theme on <html> so CSS variables switch at once.
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'netvirt-lab:theme';

class Theme {
  choice = $state<ThemeChoice>('system');

  init(): void {
    let v: string | null = null;
    try {
      v = localStorage.getItem(KEY);
    } catch {
      /* storage blocked: follow the system */
    }
    this.choice = v === 'light' || v === 'dark' ? v : 'system';
    this.apply();
  }

  set(c: ThemeChoice): void {
    this.choice = c;
    try {
      localStorage.setItem(KEY, c);
    } catch {
      /* not kept across reloads; still applied now */
    }
    this.apply();
  }

  cycle(): void {
    this.set(this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system');
  }

  private apply(): void {
    const root = document.documentElement;
    if (this.choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.choice;
  }
}

export const theme = new Theme();

/** True when the user asked the system for less motion; animations then jump. */
export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
