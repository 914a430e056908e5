// The current route as reactive state, read from the hash. Pages that move the cursor
// rewrite the hash with replaceState (no history entry per step, no hashchange loop), so
// a reload or a copied link opens the same step.
import { formatRoute, parseHash, type Route } from './routes';

class Router {
  route = $state<Route>({ page: 'home' });

  start(): () => void {
    const read = () => (this.route = parseHash(location.hash));
    read();
    addEventListener('hashchange', read);
    return () => removeEventListener('hashchange', read);
  }

  /** Go to a page (adds a history entry). */
  go(r: Route): void {
    location.hash = formatRoute(r);
  }

  #pending: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 0;

  /**
   * Record where the user is without a history entry or a re-render of the page. Calls are
   * throttled (history.replaceState is a synchronous call into the browser, costly at
   * playing speed): the first goes through at once, later ones within 250 ms are merged.
   */
  replace(r: Route): void {
    this.#pending = formatRoute(r);
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#last + 250 - performance.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
    if (wait === 0) this.#flush();
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#last = performance.now();
    const hash = this.#pending;
    this.#pending = undefined;
    if (hash !== undefined && location.hash !== hash) history.replaceState(history.state, '', hash);
  }
}

export const router = new Router();
