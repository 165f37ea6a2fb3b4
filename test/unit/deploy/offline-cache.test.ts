import { describe, expect, it } from 'vitest';
import {
  appCacheName,
  entryFor,
  missingHeaders,
  pathInScope,
  precached,
  staleCaches,
  type OfflineManifest,
} from '../../../src/lib/deploy/offline-cache';
import { HUB_ORIGIN } from '../../../src/lib/deploy/model-hosts';
import { contentSecurityPolicy } from '../../../src/lib/deploy/content-security-policy';
import { siteHeaderRules } from '../../../src/lib/deploy/site-headers';

const MANIFEST: OfflineManifest = {
  build: 'b2',
  pages: ['index.html'],
  entries: [
    { path: 'index.html', revision: 'r1' },
    { path: 'runtime/prior.worker-abc.js', revision: 'r2' },
    { path: 'models/semisynth-test/bigram/config.json', revision: 'r3' },
  ],
};
const RULES = siteHeaderRules({ modelHosts: [HUB_ORIGIN], pages: ['index.html'] });
const SCOPE = 'https://example.org/tools/semisynth/';

describe('the offline cache', () => {
  it.each([
    ['https://example.org/tools/semisynth/', ''],
    ['https://example.org/tools/semisynth/index.html?x=1', 'index.html'],
    ['https://example.org/tools/semisynth/models/a%20b/config.json', 'models/a b/config.json'],
    ['https://example.org/tools/other/', null],
    ['https://huggingface.co/tools/semisynth/x', null],
  ])('%s is %j in the scope', (url, expected) => {
    expect(pathInScope(url, SCOPE)).toBe(expected);
  });

  it('answers the root and known files from the cache, anything else from the network', () => {
    expect(entryFor('', MANIFEST)?.path).toBe('index.html');
    expect(entryFor('runtime/prior.worker-abc.js', MANIFEST)?.revision).toBe('r2');
    expect(entryFor('models/semisynth-test/bigram/generation_config.json', MANIFEST)).toBeUndefined();
  });

  it('keeps no service worker, headers file or source map, and deletes only its own earlier caches', () => {
    expect(['sw.js', '_headers', 'assets/main.js.map', '.DS_Store'].filter(precached)).toEqual([]);
    expect(['index.html', 'runtime/x.wasm', 'models/m/onnx/model.onnx'].every(precached)).toBe(true);
    expect(
      staleCaches(['transformers-cache', appCacheName('b1'), appCacheName('b2'), 'other'], 'b2'),
    ).toEqual([appCacheName('b1')]);
  });

  it('adds the headers a host did not send, and leaves those it did', () => {
    const none = missingHeaders('index.html', () => false, RULES);
    expect(none).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Content-Security-Policy': contentSecurityPolicy('document', [HUB_ORIGIN]),
    });
    expect(none).not.toHaveProperty('Cache-Control');
    expect(missingHeaders('runtime/prior.worker-abc.js', () => false, RULES)['Content-Security-Policy']).toBe(
      contentSecurityPolicy('runtime', [HUB_ORIGIN]),
    );
    const sent = new Set([
      'Cross-Origin-Opener-Policy',
      'Cross-Origin-Embedder-Policy',
      'Content-Security-Policy',
    ]);
    expect(Object.keys(missingHeaders('', (n) => sent.has(n), RULES))).toEqual([
      'Cross-Origin-Resource-Policy',
      'X-Content-Type-Options',
      'Referrer-Policy',
    ]);
  });
});
