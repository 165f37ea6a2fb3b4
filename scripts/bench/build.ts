/**
 * The benchmark's build: the instrumented one (scripts/vite/site-config.ts), which adds bench.html and the
 * workers' test hooks to the app, in dist-instrumented/. Built unless its bench.html is newer than every input.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, preview, type PluginOption, type PreviewServer } from 'vite';
import { INSTRUMENTED_MODE, siteConfig } from '../vite/site-config';
import { ROOT } from './paths';

const INPUTS = [
  'src',
  'workers',
  'public',
  'scripts/vite',
  'index.html',
  'bench.html',
  'vite.config.ts',
  'package.json',
];
/** Where the instrumented build goes. */
export const BENCH_DIST = path.join(ROOT, siteConfig(INSTRUMENTED_MODE, {}).outDir);

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((m, name) => Math.max(m, newestMtime(path.join(file, name))), stat.mtimeMs);
}

/** Returns the seconds spent building (0 when the build was current). */
export async function ensureBuilt(force: boolean): Promise<number> {
  const output = path.join(BENCH_DIST, 'bench.html');
  const stale =
    force ||
    !existsSync(output) ||
    INPUTS.some(
      (p) => existsSync(path.join(ROOT, p)) && newestMtime(path.join(ROOT, p)) > statSync(output).mtimeMs,
    );
  if (!stale) return 0;
  const started = performance.now();
  await build({ root: ROOT, mode: INSTRUMENTED_MODE, logLevel: 'error' }); // stdout carries only the JSON lines
  return (performance.now() - started) / 1000;
}

/** Serves the instrumented build on 127.0.0.1 (port 0) with the site's headers, as `vite preview` does. */
export function previewBench(plugins: PluginOption[] = []): Promise<PreviewServer> {
  return preview({
    root: ROOT,
    mode: INSTRUMENTED_MODE,
    logLevel: 'error',
    build: { outDir: BENCH_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    plugins,
  });
}
