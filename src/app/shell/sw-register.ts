// Registers the service worker of the built site (vite.config.ts, offline()) from the app
// rather than from a tag in index.html, which the prerender rewrites. In the dev server the
// virtual module does nothing, so no worker caches files that change on every save.
import { registerSW } from 'virtual:pwa-register';
import { updates } from './updates.svelte';

/** How often an open page asks the host whether a new version was deployed. */
const CHECK_EVERY_MS = 60 * 60 * 1000;
/**
 * Registration waits this long after the page has loaded: the precache is some 200
 * requests, which on a slow phone would compete with the first page's own work (Lighthouse
 * on the home page measured 0.91 to 0.96 when registering at load, 0.97 to 0.98 with it).
 */
const AFTER_LOAD_MS = 5000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const later = () => setTimeout(start, AFTER_LOAD_MS);
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
}

function start(): void {
  const activate = registerSW({
    immediate: true,
    onOfflineReady: () => (updates.offlineReady = true),
    onNeedRefresh: () => (updates.waiting = true),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // Browsers look for a new sw.js on each visit; a tab left open for days asks too.
      const check = () => {
        if (navigator.onLine && !registration.installing) registration.update().catch(() => {});
      };
      setInterval(check, CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
    },
    // Without a worker the site still works online; only offline use is lost.
    onRegisterError: (e) => console.warn('NetVirt Lab: offline use is not available:', e),
  });
  updates.connect(() => activate());
}
