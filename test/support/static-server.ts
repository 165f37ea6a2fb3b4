/**
 * A plain static file server (node:http, no Vite), as a host serves dist/: files by path under an optional
 * sub-path, index.html for a folder, 404 otherwise, and the headers of the site's own `_headers` file read
 * the way Netlify and Cloudflare Pages read it (or none at all, as GitHub Pages sends). Tests use it to
 * check that the built site works where it will be deployed, with exactly the headers it ships.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

export interface HeadersFileRule {
  path: string;
  headers: [string, string][];
}

/** Reads a `_headers` file: a path line, then indented `Name: value` lines; `#` starts a comment. */
export function parseHeadersFile(text: string): HeadersFileRule[] {
  const rules: HeadersFileRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0 || rules.length === 0) throw new Error(`_headers: cannot read "${line}"`);
    rules.at(-1)!.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Headers for a path, as Netlify applies them: every matching rule; a repeated header joins with ", ". */
function headersFor(rules: HeadersFileRule[], urlPath: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    const matches = rule.path.endsWith('/*')
      ? urlPath.startsWith(rule.path.slice(0, -1))
      : urlPath === rule.path;
    if (!matches) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      out.set(key, out.has(key) ? `${out.get(key)}, ${value}` : value);
    }
  }
  return out;
}

/** A Content-Security-Policy violation as the browser reported it (report-uri's JSON body). */
export interface CspReport {
  'document-uri': string;
  'violated-directive': string;
  'effective-directive'?: string;
  'blocked-uri': string;
}

export interface StaticServer {
  /** The site's URL, with its sub-path and a trailing slash. */
  url: string;
  /** Every request as "METHOD path". */
  requests: string[];
  /** Violation reports received (with `cspReports`). */
  cspReports: CspReport[];
  /** Serves another folder from now on (a new version of the site). */
  serve(dir: string): void;
  close(): Promise<void>;
}

/** Where the browser posts violation reports when `cspReports` is on. */
const REPORT_PATH = '/__csp-report';

export async function startStaticServer(
  dir: string,
  options: {
    /** The sub-path the site is served under (default '/'). */
    base?: string;
    /** 'site': the headers of dir/_headers (default); 'none': no header at all, as GitHub Pages. */
    headers?: 'site' | 'none';
    /**
     * Adds `report-uri` to every Content-Security-Policy sent, so the browser posts each violation here,
     * from the page and from every worker (a worker's violations reach no console Playwright sees). What the
     * policy enforces is unchanged.
     */
    cspReports?: boolean;
  } = {},
): Promise<StaticServer> {
  const base = options.base ?? '/';
  let root = dir;
  let rules: HeadersFileRule[] = [];
  const serve = (next: string) => {
    root = next;
    const file = path.join(next, '_headers');
    rules =
      options.headers === 'none' || !existsSync(file) ? [] : parseHeadersFile(readFileSync(file, 'utf8'));
  };
  serve(dir);
  const requests: string[] = [];
  const cspReports: CspReport[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method === 'POST' && pathname === REPORT_PATH) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { 'csp-report': CspReport };
        cspReports.push(body['csp-report']);
        res.writeHead(204).end();
      });
      return;
    }
    if (!pathname.startsWith(base)) return void res.writeHead(404).end();
    const inSite = `/${pathname.slice(base.length)}`;
    let file = path.join(root, path.normalize(inSite));
    if (!file.startsWith(root)) return void res.writeHead(404).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile() || path.basename(file) === '_headers')
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    for (const [name, value] of headersFor(rules, inSite)) {
      const report = options.cspReports && name === 'content-security-policy';
      res.setHeader(name, report ? `${value}; report-uri ${REPORT_PATH}` : value);
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server has no port');
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    requests,
    cspReports,
    serve,
    // Idempotent: a test may take the host away before its teardown does.
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
