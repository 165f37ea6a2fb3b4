/**
 * Where the browser tests build and serve the app: the production build in `dist/` (what is deployed) and the
 * instrumented build in `dist-instrumented/` (the same app plus the workers' test hooks; most tests), unless
 * SEMISYNTH_DIST names another folder, so two test runs in one checkout do not overwrite each other.
 */
export const DIST = process.env.SEMISYNTH_DIST ?? 'dist';
export const INSTRUMENTED_DIST = `${DIST}-instrumented`;
