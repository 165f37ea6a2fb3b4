import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/lib/deploy/content-security-policy';
import { HUB_ORIGIN } from '../../../src/lib/deploy/model-hosts';
import {
  headersFor,
  policyTargetFor,
  renderCaddy,
  renderHeadersFile,
  renderNginx,
  siteHeaderRules,
} from '../../../src/lib/deploy/site-headers';
import { parseHeadersFile } from '../../support/static-server';

const SITE = { modelHosts: [HUB_ORIGIN], pages: ['index.html'] };
const RULES = siteHeaderRules(SITE);
const csp = (path: string) => headersFor(path, RULES)['Content-Security-Policy'];

/** Paths of every kind the build writes. */
const PATHS = [
  '/',
  '/index.html',
  '/sw.js',
  '/manifest.webmanifest',
  '/icon.svg',
  '/assets/main-abc.js',
  '/assets/main-abc.css',
  '/workers/stats.worker-abc.js',
  '/runtime/prior.worker-abc.js',
  '/runtime/ort-wasm-simd-threaded.asyncify-abc.js',
  '/runtime/ort-wasm-simd-threaded.asyncify-abc.wasm',
  '/models/semisynth-test/bigram/onnx/model.onnx',
];

describe('the site headers', () => {
  it.each(PATHS)('%s: cross-origin isolated, no referrer, no sniffing', (p) => {
    expect(headersFor(p, RULES)).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it.each([
    ['/', 'document'],
    ['/index.html', 'document'],
    ['/sw.js', 'worker'],
    ['/workers/stats.worker-abc.js', 'worker'],
    ['/runtime/prior.worker-abc.js', 'runtime'],
    ['/runtime/ort-wasm-simd-threaded.asyncify-abc.js', 'runtime'],
  ] as const)('%s is served under the %s policy', (p, target) => {
    expect(policyTargetFor(p.slice(1), SITE.pages)).toBe(target);
    expect(csp(p)).toBe(contentSecurityPolicy(target, SITE.modelHosts));
  });

  it('sends no policy with what is neither a page nor a worker (it would not apply)', () => {
    for (const p of ['/assets/main-abc.js', '/icon.svg', '/models/semisynth-test/bigram/onnx/model.onnx'])
      expect(csp(p)).toBeUndefined();
  });

  it('caches hashed files for good and the service worker never', () => {
    expect(headersFor('/runtime/x-abc.wasm', RULES)['Cache-Control']).toMatch(/immutable/);
    expect(headersFor('/assets/x-abc.js', RULES)['Cache-Control']).toMatch(/immutable/);
    expect(headersFor('/sw.js', RULES)['Cache-Control']).toBe('no-cache');
    expect(headersFor('/index.html', RULES)['Cache-Control']).toBeUndefined();
  });

  it('gives no path the same header from two rules (hosts that join repeated headers would merge policies)', () => {
    for (const p of PATHS) {
      const seen = new Map<string, number>();
      for (const rule of RULES) {
        const matches = rule.path.endsWith('/*') ? p.startsWith(rule.path.slice(0, -1)) : p === rule.path;
        if (matches) for (const name of Object.keys(rule.headers)) seen.set(name, (seen.get(name) ?? 0) + 1);
      }
      expect(
        [...seen].filter(([, n]) => n > 1),
        p,
      ).toEqual([]);
    }
  });

  it('writes a _headers file that reads back to the same rules', () => {
    const parsed = parseHeadersFile(renderHeadersFile(RULES));
    expect(parsed).toEqual(RULES.map((r) => ({ path: r.path, headers: Object.entries(r.headers) })));
  });

  it('writes nginx maps that send each policy where _headers does, under a sub-path too', () => {
    const nginx = renderNginx(RULES, '/semisynth');
    expect(nginx).toContain('map $uri $semisynth_content_security_policy {');
    expect(nginx).toContain(
      `"~^/semisynth/runtime/" "${contentSecurityPolicy('runtime', SITE.modelHosts)}";`,
    );
    expect(nginx).toContain(
      `"~^/semisynth/index\\.html$" "${contentSecurityPolicy('document', SITE.modelHosts)}";`,
    );
    expect(nginx).toContain('add_header Cross-Origin-Embedder-Policy "require-corp" always;');
    expect(nginx).toContain('add_header Content-Security-Policy $semisynth_content_security_policy always;');
  });

  it('the README shows the nginx and Caddy configuration for the default build, as written here', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme)?.[1];
    expect(block('nginx')).toBe(renderNginx(RULES));
    expect(block('caddy')).toBe(renderCaddy(RULES));
  });
});
