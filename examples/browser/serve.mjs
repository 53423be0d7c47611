// A static server for the no-bundler page: serves the repository's root (so that
// /node_modules/… resolves as the page's import map says) and opens nothing.
// Run: node examples/browser/serve.mjs [port], then open http://localhost:8080/examples/browser/
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * Starts the server; resolves to its address once it listens. `cors` adds the header a
 * CDN sends, so that pages on other origins may import the files.
 */
export function serve(port = 8080, { cors = false } = {}) {
  const server = createServer((req, res) => {
    let file = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    // Workspace packages are symlinks in node_modules: what they point to must still lie inside the root.
    if (!existsSync(file) || !(realpathSync(file) + sep).startsWith(root + sep)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...(cors ? { 'access-control-allow-origin': '*' } : {}) });
    createReadStream(file).pipe(res);
  });
  return new Promise((listening) =>
    server.listen(port, '127.0.0.1', () => listening({ server, url: `http://127.0.0.1:${server.address().port}/examples/browser/` })),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve(Number(process.argv[2] ?? 8080));
  console.log(`serving the repository's root: open ${url}`);
}
