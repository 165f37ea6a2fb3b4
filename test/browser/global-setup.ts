import path from 'node:path';
import { build } from 'vite';
import { INSTRUMENTED_MODE } from '../../scripts/vite/site-config';
import { DIST, INSTRUMENTED_DIST } from './dist';

/**
 * Builds the app twice before the browser test files run (each then serves a build itself): the production
 * site, which the deploy, CSP and offline tests serve as a host would, and the instrumented one.
 */
export default async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  await build({ root, logLevel: 'warn', build: { outDir: DIST } });
  await build({ root, mode: INSTRUMENTED_MODE, logLevel: 'warn', build: { outDir: INSTRUMENTED_DIST } });
}
