/**
 * save / load in a real Chromium: indexeddb:// and localstorage:// (surviving a
 * reload), http(s) URLs with fetch, and the refusals that only browsers see. The
 * built files (dist/ of this package and of the kernels) are served as they are,
 * with an import map for the kernels' package name; `turbo run test` builds first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@deltaprop/test-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const roots: Record<string, string> = {
  '/deltaprop/': path.resolve(here, '../../dist'),
  '/kernels/': path.resolve(here, '../../../kernels/dist'),
  '/fixtures/': path.join(here, 'fixtures'),
};
const page_html = `<!doctype html><meta charset="utf-8"><title>interop</title>
<script type="importmap">{ "imports": { "@deltaprop/kernels": "/kernels/browser.js" } }</script>
<script type="module">
  import { Network } from '/deltaprop/browser.js';
  import { save, load } from '/deltaprop/interop/browser.js';
  window.__interop = { Network, save, load };
</script>`;

/** What the page's module script puts on window (imports inside evaluate would be rewritten by vitest). */
interface Interop {
  Network: any;
  save(net: unknown, where: string, options?: object): Promise<void>;
  load(where: string): Promise<any>;
}
declare global {
  interface Window {
    __interop: Interop;
  }
}
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
};

let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  for (const dir of Object.values(roots)) {
    if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` (turbo builds before the tests)`);
  }
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x').pathname;
    if (url === '/') return void response.writeHead(200, { 'content-type': 'text/html' }).end(page_html);
    const prefix = Object.keys(roots).find((p) => url.startsWith(p));
    const file = prefix && path.join(roots[prefix]!, url.slice(prefix.length));
    if (!file?.startsWith(roots[prefix]!) || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  context = await launchChromium();
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await open();
}, 120_000); // Chromium's start takes seconds on a busy machine

async function open() {
  await page.goto(base);
  await page.waitForFunction(() => window.__interop !== undefined);
}

afterAll(async () => {
  await context?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}, 60_000);

describe('deltaprop/interop in Chromium', () => {
  it('saves to and loads from IndexedDB and localStorage in every format, and the models survive a reload', async () => {
    const saved = await page.evaluate(async () => {
      const { Network, save, load } = window.__interop;
      const net = await Network.create({ layers: [3, 6, 2], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed: 4 });
      const rows = [
        [0.1, -2, 3],
        [1, 1, 1],
      ];
      const out: Record<string, unknown> = { original: net.toJSON(), predicted: net.predict(rows) };
      for (const [where, format] of [
        ['indexeddb://a', undefined],
        ['indexeddb://b', 'onnx'],
        ['indexeddb://c', 'tfjs'],
        ['indexeddb://d', 'json'],
        ['localstorage://a', undefined],
        ['localstorage://b', 'onnx'],
        ['localstorage://c', 'tfjs'],
      ] as const) {
        await save(net, where, format ? { format } : {});
        const back = await load(where);
        out[where] = { model: back.toJSON(), predicted: back.predict(rows) };
      }
      return out;
    });
    for (const key of ['indexeddb://a', 'indexeddb://b', 'indexeddb://c', 'indexeddb://d', 'localstorage://a', 'localstorage://b', 'localstorage://c']) {
      expect(saved[key], key).toEqual({ model: saved.original, predicted: saved.predicted });
    }
    await open();
    const after = await page.evaluate(async () => {
      const { load } = window.__interop;
      return [(await load('indexeddb://c')).toJSON(), (await load('localstorage://b')).toJSON()];
    });
    expect(after).toEqual([saved.original, saved.original]);
  });

  it('loads a PyTorch ONNX file over http with fetch, and refuses what browsers cannot do', async () => {
    const expected = JSON.parse(readFileSync(path.join(here, 'fixtures', 'expected.json'), 'utf8')).sequential_relu_softmax_op13;
    const result = await page.evaluate(async (inputs) => {
      const { load, save } = window.__interop;
      const net = await load(location.origin + '/fixtures/sequential_relu_softmax_op13.onnx');
      // A plain path is a URL relative to the page.
      const relative = await load('fixtures/sequential_relu_softmax_op13.onnx');
      const codes: Record<string, string> = {};
      for (const [what, call] of [
        ['missing', () => load('indexeddb://never-saved')],
        ['missing-ls', () => load('localstorage://never-saved')],
        ['relative path, missing', () => load('models/a.onnx')],
        ['save to a path', () => save(net, 'models/a.onnx')],
        ['404', () => load(location.origin + '/fixtures/missing.onnx')],
        ['bad localStorage record', () => (localStorage.setItem('deltaprop/bad', '{"main": "AAEC"}'), load('localstorage://bad'))],
        [
          'bad IndexedDB record',
          async () => {
            await save(net, 'indexeddb://bad');
            await new Promise((resolve, reject) => {
              const request = indexedDB.open('deltaprop');
              request.onsuccess = () => {
                const tx = request.result.transaction('models', 'readwrite');
                tx.objectStore('models').put({ main: 'not bytes' }, 'bad');
                tx.oncomplete = () => resolve(request.result.close());
                tx.onerror = () => reject(tx.error);
              };
            });
            return load('indexeddb://bad');
          },
        ],
      ] as const) {
        codes[what] = await call().then(
          () => 'loaded',
          (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
        );
      }
      return { predicted: net.predict(inputs), same: JSON.stringify(relative.toJSON()) === JSON.stringify(net.toJSON()), layers: net.layers, codes };
    }, expected.inputs);
    expect(result.layers).toEqual([8, 16, 3]);
    (result.predicted as number[][]).forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - expected.outputs[r][j])).toBeLessThanOrEqual(1e-5)));
    expect(result.codes.missing).toMatch(/^INVALID_OPTION: no model at indexeddb:\/\/never-saved/);
    expect(result.codes['missing-ls']).toMatch(/^INVALID_OPTION: no model at localstorage:\/\/never-saved/);
    expect(result.same).toBe(true);
    expect(result.codes['relative path, missing']).toMatch(/^INVALID_OPTION: no model at http:\/\/127\.0\.0\.1:\d+\/models\/a\.onnx: HTTP 404/);
    expect(result.codes['save to a path']).toMatch(
      /^INVALID_OPTION: 'models\/a\.onnx' is a file path, which needs Node; in browsers save with indexeddb:\/\/name or localstorage:\/\/name$/,
    );
    expect(result.codes['404']).toMatch(/^INVALID_OPTION: no model at .*HTTP 404/);
    expect(result.codes['bad localStorage record']).toMatch(/^CORRUPT_MODEL: /);
    expect(result.codes['bad IndexedDB record']).toMatch(/^CORRUPT_MODEL: the record at indexeddb:\/\/bad is not a model/);
    expect(problems).toEqual([]);
  });
});
