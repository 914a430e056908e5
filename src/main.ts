// Entry point: apply the theme before the first paint, read saved progress, then hydrate
// the home page rendered at build time (vite.config.ts) or mount the shell afresh (dev,
// or a page without the rendered markup).
import { flushSync, hydrate, mount } from 'svelte';
import App from './app/App.svelte';
import { theme } from './app/shell/theme.svelte';
import { progress } from './app/progress/progress.svelte';
import { registerServiceWorker } from './app/shell/sw-register';
import './app/shell/global.css';

theme.init();
progress.init();
const target = document.getElementById('app')!;
if (target.firstChild) hydrate(App, { target });
else mount(App, { target });
// The route is read once the shell runs; a deep link's page replaces the home markup now.
flushSync();
document.documentElement.classList.remove('deep-link');
// Tests (and anyone curious) can tell the rendered page from the running app.
document.documentElement.dataset.app = 'running';
// Offline use: precache the site and watch for new versions (built site only).
registerServiceWorker();
