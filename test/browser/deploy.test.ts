/**
 * dist/ as a static host serves it (a plain Node server, not Vite), under a sub-path: with the headers it
 * ships the page is cross-origin isolated and scores on several WASM threads; on a host that sends no
 * headers (GitHub Pages), the service worker adds them after one reload the page offers. The production
 * build holds no test hook and no benchmark page.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST } from './dist';
import { loadAndScore, priorWorker } from './harness';
import { addText, isRuntimeThread, startSite, type Site } from './site';
import { MAX_WASM_THREADS } from '../../src/lib/scoring/transformers/wasm-threads';

const BASE = '/tools/semisynth/';
const TEXT = 'The heron came back to the pond at dawn, and the reeds bent in the wind.';

let site: Site | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

/** A directive's sources in a policy ('' when absent). */
const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1) ?? '';

/** The file in dist/runtime/ whose name starts with `prefix`. */
const runtimeFile = (prefix: string) =>
  readdirSync(path.join(DIST, 'runtime')).find((f) => f.startsWith(prefix) && f.endsWith('.js'))!;

describe('the built site on a static host', () => {
  it('under a sub-path, with the shipped headers: isolated, scores on several WASM threads, no test hooks', async () => {
    site = await startSite({ base: BASE });
    const { page, context, workers } = await site.newPage();
    try {
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(cores, 'threads need a machine with at least two cores').toBeGreaterThan(1);
      const threads = Math.min(cores, MAX_WASM_THREADS);

      await addText(page, TEXT);
      await loadAndScore(page, 'semisynth-test/tiny-llama', 'wasm');
      await expect(page.getByTestId('device').textContent()).resolves.toBe(
        `Device: WASM · ${threads} threads`,
      );
      await expect(page.getByTestId('doc-stats').textContent()).resolves.toMatch(/\d+ tokens/);
      // onnxruntime-web runs one thread in the prior worker and starts the others as workers of its own.
      expect(workers.filter(isRuntimeThread)).toHaveLength(threads - 1);

      // Everything came from the sub-path (relative URLs), including the bundled model and the runtime.
      expect(site.server.requests.length).toBeGreaterThan(0);
      expect(site.server.requests.filter((r) => !r.startsWith(`GET ${BASE}`))).toEqual([]);
      expect(site.server.requests).toContainEqual(
        `GET ${BASE}models/semisynth-test/tiny-llama/onnx/model.onnx`,
      );

      // The production build leaves out the instrumented build's hooks and the benchmark page.
      const worker = await priorWorker(page);
      await expect(worker.evaluate(() => '__semisynthPriorApi' in self)).resolves.toBe(false);
      expect(existsSync(path.join(DIST, 'bench.html'))).toBe(false);
      expect((await fetch(`${site.server.url}bench.html`)).status).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('ships a policy per path: WebAssembly for the runtime only, scripts and connections to this origin and the Hub', async () => {
    site = await startSite();
    const header = async (file: string) =>
      (await fetch(`${site!.server.url}${file}`)).headers.get('content-security-policy') ?? '';
    const page = await header('');
    const runtime = await header(`runtime/${runtimeFile('prior.worker')}`);
    const pthreads = await header(`runtime/${runtimeFile('ort-wasm')}`);
    const worker = await header(
      `workers/${readdirSync(path.join(DIST, 'workers')).find((f) => f.startsWith('stats.worker'))}`,
    );
    expect(page).toContain("script-src 'self';");
    expect(page).toContain("frame-ancestors 'none'");
    expect(page).not.toContain('wasm-unsafe-eval');
    expect(worker).toContain("script-src 'self';");
    expect(worker).not.toContain('wasm-unsafe-eval');
    for (const policy of [runtime, pthreads])
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    for (const policy of [page, worker, runtime, pthreads]) {
      expect(directive(policy, 'connect-src')).toBe(
        "'self' https://huggingface.co https://*.huggingface.co https://*.hf.co",
      );
      expect(directive(policy, 'default-src')).toBe("'self'");
      // No inline script and no eval anywhere.
      expect(directive(policy, 'script-src')).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    }
    const index = await fetch(site.server.url);
    expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    // The page carries its policy as a <meta> too, for a first visit on a host that sends no headers.
    expect(await index.text()).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'self';/,
    );
  });

  it('on a host that sends no headers, the service worker adds them: after the reload it offers, isolated and under the policy', async () => {
    site = await startSite({ base: BASE, headers: 'none' });
    const { page, context, workers } = await site.newPage();
    try {
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await expect(page.getByTestId('threads-select').isDisabled()).resolves.toBe(true);
      await page.getByTestId('offline-status').filter({ hasText: 'Available offline' }).waitFor();
      // Not reloaded behind the user's back: offered.
      await page.getByTestId('isolation-reload').waitFor();
      await Promise.all([page.waitForEvent('load'), page.getByTestId('reload-isolation').click()]);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

      const threads = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), MAX_WASM_THREADS);
      const before = workers.length;
      await addText(page, TEXT);
      await loadAndScore(page, 'semisynth-test/tiny-llama', 'wasm');
      await expect(page.getByTestId('device').textContent()).resolves.toBe(
        `Device: WASM · ${threads} threads`,
      );
      expect(workers.slice(before).filter(isRuntimeThread)).toHaveLength(threads - 1);

      // The worker runs under the policy the service worker added: a request to another host is refused
      // before it leaves (the page guard fails the test on any request that does leave).
      const worker = await priorWorker(page);
      await expect(
        worker.evaluate(() =>
          fetch('https://example.com/semisynth-deploy-check').then(
            () => 'fetched',
            () => 'blocked',
          ),
        ),
      ).resolves.toBe('blocked');
      // And the host really sent none of it: the service worker did.
      expect((await fetch(site.server.url)).headers.get('cross-origin-embedder-policy')).toBeNull();
    } finally {
      await context.close();
    }
  });
});
