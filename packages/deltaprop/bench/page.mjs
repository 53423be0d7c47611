// What the browser benches share: a page served cross-origin isolated (COOP same-origin,
// COEP require-corp: SharedArrayBuffer, and so WebAssembly threads, are available) that
// loads deltaprop's built dist/ through an import map, as a page without a bundler does,
// opened in a headless Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@deltaprop/test-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The import map a page puts before its modules: `deltaprop` and its kernels, served from roots.deltaprop and roots.kernels. */
export const IMPORT_MAP = `<script type="importmap">
{ "imports": { "deltaprop": "/deltaprop/importmap.js", "@deltaprop/kernels": "/kernels/browser.js" } }
</script>`;

/** Where the page's /deltaprop/ and /kernels/ come from: this checkout's builds, or the folders given. */
export function packageRoots({ dist, kernels } = {}) {
  return {
    deltaprop: path.resolve(dist ?? path.join(here, '..', 'dist')),
    kernels: path.resolve(kernels ?? path.join(path.dirname(require.resolve('@deltaprop/kernels')), '..', 'dist')),
  };
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves `page` at / on 127.0.0.1 (a free port), each folder of `roots` under /name/,
 * and whatever `data(pathname)` answers with a Buffer (undefined: not found).
 */
function serve(page, roots, data) {
  const server = createServer((req, res) => {
    const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const url = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (url === '/') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page);
    if (url === '/favicon.ico') return res.writeHead(204, headers).end();
    const bytes = data(url);
    if (bytes) return res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' }).end(bytes);
    const [, top = '', ...rest] = url.split('/');
    const root = Object.hasOwn(roots, top) ? roots[top] : undefined;
    const file = root ? path.join(root, ...rest) : '';
    if (!root || !file.startsWith(root) || !existsSync(file)) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Serves `page` (see serve) and opens it in a headless Chromium; waits for the page to
 * set `window.ready`, and throws if it does not start or is not cross-origin isolated.
 * `problems` collects the page's errors and failed requests; its console.log lines are
 * printed. `close()` closes the browser and the server.
 */
export async function openIsolated(page, roots, data = () => undefined) {
  const server = await serve(page, roots, data);
  let context;
  const close = async () => {
    await context?.close();
    server.close();
  };
  try {
    context = await launchChromium();
    const tab = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    tab.on('pageerror', (e) => problems.push(e.message));
    tab.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : m.type() === 'log' && console.log(`  page: ${m.text()}`)));
    tab.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab
      .waitForFunction(() => window.ready === true || undefined, undefined, { timeout: 60_000 })
      .catch(() => {
        throw new Error(`the page did not start: ${problems.join('; ')}`);
      });
    if (!(await tab.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated');
    return { context, tab, problems, close };
  } catch (e) {
    await close();
    throw e;
  }
}
