import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import pkg from './package.json' with { type: 'json' };
import { deployPlugin } from './scripts/vite/deploy-plugin.ts';
import { siteConfig } from './scripts/vite/site-config.ts';
import { ISOLATION_HEADERS, RUNTIME_DIR, WORKERS_DIR } from './src/lib/deploy/site-headers.ts';

/** Workers that run onnxruntime-web: built into runtime/, the only path whose policy allows WebAssembly. */
const RUNTIME_WORKERS = new Set(['prior.worker', 'bench.worker']);

export default defineConfig(({ mode, command }) => {
  const site = siteConfig(mode, process.env);
  return {
    // Relative URLs everywhere: the same dist/ works at a host's root and under any sub-path.
    base: './',
    plugins: [svelte(), deployPlugin(site)],
    define: {
      __SEMISYNTH_VERSION__: JSON.stringify(pkg.version),
      __SEMISYNTH_MODEL_HOSTS__: JSON.stringify(site.modelHosts),
      __SEMISYNTH_TEST_HOOKS__: JSON.stringify(site.instrumented),
      // The dev server has no sw.js: the service worker is part of a build only.
      __SEMISYNTH_SERVICE_WORKER__: JSON.stringify(site.serviceWorker && command === 'build'),
    },
    // 'mpa' makes missing files 404 instead of falling back to index.html, so an absent optional model file
    // (generation_config.json) reads as "not there" rather than as HTML that fails to parse.
    appType: 'mpa',
    // Cross-origin isolation lets onnxruntime-web use multi-threaded WASM (SharedArrayBuffer). The built
    // site's headers, the Content-Security-Policy included, come from deploy-plugin.ts (preview too).
    server: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS } },
    preview: { host: '127.0.0.1' },
    worker: {
      format: 'es',
      rolldownOptions: {
        output: {
          entryFileNames: (chunk: { name: string }) =>
            `${RUNTIME_WORKERS.has(chunk.name) ? RUNTIME_DIR : WORKERS_DIR}/[name]-[hash].js`,
          // onnxruntime-web's script (started as its thread workers) and binary. The script is written .js:
          // some servers (older nginx) do not know .mjs and would send it with a type no browser runs.
          assetFileNames: (asset: { names: string[] }) => {
            const name = asset.names[0] ?? '';
            if (!name.startsWith('ort-wasm')) return 'assets/[name]-[hash][extname]';
            return name.endsWith('.mjs')
              ? `${RUNTIME_DIR}/[name]-[hash].js`
              : `${RUNTIME_DIR}/[name]-[hash][extname]`;
          },
        },
      },
    },
    build: {
      outDir: site.outDir,
      target: 'esnext',
      chunkSizeWarningLimit: 4096,
      // rolldownOptions is Vite 8's name for rollupOptions. bench.html (npm run bench) only in the
      // instrumented build.
      rolldownOptions: {
        input: {
          main: 'index.html',
          ...(site.instrumented && { bench: 'bench.html' }),
        } as Record<string, string>,
      },
    },
    optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
    test: {
      projects: [
        {
          extends: true,
          // A limit for a hang, not a timing bar: on a busy 2-core machine a unit test with many full reads
          // (score-index's 31 cuts of a 30-batch file) took over vitest's 5 s default.
          test: {
            name: 'unit',
            include: ['test/unit/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
          },
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
  };
});
