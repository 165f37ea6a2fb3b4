/**
 * Where the browser tests build and serve the app: `dist/` unless SEMISYNTH_DIST names another folder, so
 * two test runs in one checkout (say, while developing two pages at once) do not overwrite each other.
 */
export const DIST = process.env.SEMISYNTH_DIST ?? 'dist';
