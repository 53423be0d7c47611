/**
 * Threads in Chromium, on a cross-origin-isolated page (COOP same-origin, COEP
 * require-corp), from the built dist/: `trainInWorker` trains on the network's
 * threads — the worker leads a team of its own, whose thread 0 may block at the
 * barriers — and gives exactly the parameters `train` gives with the same threads on
 * the page's main thread, not those of one thread (with dropout, each thread of a team
 * draws its rows' masks from its own stream: the bits differ). Plain SIMD, so that the bits do not depend on
 * V8's tier. Two ways to load the package: through an import map (importmap.js: its
 * workers are the dist/nomap copies) and as a bundler would (browser.js, with the
 * kernels' bare specifier rewritten to their URL).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '@deltaprop/test-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, '..', 'dist');
const KERNELS = path.join(path.dirname(fileURLToPath(import.meta.resolve('@deltaprop/kernels/package.json'))), 'dist');

const script = (entry: string) => `
import { Network } from '${entry}';
const result = { isolated: crossOriginIsolated };
try {
  // 203 rows of 20 inputs, 5 classes; batches of 16 leave 11 (odd halves).
  const rows = 203;
  const x = { data: Float32Array.from({ length: rows * 20 }, (_, i) => Math.sin(i * 0.37)), rows };
  const y = { data: Float32Array.from({ length: rows * 5 }, (_, i) => (i % 5 === Math.floor(i / 5) % 5 ? 1 : 0)), rows };
  const spec = { layers: [20, 33, 17, 5], activation: ['tanh', 'relu', 'softmax'], loss: 'cross-entropy', seed: 5, kernels: 'simd' };
  const options = { epochs: 3, batchSize: 16, optimizer: 'adam', dropout: 0.2 };
  const trained = async (threads, inWorker) => {
    const net = await Network.create({ ...spec, threads });
    const epochs = [];
    await (inWorker ? net.trainInWorker(x, y, { ...options, onEpochEnd: (e) => epochs.push(e.epoch) }) : net.train(x, y, options));
    return { threads: net.threads, epochs, weights: net.getParameters().weights.map((w) => Array.from(w)) };
  };
  result.here = await trained(2, false);
  result.there = await trained(2, true);
  result.alone = await trained(1, true);
} catch (e) {
  result.error = String((e && e.stack) || e);
}
window.__result = result;
`;

const pages: Record<string, string> = {
  '/importmap': `<!doctype html>
<script type="importmap">{ "imports": { "deltaprop": "/deltaprop/importmap.js", "@deltaprop/kernels": "/kernels/browser.js" } }</script>
<script type="module" src="/importmap.js"></script>`,
  '/bundled': '<!doctype html><script type="module" src="/bundled.js"></script>',
};
const scripts: Record<string, string> = { '/importmap.js': script('deltaprop'), '/bundled.js': script('/deltaprop/browser.js') };
const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer(async (req, res) => {
    // Cross-origin isolated: shared memory, and so a team, is available (the page's
    // workers inherit it).
    const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (pages[url.pathname]) return void res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(pages[url.pathname]);
    if (scripts[url.pathname]) return void res.writeHead(200, { ...headers, 'content-type': types['.js'] }).end(scripts[url.pathname]);
    const [, dir, ...rest] = url.pathname.split('/');
    const root = dir === 'deltaprop' ? DIST : dir === 'kernels' ? KERNELS : null;
    const file = root && path.join(root, ...rest);
    if (!root || !file?.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    let body: string | Buffer = await readFile(file);
    // A bundler resolves the kernels' bare specifier in dist/ (not in dist/nomap, whose
    // copies import them from the URL the page's import map gave).
    if (!rest.includes('nomap') && file.endsWith('.js')) body = body.toString('utf8').replaceAll("from '@deltaprop/kernels'", "from '/kernels/browser.js'");
    res.writeHead(200, { ...headers, 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

let server: Server;
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'nomap', 'worker', 'team.browser.js'))) throw new Error('dist/ is missing: run `npm run build` in packages/deltaprop');
  ({ server, base } = await serve());
  context = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  server?.close();
});

it.each(['importmap', 'bundled'])('trainInWorker trains on a team led from the worker (%s page)', async (kind) => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(`${base}/${kind}`);
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => (window as unknown as { __result: Record<string, any> }).__result);
  await page.close();
  expect(r.error).toBeUndefined();
  expect(problems).toEqual([]);
  expect(r.isolated).toBe(true);
  expect([r.here.threads, r.there.threads, r.alone.threads]).toEqual([2, 2, 1]);
  expect(r.there.epochs).toEqual([1, 2, 3]);
  expect(r.there.weights).toEqual(r.here.weights);
  expect(r.alone.weights).not.toEqual(r.here.weights);
});
