/**
 * A tiny static file server for dist/ (no dependencies). `npm run serve` starts it on
 * http://localhost:5173 (the next free port when that one is taken); the end-to-end
 * test imports `serve` and asks for any free port.
 *
 * Every response carries the cross-origin isolation headers: with them the page gets
 * SharedArrayBuffer, so deltaprop can train on a team of workers that share one
 * WebAssembly memory (without them it trains on one thread).
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.join(here, '..', 'dist');

/** Cross-origin isolation: COOP same-origin and COEP require-corp. */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts serving `root`; resolves to `{ server, port, url }` once listening. Port 0 picks a free port. */
export function serve({ root = DIST, port = 5173, host = '127.0.0.1' } = {}) {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      let file = path.join(base, decodeURIComponent(pathname));
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-cache',
        ...ISOLATION_HEADERS,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: address.port, url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${address.port}/` });
    });
  });
}

async function main() {
  const root = DIST;
  const found = await stat(path.join(root, 'index.html')).catch(() => null);
  if (!found) {
    console.error('dist/index.html is missing: run `npm run build` first (or `npm run demo` at the repository root).');
    process.exit(1);
  }
  const wanted = Number(process.env.PORT ?? 5173);
  let started;
  for (let port = wanted; port < wanted + 20 && !started; port++) {
    try {
      started = await serve({ root, port });
    } catch (err) {
      if (err.code !== 'EADDRINUSE') throw err;
      console.log(`port ${port} is taken, trying ${port + 1}`);
    }
  }
  if (!started) throw new Error(`no free port from ${wanted} to ${wanted + 19}`);
  console.log(`\n  deltaprop playground: \x1b[1m${started.url}\x1b[22m\n  (Ctrl+C stops the server)\n`);
  const stop = () => started.server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
