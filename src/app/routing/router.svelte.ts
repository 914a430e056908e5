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

  /** Record where the user is without a history entry or a re-render of the page. */
  replace(r: Route): void {
    const hash = formatRoute(r);
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }
}

export const router = new Router();
