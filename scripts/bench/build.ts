/** Builds the app and the bench page (vite build) unless dist/bench.html is newer than every input. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from './paths';

const INPUTS = ['src', 'workers', 'public', 'index.html', 'bench.html', 'vite.config.ts', 'package.json'];

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((m, name) => Math.max(m, newestMtime(path.join(file, name))), stat.mtimeMs);
}

/** Returns the seconds spent building (0 when dist/ was current). */
export async function ensureBuilt(force: boolean): Promise<number> {
  const output = path.join(ROOT, 'dist/bench.html');
  const stale =
    force ||
    !existsSync(output) ||
    INPUTS.some(
      (p) => existsSync(path.join(ROOT, p)) && newestMtime(path.join(ROOT, p)) > statSync(output).mtimeMs,
    );
  if (!stale) return 0;
  const started = performance.now();
  await build({ root: ROOT, logLevel: 'error' }); // stdout carries only the JSON lines
  return (performance.now() - started) / 1000;
}
