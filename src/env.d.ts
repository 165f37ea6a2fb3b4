/// <reference types="svelte" />
/// <reference types="vite/client" />

// Injected by vite.config.ts (define); see scripts/vite/site-config.ts.
/** package.json's version: recorded in every export. */
declare const __SEMISYNTH_VERSION__: string;
/** The model hosts this build's Content-Security-Policy lets the page reach (origins; loopback may end in :*). */
declare const __SEMISYNTH_MODEL_HOSTS__: string[];
/** True in the instrumented build only: workers expose their API on a global for tests and the benchmark. */
declare const __SEMISYNTH_TEST_HOOKS__: boolean;
/** True in the production build: the page registers the service worker (offline use, updates, headers). */
declare const __SEMISYNTH_SERVICE_WORKER__: boolean;
