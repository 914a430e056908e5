// Build-time rendering of the home page (vite.config.ts, prerender plugin): the shell and
// the list of labs and lessons as HTML in dist/index.html, so a phone paints text before
// the script has loaded; the script then hydrates the same markup. Runs in Node at build
// time only; nothing here ships to the browser.
import { render } from 'svelte/server';
import App from './app/App.svelte';

export function renderHome(): { head: string; body: string } {
  return render(App, {});
}
