import { defineConfig, build, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * After the client build, render the home page to HTML (src/prerender.ts, built for Node
 * in a scratch folder) and put it into dist/index.html: text and layout paint before the
 * script runs, then main.ts hydrates the same markup. A deep link (#/lesson/...) hides the
 * home markup until the app has read the route (the inline script in index.html).
 */
function prerenderHome(): Plugin {
  let outDir = 'dist';
  return {
    name: 'netvirt-prerender-home',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    async closeBundle() {
      if (process.env.NETVIRT_PRERENDER_BUILD) return;
      const scratch = resolve('node_modules/.netvirt-prerender');
      process.env.NETVIRT_PRERENDER_BUILD = '1';
      try {
        await build({
          configFile: false,
          logLevel: 'warn',
          plugins: [svelte(), lessonMeta()],
          build: { ssr: resolve('src/prerender.ts'), outDir: scratch, emptyOutDir: true, target: 'node20' },
        });
        const { renderHome } = await import(pathToFileURL(resolve(scratch, 'prerender.js')).href + `?t=${Date.now()}`);
        const { head, body } = renderHome() as { head: string; body: string };
        const file = resolve(outDir, 'index.html');
        const html = await readFile(file, 'utf8');
        if (!html.includes('<div id="app"></div>')) throw new Error('dist/index.html has no empty <div id="app">');
        let out = html
          .replace(/<title>[^<]*<\/title>/, head)
          .replace('<div id="app"></div>', `<div id="app">${body}</div>`);
        // The shell's stylesheet (about 13 KB) goes inline: the first paint waits for no request.
        const css = /<link rel="stylesheet"[^>]*href="\.\/([^"]+\.css)">/.exec(out);
        if (css) {
          const text = await readFile(resolve(outDir, css[1]), 'utf8');
          out = out.replace(css[0], () => `<style>${text}</style>`);
        }
        // The app's script is fetched once the rendered page has painted, so the text shows
        // as soon as the HTML arrives; the script then hydrates it.
        const js = /<script type="module" crossorigin src="(\.\/[^"]+\.js)"><\/script>/.exec(out);
        if (!js) throw new Error('dist/index.html has no module script to load after the first paint');
        out = out.replace(
          js[0],
          () =>
            `<script>requestAnimationFrame(function(){setTimeout(function(){var s=document.createElement('script');s.type='module';s.src=${JSON.stringify(js[1])};document.head.appendChild(s)})})</script>` +
            `<noscript></noscript>`,
        );
        await writeFile(file, out);
      } finally {
        delete process.env.NETVIRT_PRERENDER_BUILD;
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}

/**
 * `lessons/<id>/index.md?lesson-meta`: only the frontmatter block of a lesson, so the home
 * page's bundle lists every lesson without carrying their texts (those load on demand).
 */
export function lessonMeta(): Plugin {
  const SUFFIX = '?lesson-meta';
  return {
    name: 'netvirt-lesson-meta',
    async load(id) {
      if (!id.endsWith(SUFFIX)) return null;
      const text = await readFile(id.slice(0, -SUFFIX.length), 'utf8');
      const front = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text)?.[0] ?? '';
      return `export default ${JSON.stringify(front)};`;
    },
  };
}

/**
 * Offline use and installing: a service worker (dist/sw.js, Workbox) precaches every file
 * of the build, so after one visit every lab, scenario, lesson and the engine's worker load
 * without a network. A new deployment's worker waits until the user accepts the update
 * (src/app/shell/UpdateNotice.svelte); src/app/shell/sw-register.ts registers it from the
 * app, so the prerender's rewrite of index.html cannot drop the registration. The dev
 * server has no service worker.
 */
function offline(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: null,
    devOptions: { enabled: false },
    // After prerenderHome has written the final index.html: its precache revision is the
    // hash of the file that is served.
    integration: { closeBundleOrder: 'post' },
    manifest: {
      id: './',
      name: 'NetVirt Lab',
      short_name: 'NetVirt Lab',
      description:
        'Step through Linux network virtualization (bridges, qeth, macvlan, VEPA, VDP, virtio) frame by frame, offline.',
      // Relative to the manifest: the installed app opens the copy it was installed from,
      // whatever sub-path of the host that is.
      start_url: './',
      scope: './',
      display: 'standalone',
      // The light theme's page and header colours (src/app/shell/global.css).
      background_color: '#ffffff',
      theme_color: '#f3f5f8',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    },
    // The icons are in the glob below; listing them twice would only duplicate entries.
    includeManifestIcons: false,
    workbox: {
      // Every file of the build (the plugin adds manifest.webmanifest); the e2e test
      // test/e2e/offline.spec.mjs fails if a built file is missing from the precache.
      globPatterns: ['**/*.{html,js,css,svg,png,woff2}'],
      // Hashed names change with their content: no revision query needed.
      dontCacheBustURLsMatching: /^assets\//,
      // The routes live in the hash: every page is index.html.
      navigateFallback: 'index.html',
      // The first visit's page is served by the new worker at once, so a lab opened later
      // in the same visit loads offline too; an update still waits for the user.
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
  });
}

// base './' makes every asset URL relative, so dist/ runs from any sub-path of any
// static host; routes live in the hash, so the host never sees them.
export default defineConfig({
  base: './',
  plugins: [svelte(), lessonMeta(), prerenderHome(), offline()],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  worker: { format: 'es' },
});
