import { describe, expect, it } from 'vitest';
import {
  connectSources,
  contentSecurityPolicy,
  policyDirectives,
  type PolicyTarget,
} from '../../../src/lib/deploy/content-security-policy';
import { HUB_ORIGIN } from '../../../src/lib/deploy/model-hosts';

const TARGETS: PolicyTarget[] = ['document', 'worker', 'runtime'];
const sourcesOf = (target: PolicyTarget, hosts: string[], name: string) =>
  policyDirectives(target, hosts).find(([n]) => n === name)?.[1];

describe('the Content-Security-Policy', () => {
  it.each(TARGETS)(
    '%s: this origin by default, no plugin, no <base>, no inline script, no eval',
    (target) => {
      const d = new Map(policyDirectives(target, [HUB_ORIGIN]));
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('worker-src')).toEqual(["'self'"]);
      expect(d.get('script-src')?.[0]).toBe("'self'");
      for (const [, sources] of d) {
        expect(sources).not.toContain("'unsafe-eval'");
        expect(sources).not.toContain('*');
        expect(sources).not.toContain('https:');
      }
      expect(d.get('script-src')).not.toContain("'unsafe-inline'");
      expect(new Set(d.keys()).size).toBe(d.size); // each directive once
    },
  );

  it("allows WebAssembly ('wasm-unsafe-eval') in the runtime's policy only", () => {
    for (const target of TARGETS)
      expect(sourcesOf(target, [], 'script-src')?.includes("'wasm-unsafe-eval'")).toBe(target === 'runtime');
  });

  it('connects to this origin and the model hosts; the Hub brings its download CDNs, a mirror only itself', () => {
    expect(connectSources([])).toEqual(["'self'"]);
    expect(connectSources([HUB_ORIGIN])).toEqual([
      "'self'",
      HUB_ORIGIN,
      'https://*.huggingface.co',
      'https://*.hf.co',
    ]);
    expect(connectSources(['https://hf-mirror.example', 'http://127.0.0.1:*'])).toEqual([
      "'self'",
      'https://hf-mirror.example',
      'http://127.0.0.1:*',
    ]);
    for (const target of TARGETS)
      expect(sourcesOf(target, [HUB_ORIGIN], 'connect-src')).toEqual(connectSources([HUB_ORIGIN]));
  });

  it('leaves frame-ancestors out of a <meta> policy, where browsers ignore it', () => {
    expect(contentSecurityPolicy('document', [], 'header')).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('document', [], 'meta')).not.toContain('frame-ancestors');
  });

  it('writes one header value', () => {
    expect(contentSecurityPolicy('runtime', [])).toBe(
      "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
    );
  });
});
