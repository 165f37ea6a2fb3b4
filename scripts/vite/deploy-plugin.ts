/**
 * Makes `vite build` a site that any static host can serve (src/lib/deploy/site-headers.ts):
 *
 * - a <meta> Content-Security-Policy in each page, for the first visit on a host that sends no headers;
 * - `_headers` beside the files (Netlify and Cloudflare Pages read it; README "Deploy" shows nginx and Caddy);
 * - `sw.js`, the service worker, built last with the list of every file it keeps for offline use;
 * - `vite preview` sending the same headers as `_headers` says, path by path.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';
import { contentSecurityPolicy } from '../../src/lib/deploy/content-security-policy.ts';
import { precached, type OfflineManifest } from '../../src/lib/deploy/offline-cache.ts';
import {
  headersFor,
  renderHeadersFile,
  SERVICE_WORKER_FILE,
  siteHeaderRules,
  type HeaderRule,
} from '../../src/lib/deploy/site-headers.ts';
import type { SiteConfig } from './site-config';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    return d.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** The HTML pages at the top of a built site. */
export function sitePages(outDir: string): string[] {
  return existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.html')) : [];
}

/** The offline manifest of a built site: every file the service worker keeps, with a hash of its content. */
export function offlineManifest(outDir: string): OfflineManifest {
  const entries = listFiles(outDir)
    .filter(precached)
    .sort()
    .map((p) => ({
      path: p,
      revision: createHash('sha256')
        .update(readFileSync(path.join(outDir, p)))
        .digest('hex')
        .slice(0, 16),
    }));
  const build = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 12);
  return { build, entries, pages: sitePages(outDir) };
}

async function buildServiceWorker(outDir: string, manifest: OfflineManifest, rules: HeaderRule[]) {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    define: {
      __SEMISYNTH_OFFLINE__: JSON.stringify(manifest),
      __SEMISYNTH_HEADER_RULES__: JSON.stringify(rules),
    },
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      // A classic script: module service workers are not yet supported everywhere.
      lib: {
        entry: path.join(ROOT, 'workers/service-worker.ts'),
        formats: ['iife'],
        name: 'semisynthServiceWorker',
        fileName: () => SERVICE_WORKER_FILE,
      },
    },
  });
}

export function deployPlugin(site: SiteConfig): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'semisynth-deploy',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (config.command !== 'build') return html;
        // Right after the charset, before any script: a <meta> policy covers only what follows it.
        const policy = contentSecurityPolicy('document', site.modelHosts, 'meta');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
        const charset = /<meta charset="UTF-8" \/>/i;
        if (!charset.test(html)) throw new Error('deploy-plugin: a page has no <meta charset="UTF-8" />');
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
    async closeBundle() {
      if (config.command !== 'build') return;
      const outDir = path.resolve(config.root, config.build.outDir);
      const pages = sitePages(outDir);
      if (pages.length === 0) return; // the build failed, or wrote no page
      const rules = siteHeaderRules({ modelHosts: site.modelHosts, pages });
      writeFileSync(path.join(outDir, '_headers'), renderHeadersFile(rules));
      // The app's own build only: a test page built from this config (stats-harness) registers none.
      if (site.serviceWorker && pages.includes('index.html'))
        await buildServiceWorker(outDir, offlineManifest(outDir), rules);
    },
    configurePreviewServer(server) {
      const outDir = path.resolve(server.config.root, server.config.build.outDir);
      const rules = siteHeaderRules({ modelHosts: site.modelHosts, pages: sitePages(outDir) });
      const base = server.config.base.startsWith('/') ? server.config.base : '/';
      server.middlewares.use((req, res, next) => {
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const inSite = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
        for (const [name, value] of Object.entries(headersFor(inSite, rules))) res.setHeader(name, value);
        next();
      });
    },
  };
}
