/**
 * The Content-Security-Policy the app ships: what makes "nothing you add leaves this page" a rule the browser
 * enforces rather than a property of our code. Three policies, by what a response is:
 *
 * - `document`: the HTML page. Scripts from this origin only (no inline script, no eval, no WebAssembly);
 *   fetches to this origin and the model hosts only.
 * - `worker`: the statistics, lab and input workers, and the service worker. Same, for a worker.
 * - `runtime`: the prior worker and onnxruntime-web's thread workers, the only code that compiles WebAssembly:
 *   `'wasm-unsafe-eval'` (WebAssembly compilation, not JavaScript eval) is allowed there and nowhere else.
 *
 * A worker's policy comes from its own script's response headers, not from the page, so each worker script
 * must be served with one (site-headers.ts says which path gets which).
 */
import { HUB_ORIGIN, HUB_REDIRECT_SOURCES, type HostSource } from './model-hosts.ts';

export type PolicyTarget = 'document' | 'worker' | 'runtime';

/** connect-src: this origin, the model hosts, and the Hub's download CDNs when the Hub is one of them. */
export function connectSources(modelHosts: readonly HostSource[]): string[] {
  const hub = modelHosts.includes(HUB_ORIGIN) ? HUB_REDIRECT_SOURCES : [];
  return ["'self'", ...modelHosts, ...hub];
}

/** The directives of one policy, in the order they are written. */
export function policyDirectives(
  target: PolicyTarget,
  modelHosts: readonly HostSource[],
  delivery: 'header' | 'meta' = 'header',
): [string, string[]][] {
  const common: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['connect-src', connectSources(modelHosts)],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  if (target === 'document') {
    return [
      ...common,
      ['script-src', ["'self'"]],
      // Stylesheets from this origin only; style="" attributes are allowed: Svelte writes computed positions
      // and colours there (an attribute cannot load anything or run script).
      ['style-src', ["'self'"]],
      ['style-src-attr', ["'unsafe-inline'"]],
      // Chart exports draw an SVG (blob:) onto a canvas and download PNG/SVG data.
      ['img-src', ["'self'", 'data:', 'blob:']],
      ['worker-src', ["'self'"]],
      ['form-action', ["'none'"]],
      // Not honoured in a <meta> policy (and reported as an error there): header only.
      ...(delivery === 'header' ? ([['frame-ancestors', ["'none'"]]] as [string, string[]][]) : []),
    ];
  }
  return [
    ...common,
    ['script-src', target === 'runtime' ? ["'self'", "'wasm-unsafe-eval'"] : ["'self'"]],
    // onnxruntime-web starts its thread workers from its own script on this origin.
    ['worker-src', ["'self'"]],
  ];
}

/** The policy as one header (or <meta> content) value. */
export function contentSecurityPolicy(
  target: PolicyTarget,
  modelHosts: readonly HostSource[],
  delivery: 'header' | 'meta' = 'header',
): string {
  return policyDirectives(target, modelHosts, delivery)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
