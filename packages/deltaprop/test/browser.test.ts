/**
 * The CSV flow in Chromium, from the built dist/ (turbo builds before testing): the
 * page imports `deltaprop` and `deltaprop/data` through an import map, as a browser
 * would load the published files, reads seattle-weather.csv from a fetch stream and
 * from a File, trains, evaluates, classifies a raw row, reloads the binary model, and
 * trains on the file in chunks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '@deltaprop/test-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const roots: Record<string, string> = {
  deltaprop: path.join(here, '..', 'dist'),
  kernels: path.join(path.dirname(require.resolve('@deltaprop/kernels')), '..', 'dist'),
  data: path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data'),
};
const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.csv': 'text/csv', '.html': 'text/html' };

const page = `<!doctype html>
<script type="importmap">
{ "imports": { "deltaprop": "/deltaprop/browser.js", "deltaprop/data": "/deltaprop/data.browser.js", "@deltaprop/kernels": "/kernels/browser.js" } }
</script>
<script type="module">
import { Encoder, Network, formatConfusion, split } from 'deltaprop';
import { csvChunks, readCSV } from 'deltaprop/data';
try {
  const options = { target: 'weather', ignore: ['date'] };
  const data = await readCSV((await fetch('/data/seattle-weather.csv')).body, options);
  const text = await (await fetch('/data/seattle-weather.csv')).text();
  const fromFile = await readCSV(new File([text], 'seattle-weather.csv'), options);
  const { train, test } = split(data, { test: 0.2, stratify: true, seed: 1 });
  const encoder = Encoder.fit(train);
  const net = await Network.create({ layers: [encoder.inputs, 16, encoder.outputs], activation: ['relu', 'softmax'], loss: 'cross-entropy', preprocessing: encoder, seed: 1 });
  const rows = encoder.transform(train);
  await net.train(rows.inputs, rows.targets, { epochs: 100, optimizer: 'adam', learningRate: 0.01 });
  const held = encoder.transform(test);
  const report = net.evaluate(held.inputs, held.targets);
  const raw = { precipitation: 12.5, temp_max: 9.4, temp_min: 4.1, wind: 5.2 };
  const again = await Network.fromBinary(net.toBinary());
  const streamed = await Network.create({ layers: [encoder.inputs, 16, encoder.outputs], activation: ['relu', 'softmax'], loss: 'cross-entropy', preprocessing: encoder, seed: 1 });
  const chunks = [];
  const history = await streamed.train(csvChunks(new Blob([text]), { encoder, chunkRows: 400 }), { epochs: 3, optimizer: 'adam', learningRate: 0.01, onBatchEnd: (b) => chunks.push(b.batches) });
  window.__result = {
    rows: data.rows, sameFromFile: JSON.stringify(fromFile) === JSON.stringify(data), classes: data.classes,
    testRows: test.rows, accuracy: report.accuracy, confusion: report.confusion, table: formatConfusion(report),
    label: net.classify(raw).label, reloaded: again.classify(raw), direct: net.classify(raw),
    streamEpochs: history.epochs, streamChunks: chunks.length, streamLoss: history.loss, engine: net.engine,
  };
} catch (e) {
  window.__result = { error: String(e && e.stack || e) };
}
</script>`;

let server: Server;
let base: string;
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  for (const [name, root] of Object.entries(roots)) if (!existsSync(root)) throw new Error(`${name}: ${root} is missing (run npm run build)`);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const [, top, ...rest] = url.pathname.split('/');
    const root = roots[top ?? ''];
    const file = root && path.join(root, ...rest);
    if (!root || !file!.startsWith(root) || !existsSync(file!)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file!)] ?? 'application/octet-stream' }).end(readFileSync(file!));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  context = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  server?.close();
});

it('reads a CSV, trains, evaluates, classifies a raw row and trains on chunks in Chromium', async () => {
  const tab = context.pages()[0] ?? (await context.newPage());
  tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  tab.on('response', (res) => res.status() >= 400 && problems.push(`HTTP ${res.status()}: ${res.url()}`));
  await tab.goto(base);
  await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 90_000 });
  const r = await tab.evaluate(() => (window as unknown as { __result: Record<string, any> }).__result);
  expect(r.error).toBeUndefined();
  expect(problems).toEqual([]);
  expect(r.rows).toBe(1461);
  expect(r.sameFromFile).toBe(true);
  expect(r.engine).toMatch(/^wasm/);
  expect(r.classes).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
  expect(r.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(r.testRows);
  expect(r.accuracy).toBeGreaterThan(0.75);
  expect(r.table).toMatch(/^true \\ predicted\s+drizzle\s+fog\s+rain\s+snow\s+sun/);
  expect(r.classes).toContain(r.label);
  expect(r.reloaded).toEqual(r.direct);
  expect(r.streamEpochs).toBe(3);
  expect(r.streamChunks).toBe(12); // 1,461 rows in chunks of 400: 4 per epoch
  expect(r.streamLoss[2]).toBeLessThan(r.streamLoss[0]);
});
