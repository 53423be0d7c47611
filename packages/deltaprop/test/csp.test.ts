/**
 * deltaprop on a page whose Content-Security-Policy allows scripts from its own
 * origin and the compilation of WebAssembly, nothing else:
 *
 *   Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'
 *
 * In Chromium (playwright-core, /usr/bin/chromium): the kernels load, a network
 * trains and predicts, the predictor runs, and toFunction works and agrees with
 * predict — while `new Function` is refused on the same page (the policy is in force).
 * Under `script-src 'self'` alone (no WebAssembly at all) toFunction still works, in
 * its JavaScript fallback, for a network on the reference backend.
 * The pages import the built files (dist/): `turbo run test` builds first.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '@deltaprop/test-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, '..', 'dist');
const KERNELS = path.join(path.dirname(fileURLToPath(import.meta.resolve('@deltaprop/kernels/package.json'))), 'dist');
const POLICY = "script-src 'self' 'wasm-unsafe-eval'";
const STRICT = "script-src 'self'";

const PAGE = `<!doctype html><meta charset="utf-8"><title>CSP</title><script type="module" src="/page.js"></script>`;
const SCRIPT = `
import { Network } from '/deltaprop/browser.js';
const result = { violations: [] };
document.addEventListener('securitypolicyviolation', (e) => result.violations.push(e.violatedDirective + ' ' + e.blockedURI));
try {
  new Function('return 1');
  result.evalAllowed = true;
} catch {
  result.evalAllowed = false;
}
try {
  const net = await Network.create({ layers: [4, 8, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
  result.engine = net.engine;
  const x = [[0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]];
  const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]];
  const history = await net.train(x, y, { epochs: 30, learningRate: 0.1 });
  result.lossFell = history.loss.at(-1) < history.loss[0];
  result.predict = net.predict(x);
  const f = net.toFunction();
  result.toFunction = x.map((row) => f(row));
  const p = net.predictor();
  result.predictor = Array.from(p.run(x.flat(), new Float32Array(12)));
} catch (e) {
  result.error = String(e && e.stack || e);
}
window.__result = result;
`;

const STRICT_SCRIPT = `
import { Network } from '/deltaprop/browser.js';
const result = {};
try {
  new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  result.wasmAllowed = true;
} catch {
  result.wasmAllowed = false;
}
try {
  const net = await Network.create({ layers: [4, 8, 3], activation: ['tanh', 'softmax'], seed: 1, backend: 'reference' });
  const x = [[0, 0, 1, 1], [1, 0, 0, 1]];
  result.predict = net.predict(x);
  const f = net.toFunction();
  result.toFunction = x.map((row) => f(row));
} catch (e) {
  result.error = String(e && e.stack || e);
}
window.__result = result;
`;

/** Serves the page, the script, deltaprop's dist under /deltaprop/ and the kernels' under /kernels/, all with the policy. */
function serve(): Promise<{ server: Server; base: string }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: string | Buffer | null = null;
    let type = types['.js']!;
    let policy = POLICY;
    if (url.pathname === '/') [body, type] = [PAGE, types['.html']!];
    else if (url.pathname === '/page.js') body = SCRIPT;
    else if (url.pathname === '/strict') [body, type, policy] = [PAGE.replace('/page.js', '/strict.js'), types['.html']!, STRICT];
    else if (url.pathname === '/strict.js') body = STRICT_SCRIPT;
    else {
      const [, dir, ...rest] = url.pathname.split('/');
      const root = dir === 'deltaprop' ? DIST : dir === 'kernels' ? KERNELS : null;
      const file = root && path.join(root, ...rest);
      if (root && file?.startsWith(root) && existsSync(file)) {
        body = await readFile(file);
        type = types[path.extname(file)] ?? 'application/octet-stream';
        // The one bare specifier of the browser entry, pointed at the kernels' files (what a bundler or an import map would do).
        if (type === types['.js']) body = body.toString('utf8').replaceAll("from '@deltaprop/kernels'", "from '/kernels/browser.js'");
      }
    }
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-security-policy': policy }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })),
  );
}

let server: Server;
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'browser.js'))) throw new Error('dist/ is missing: run `npm run build` in packages/deltaprop');
  ({ server, base } = await serve());
  context = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  server?.close();
});

it(`loads the kernels, trains, predicts and runs toFunction under ${POLICY}`, async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(base);
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
  expect(r.error).toBeUndefined();
  expect(r.evalAllowed, 'the policy is in force: new Function is refused').toBe(false);
  expect(r.violations, 'nothing but the one eval probe was blocked').toEqual(['script-src eval']);
  expect(r.engine).toMatch(/^wasm-/);
  expect(r.lossFell).toBe(true);
  const predict = r.predict as number[][];
  (r.toFunction as number[][]).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - predict[i]![j]!)).toBeLessThan(1e-6)));
  expect(r.predictor).toEqual(predict.flat());
});

it(`runs toFunction in JavaScript under ${STRICT}, where WebAssembly cannot compile`, async () => {
  const page = await context.newPage();
  await page.goto(`${base}strict`);
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
  expect(r.error).toBeUndefined();
  expect(r.wasmAllowed, 'the policy is in force: WebAssembly is refused').toBe(false);
  const predict = r.predict as number[][];
  (r.toFunction as number[][]).forEach((row, i) =>
    row.forEach((v, j) => expect(Math.abs(v - predict[i]![j]!)).toBeLessThanOrEqual(1.2e-7 * Math.abs(predict[i]![j]!) + 1e-38)),
  );
});
