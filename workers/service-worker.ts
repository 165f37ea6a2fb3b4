/// <reference lib="webworker" />
/**
 * The service worker (built by scripts/vite/deploy-plugin.ts into dist/sw.js, with this build's file list):
 *
 * - Offline: installs every file of this build into one cache and answers the app's own requests from it, so
 *   a second visit loads, loads a bundled model and scores without the network. Unchanged files are taken
 *   over from the previous version's cache instead of downloaded again.
 * - Updates: a new version installs beside the running one and waits; the page offers it and the user
 *   decides when (src/state/app-update.svelte.ts). It takes over only when told to ('skip-waiting').
 * - Headers where the host sends none (GitHub Pages): cross-origin isolation and the Content-Security-Policy
 *   of each path are added to the app's responses, so the page can use WASM threads and stays under its
 *   policy. Other origins' requests (the Hub) pass untouched.
 *
 * The decisions are pure functions in src/lib/deploy/offline-cache.ts.
 */
import {
  appCacheName,
  entryFor,
  missingHeaders,
  pathInScope,
  REVISION_HEADER,
  staleCaches,
  type OfflineManifest,
  type PrecacheEntry,
} from '../src/lib/deploy/offline-cache';
import type { HeaderRule } from '../src/lib/deploy/site-headers';

declare const self: ServiceWorkerGlobalScope;
declare const __SEMISYNTH_OFFLINE__: OfflineManifest;
declare const __SEMISYNTH_HEADER_RULES__: HeaderRule[];

const MANIFEST = __SEMISYNTH_OFFLINE__;
const RULES = __SEMISYNTH_HEADER_RULES__;
const CACHE = appCacheName(MANIFEST.build);
const scope = () => self.registration.scope;

/** The copy of `entry` in an earlier version's cache, if its content is the same. */
async function earlierCopy(entry: PrecacheEntry, url: string): Promise<Response | undefined> {
  for (const name of staleCaches(await caches.keys(), MANIFEST.build)) {
    const cached = await (await caches.open(name)).match(url);
    if (cached?.headers.get(REVISION_HEADER) === entry.revision) return cached;
  }
  return undefined;
}

async function install(): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const entry of MANIFEST.entries) {
    const url = new URL(entry.path, scope()).href;
    const kept = await cache.match(url);
    if (kept?.headers.get(REVISION_HEADER) === entry.revision) continue; // an interrupted install resumed
    let response = await earlierCopy(entry, url);
    if (!response) {
      // Past the HTTP cache: it may hold a file of another version under the same name (index.html).
      const fetched = await fetch(new Request(url, { cache: 'no-cache' }));
      if (!fetched.ok) throw new Error(`${entry.path}: ${fetched.status} ${fetched.statusText}`);
      const headers = new Headers(fetched.headers);
      headers.set(REVISION_HEADER, entry.revision);
      response = new Response(await fetched.arrayBuffer(), {
        status: fetched.status,
        statusText: fetched.statusText,
        headers,
      });
    }
    await cache.put(url, response);
  }
}

async function activate(): Promise<void> {
  await Promise.all(staleCaches(await caches.keys(), MANIFEST.build).map((name) => caches.delete(name)));
  // The first version takes the open page at once (nothing older runs there); later ones only when the
  // user accepts the update, which is when this runs for them.
  await self.clients.claim();
}

/** A response with the headers the site needs added where the host sent none. */
function withSiteHeaders(response: Response, path: string): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const add = missingHeaders(path, (name) => response.headers.has(name), RULES);
  if (Object.keys(add).length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(add)) headers.set(name, value);
  // A null-body status (204, 304) must be rebuilt without a body.
  const body = [101, 204, 205, 304].includes(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request: Request, path: string): Promise<Response> {
  const entry = entryFor(path, MANIFEST);
  const cached = entry && (await (await caches.open(CACHE)).match(new URL(entry.path, scope()).href));
  return withSiteHeaders(cached ?? (await fetch(request)), entry?.path ?? path);
}

self.addEventListener('install', (event) => event.waitUntil(install()));
self.addEventListener('activate', (event) => event.waitUntil(activate()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const path = pathInScope(request.url, scope());
  if (path === null) return; // another origin (a model host): the browser handles it as if we were not here
  event.respondWith(respond(request, path));
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'skip-waiting') void self.skipWaiting();
  else if (data?.type === 'version') event.ports[0]?.postMessage({ build: MANIFEST.build });
});
