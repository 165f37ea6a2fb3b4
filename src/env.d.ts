/// <reference types="svelte" />
/// <reference types="vite/client" />

/** package.json's version, injected by vite.config.ts: recorded in every export. */
declare const __SEMISYNTH_VERSION__: string;
