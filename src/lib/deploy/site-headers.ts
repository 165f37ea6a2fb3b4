/**
 * The response headers the built site needs, one list of rules from which every form is written: the
 * `_headers` file that Netlify and Cloudflare Pages read, nginx and Caddy configuration, `vite preview`, the
 * tests' static server, and the service worker that adds them where a host cannot (GitHub Pages).
 *
 * - Cross-origin isolation (COOP + COEP; CORP on every response): SharedArrayBuffer, so onnxruntime-web
 *   can use several WASM threads.
 * - The Content-Security-Policy for what each path holds (content-security-policy.ts). The build puts worker
 *   scripts in `workers/` and the WebAssembly runtime (the prior worker, onnxruntime-web's script and binary)
 *   in `runtime/`, so a path says which policy applies.
 * - No referrer, no MIME sniffing; long caching for hashed files, none for the service worker.
 */
import { contentSecurityPolicy, type PolicyTarget } from './content-security-policy.ts';
import type { HostSource } from './model-hosts';

/** Where the build puts worker scripts, and the WebAssembly runtime (relative to the site's root). */
export const WORKERS_DIR = 'workers';
export const RUNTIME_DIR = 'runtime';
/** The service worker's file: at the root, so its scope is the whole app. */
export const SERVICE_WORKER_FILE = 'sw.js';
/** Hashed files that never change under the same name. */
const IMMUTABLE_DIRS = ['assets', WORKERS_DIR, RUNTIME_DIR];

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * One rule in `_headers` form: a path from the site's root, either exact (`/index.html`) or a folder with
 * everything under it (`/runtime/*`; `/*` is every path).
 */
export interface HeaderRule {
  path: string;
  headers: Record<string, string>;
}

export interface SiteOptions {
  modelHosts: readonly HostSource[];
  /** The HTML pages the build wrote (e.g. ['index.html']). */
  pages: readonly string[];
}

/** The policy for a path relative to the site's root (no leading slash; '' is the root), if it needs one. */
export function policyTargetFor(path: string, pages: readonly string[]): PolicyTarget | null {
  if (path === '' || pages.includes(path)) return 'document';
  if (path.startsWith(`${RUNTIME_DIR}/`)) return 'runtime';
  if (path.startsWith(`${WORKERS_DIR}/`) || path === SERVICE_WORKER_FILE) return 'worker';
  return null;
}

/** Every rule, one per path, in the order a `_headers` file lists them; no two give one path one header. */
export function siteHeaderRules(options: SiteOptions): HeaderRule[] {
  const rules = new Map<string, Record<string, string>>();
  const add = (path: string, headers: Record<string, string>) =>
    rules.set(path, { ...rules.get(path), ...headers });
  const csp = (target: PolicyTarget) => ({
    'Content-Security-Policy': contentSecurityPolicy(target, options.modelHosts),
  });
  add('/*', COMMON_HEADERS);
  add('/', csp('document'));
  for (const page of options.pages) add(`/${page}`, csp('document'));
  add(`/${SERVICE_WORKER_FILE}`, { ...csp('worker'), 'Cache-Control': 'no-cache' });
  add(`/${WORKERS_DIR}/*`, csp('worker'));
  add(`/${RUNTIME_DIR}/*`, csp('runtime'));
  for (const dir of IMMUTABLE_DIRS)
    add(`/${dir}/*`, { 'Cache-Control': 'public, max-age=31536000, immutable' });
  return [...rules].map(([path, headers]) => ({ path, headers }));
}

function ruleMatches(rulePath: string, path: string): boolean {
  return rulePath.endsWith('/*') ? path.startsWith(rulePath.slice(0, -1)) : path === rulePath;
}

/** The headers a path (from the site's root, with a leading slash) gets: every matching rule's, merged. */
export function headersFor(path: string, rules: readonly HeaderRule[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) if (ruleMatches(rule.path, path)) Object.assign(out, rule.headers);
  return out;
}

/** The `_headers` file (Netlify, Cloudflare Pages). */
export function renderHeadersFile(rules: readonly HeaderRule[]): string {
  const lines = [
    '# Semisynth: the headers this site needs (cross-origin isolation, Content-Security-Policy, caching).',
    '# Written by the build from src/lib/deploy/site-headers.ts; README "Deploy" has nginx and Caddy forms.',
  ];
  for (const rule of rules) {
    lines.push(rule.path);
    for (const [name, value] of Object.entries(rule.headers)) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Rules grouped by the header each sets (nginx and Caddy set one header per directive). */
function byHeader(rules: readonly HeaderRule[]): Map<string, { path: string; value: string }[]> {
  const out = new Map<string, { path: string; value: string }[]>();
  for (const rule of rules) {
    for (const [name, value] of Object.entries(rule.headers)) {
      const list = out.get(name) ?? [];
      list.push({ path: rule.path, value });
      out.set(name, list);
    }
  }
  return out;
}

/** An nginx regular expression for a rule path under `prefix` (the site's sub-path, '' at the root). */
function nginxPattern(rulePath: string, prefix: string): string {
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return rulePath.endsWith('/*')
    ? `~^${escaped(prefix + rulePath.slice(0, -1))}`
    : `~^${escaped(prefix + rulePath)}$`;
}

/**
 * nginx: `map` blocks (http context) choose each header's value by path, and one `add_header` per header
 * (server or location context) sets it; nginx leaves out a header whose value is empty. `prefix` is the
 * sub-path the site is served under ('' at the root, '/semisynth' under a sub-path).
 */
export function renderNginx(rules: readonly HeaderRule[], prefix = ''): string {
  const maps: string[] = [];
  const adds: string[] = [];
  for (const [name, entries] of byHeader(rules)) {
    const variable = `$semisynth_${name.toLowerCase().replace(/-/g, '_')}`;
    if (entries.length === 1 && entries[0].path === '/*') {
      adds.push(`add_header ${name} "${entries[0].value}" always;`);
      continue;
    }
    maps.push(
      [
        `map $uri ${variable} {`,
        '  default "";',
        ...entries.map((e) => `  "${nginxPattern(e.path, prefix)}" "${e.value}";`),
        '}',
      ].join('\n'),
    );
    adds.push(`add_header ${name} ${variable} always;`);
  }
  return [
    '# Semisynth: the headers this site needs, written from src/lib/deploy/site-headers.ts.',
    '# In the http block:',
    ...maps,
    '',
    `# In the server (or location) block that serves dist/${prefix ? ` under ${prefix}/` : ''}:`,
    ...adds,
    '',
  ].join('\n');
}

/** Caddy: one `header` directive per rule, under `prefix` ('' at the root). */
export function renderCaddy(rules: readonly HeaderRule[], prefix = ''): string {
  const out = ['# Semisynth: the headers this site needs, written from src/lib/deploy/site-headers.ts.'];
  for (const rule of rules) {
    out.push(`header ${prefix}${rule.path} {`);
    for (const [name, value] of Object.entries(rule.headers)) out.push(`\t${name} "${value}"`);
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}
