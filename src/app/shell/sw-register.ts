// Registers the service worker of the built site (vite.config.ts, offline()) from the app
// rather than from a tag in index.html, which the prerender rewrites. In the dev server the
// virtual module does nothing, so no worker caches files that change on every save.
import { registerSW } from 'virtual:pwa-register';
import { updates } from './updates.svelte';

/** How often an open page asks the host whether a new version was deployed. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const activate = registerSW({
    // Registered once the page has loaded, so the precache never competes with the first
    // page's own chunks.
    immediate: false,
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
