import path from 'node:path';
import { build } from 'vite';
import { DIST } from './dist';

/** Builds the real app once before the browser test files run (each then serves dist/ itself). */
export default async function setup(): Promise<void> {
  await build({
    root: path.resolve(import.meta.dirname, '../..'),
    logLevel: 'warn',
    build: { outDir: DIST },
  });
}
