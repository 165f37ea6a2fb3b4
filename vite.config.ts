import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import pkg from './package.json' with { type: 'json' };

// Cross-origin isolation lets onnxruntime-web use multi-threaded WASM (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  define: { __SEMISYNTH_VERSION__: JSON.stringify(pkg.version) },
  // 'mpa' makes missing files 404 instead of falling back to index.html, so an absent optional model file
  // (generation_config.json) reads as "not there" rather than as HTML that fails to parse.
  appType: 'mpa',
  server: { host: '127.0.0.1', headers: isolation },
  preview: { host: '127.0.0.1', headers: isolation },
  worker: { format: 'es' },
  build: {
    target: 'esnext',
    chunkSizeWarningLimit: 4096,
    // The app and the benchmark page (npm run bench); rolldownOptions is Vite 8's name for rollupOptions.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // The page's state classes with fake workers: client-compiled runes, so their $effects run.
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'state',
          include: ['test/state/**/*.test.ts'],
          environment: './test/support/svelte-client-environment.ts',
        },
      },
      {
        // Real models through onnxruntime-node: must be the node environment (jsdom breaks its typed arrays).
        extends: true,
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Builds the app, serves it on 127.0.0.1 and drives Debian's Chromium.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Polls wait for a state the page reaches, not for a time: on a busy machine a worker's answer can
          // take many seconds, and expect.poll's one-second default would fail a correct page.
          expect: { poll: { timeout: 60_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
