import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from './node-prior';

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, serving the generated models: the onnx/ tree listing
 * and /{id}/resolve/main/{file} downloads (with CORS, as the Hub sends, so a cross-origin-isolated page
 * may read them). Logs every request so tests can check what reached the "model host".
 */
export async function startFakeHub(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const url = new URL(req.url ?? '/', 'http://x');
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/main\/onnx$/.exec(url.pathname);
    if (tree) {
      const dir = path.join(MODELS_DIR, tree[1], 'onnx');
      let listing: object[];
      try {
        listing = readdirSync(dir).map((f) => ({
          type: 'file',
          path: `onnx/${f}`,
          size: statSync(path.join(dir, f)).size,
        }));
      } catch {
        return void res.writeHead(404).end('{}');
      }
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(listing));
    }
    const file = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    if (!file) return void res.writeHead(404).end();
    let body: Buffer;
    try {
      body = readFileSync(path.join(MODELS_DIR, file[1], decodeURIComponent(file[2])));
    } catch {
      return void res.writeHead(404).end('Entry not found');
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${end}/${body.length}`,
        'Content-Length': end - start + 1,
      });
      return void res.end(body.subarray(start, end + 1));
    }
    res
      .writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/octet-stream' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake hub has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
