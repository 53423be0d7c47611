/**
 * The browser run, driven from Node: bundle the page (./bundle.js), serve it
 * cross-origin isolated with the digits and the WebAssembly binaries of tfjs and
 * onnxruntime-web, open it in a headless Chromium (launched through
 * @deltaprop/test-browser, as every browser test here) and run the harness there.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, requireChromium } from '@deltaprop/test-browser';
import { bundlePage } from './bundle.js';
import { ASSETS } from './routes.js';
import { shuffledDigits } from '../mnist.js';
import { digitsNeeded } from '../run.js';
import { now } from '../stats.js';

const require = createRequire(import.meta.url);

/**
 * Cross-origin isolation: with it the page gets SharedArrayBuffer, so deltaprop's
 * team, tfjs's threaded build and onnxruntime-web's threads can share one memory.
 */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
});

/**
 * Serves `page` at /, each directory of `dirs` at its URL prefix, and `data` (bytes
 * by URL path) from memory; anything else is a 404, which the driver reports.
 * @param {string} page @param {Record<string, string>} dirs @param {Record<string, Uint8Array>} data
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function serve(page, dirs, data) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const bytes = data[pathname];
    if (bytes) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.byteLength, ...ISOLATION }).end(bytes);
      return;
    }
    const prefix = Object.keys(dirs).find((p) => pathname.startsWith(p));
    const root = prefix ? (dirs[prefix] ?? page) : page;
    const rel = decodeURIComponent(prefix ? pathname.slice(prefix.length) : pathname.slice(1)) || 'index.html';
    const file = path.resolve(root, rel);
    const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...ISOLATION }).end(`not found: ${pathname}`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': info.size, ...ISOLATION });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/** The `dist` folder of an installed package, found above its Node entry. @param {string} pkg */
const distOf = (pkg) => {
  let dir = path.dirname(require.resolve(pkg));
  while (path.basename(dir) !== 'dist' && dir !== path.dirname(dir)) dir = path.dirname(dir);
  if (path.basename(dir) !== 'dist') throw new Error(`no dist/ folder found above ${pkg}'s entry`);
  return dir;
};

/**
 * @param {object} opts
 * @param {import('../settings.js').Settings} opts.settings
 * @param {string} [opts.filter]
 * @param {(event: { phase: string, row?: { workload: string, case?: string, contender: string }, total?: number }) => void} opts.onProgress
 * @param {(line: string) => void} opts.log
 * @returns {Promise<{ rows: import('../run.js').Row[], machine: Partial<import('../machine.js').Machine> }>}
 */
export async function runInBrowser({ settings, filter, onProgress, log }) {
  requireChromium(); // before the bundling: no browser, no point
  const out = await mkdtemp(path.join(tmpdir(), 'deltaprop-bench-page-'));
  /** @type {{ close: () => Promise<void> } | undefined} */
  let server;
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    let t0 = now();
    await bundlePage(out);
    log(`bundled the page with vite in ${((now() - t0) / 1000).toFixed(1)} s`);

    const count = digitsNeeded(settings);
    const source = shuffledDigits(count);
    const digits = new Uint8Array(count * (784 * 4 + 1));
    digits.set(new Uint8Array(source.x.buffer, source.x.byteOffset, source.x.byteLength));
    digits.set(source.labels, count * 784 * 4);
    const started = await serve(
      out,
      {
        [ASSETS.tfjsWasm]: distOf('@tensorflow/tfjs-backend-wasm'),
        [ASSETS.onnxruntimeWasm]: distOf('onnxruntime-web'),
      },
      { [ASSETS.digits]: digits },
    );
    server = started;

    t0 = now();
    // --expose-gc: the harness collects the young generation before every run, as in Node
    context = await launchChromium({ args: ['--js-flags=--expose-gc'] });
    const page = context.pages()[0] ?? (await context.newPage());
    // What goes wrong in the page goes to stderr at once (a page that never defines `bench` would otherwise say nothing).
    const problem = (/** @type {string} */ line) => log(`browser: ${line}`);
    page.on('pageerror', (e) => problem(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problem(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problem(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.exposeFunction('benchProgress', onProgress);
    await page.goto(started.url);
    await page.waitForFunction(() => typeof (/** @type {any} */ (window).bench) === 'function');
    log(`Chromium opened the page in ${((now() - t0) / 1000).toFixed(1)} s`);
    return await page.evaluate((options) => /** @type {any} */ (window).bench(options), { settings, filter, digits: count });
  } finally {
    await context?.close();
    await server?.close();
    await rm(out, { recursive: true, force: true });
  }
}
