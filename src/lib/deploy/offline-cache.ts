/**
 * What the service worker (workers/service-worker.ts) decides, as pure functions: which files it keeps for
 * offline use, which requests it answers, and which headers it adds where the host sent none.
 *
 * The build lists every file of the app (shell, workers, the WASM runtime, bundled models) with a hash of its
 * content; the service worker keeps them in one cache per build and answers from it, so a second visit works
 * without the network. Downloaded Hub models stay in transformers.js's own cache, which is never touched here.
 */
import { type HeaderRule, headersFor } from './site-headers.ts';

/** One file the service worker keeps: its path from the app's root and a hash of its content. */
export interface PrecacheEntry {
  path: string;
  revision: string;
}

export interface OfflineManifest {
  /** Names this build: a hash of every entry, so any change of any file is a new version. */
  build: string;
  entries: PrecacheEntry[];
  /** The HTML pages among the entries (served with the document policy). */
  pages: string[];
}

/** Caches this app owns start with this; others (transformers.js's 'transformers-cache') are left alone. */
export const APP_CACHE_PREFIX = 'semisynth-app-';

export function appCacheName(build: string): string {
  return APP_CACHE_PREFIX + build;
}

/** Caches of earlier builds: deleted once a new version is active. */
export function staleCaches(names: readonly string[], build: string): string[] {
  return names.filter((n) => n.startsWith(APP_CACHE_PREFIX) && n !== appCacheName(build));
}

/** The header a cached copy carries its entry's revision in, so a new version reuses unchanged files. */
export const REVISION_HEADER = 'X-Semisynth-Revision';

/** Files the build writes that the service worker does not keep. */
export function precached(path: string): boolean {
  return !(path === 'sw.js' || path === '_headers' || path.endsWith('.map') || path.startsWith('.'));
}

/**
 * A request's path relative to the app's root (the service worker's scope), or null when it is not the
 * app's (another origin, or outside the scope).
 */
export function pathInScope(url: string, scope: string): string | null {
  const u = new URL(url);
  const s = new URL(scope);
  if (u.origin !== s.origin || !u.pathname.startsWith(s.pathname)) return null;
  return decodeURIComponent(u.pathname.slice(s.pathname.length));
}

/**
 * The entry that answers a request for `path`, if any: the root is index.html; a query string does not
 * matter (files are named by content), so the caller passes the path only.
 */
export function entryFor(path: string, manifest: OfflineManifest): PrecacheEntry | undefined {
  const wanted = path === '' ? 'index.html' : path;
  return manifest.entries.find((e) => e.path === wanted);
}

/**
 * Headers to add to a same-origin response that lacks them, as the site's rules give them for `path`: where
 * a host sends none (GitHub Pages), this is what makes the page cross-origin isolated and puts each script
 * under its Content-Security-Policy. Headers the host did send are kept as they are.
 */
export function missingHeaders(
  path: string,
  present: (name: string) => boolean,
  rules: readonly HeaderRule[],
): Record<string, string> {
  const wanted = headersFor(`/${path}`, rules);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (name === 'Cache-Control') continue; // the host's caching is its own business
    if (!present(name)) out[name] = value;
  }
  return out;
}
