import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// base './' makes every asset URL relative, so dist/ runs from any sub-path of any
// static host; routes live in the hash, so the host never sees them.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  worker: { format: 'es' },
});
