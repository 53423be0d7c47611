/**
 * Every `examples/*.mjs` is a complete program a user may copy: each must run to
 * the end with plain `node` (exit code 0; the examples check their own results and
 * throw when a network did not learn). New files are picked up by name, so an
 * example added by anyone is run here without touching this test. The no-bundler
 * page (examples/browser/) is loaded in Chromium and must train on the main thread
 * and in a worker.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@deltaprop/test-browser';
import { describe, expect, it } from 'vitest';
import { serve } from '../../../examples/browser/serve.mjs';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const programs = readdirSync(examples)
  .filter((f) => f.endsWith('.mjs'))
  .sort();

/** Runs one example from the repository's root, as its header says to. */
function run(file) {
  return new Promise((done) => {
    const started = performance.now();
    execFile(process.execPath, [join('examples', file)], { cwd: resolve(examples, '..'), timeout: 170_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done({
        code: error ? (typeof error.code === 'number' ? error.code : `${error.signal ?? error.message}`) : 0,
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

describe('examples/*.mjs', () => {
  it('are there', () => {
    expect(programs).toEqual(expect.arrayContaining(['mnist.mjs', 'regression.mjs', 'save-load.mjs', 'worker-progress.mjs', 'xor.mjs']));
  });

  it.concurrent.each(programs)('%s runs to the end (exit code 0)', async (file) => {
    const r = await run(file);
    expect(r.code, `${file} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout.trim().length, `${file} printed nothing`).toBeGreaterThan(0);
    console.log(`${file}: ${r.seconds.toFixed(1)} s`);
  });
});

describe('examples/browser (an import map, no bundler)', () => {
  /**
   * Loads the page and returns what it wrote in #out. `packages`, when given, is the
   * origin the import map's URLs point to instead of the page's own (a CDN-style setup);
   * `html` edits the page; `block` answers 404 for the URLs it matches.
   */
  async function load({ packages, block, html } = {}) {
    const { server, url } = await serve(0);
    // Both test servers are on the loopback address, and Chromium asks the user before a
    // page may load from another loopback origin (local network access); a real CDN is
    // public, so the check is off here.
    const context = await launchChromium(packages ? { args: ['--disable-features=LocalNetworkAccessChecks'] } : {});
    try {
      if (block) await context.route(block, (route) => route.fulfill({ status: 404, body: 'not found' }));
      if (packages || html) {
        // The page as served, with its import map pointed elsewhere.
        const edit = html ?? ((text) => text.replaceAll('"/node_modules/', `"${packages}/node_modules/`));
        await context.route(url, async (route) => {
          const page = await route.fetch();
          await route.fulfill({ response: page, body: edit(await page.text()) });
        });
      }
      const page = await context.newPage();
      const problems = [];
      const origins = new Set();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => r.url().includes('/dist/') && origins.add(new URL(r.url()).origin));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && !block) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(url);
      const out = page.locator('#out[data-state]');
      await out.waitFor({ timeout: 150_000 });
      return {
        state: await out.getAttribute('data-state'),
        text: await out.textContent(),
        main: await page.locator('#main').textContent(),
        bar: await page.locator('#bar').evaluate((bar) => bar.value),
        problems,
        origins: [...origins],
        pageOrigin: new URL(url).origin,
      };
    } finally {
      await context.close();
      server.close();
    }
  }

  function expectTrained(r) {
    expect(r.state, r.text).toBe('done');
    const result = JSON.parse(r.text);
    expect(result.engine).toMatch(/^wasm-(relaxed-)?simd$/);
    expect(result.main.map(Math.round)).toEqual([0, 1, 1, 0]);
    expect(result.worker.map(Math.round)).toEqual([0, 1, 1, 0]);
    expect(result.workerEpochs).toBe(5000);
    expect(r.bar).toBe(5000);
    expect(r.problems).toEqual([]);
  }

  it('trains XOR on the main thread and in trainInWorker, from node_modules', async () => {
    const r = await load();
    expectTrained(r);
    expect(r.origins).toEqual([r.pageOrigin]);
  });

  it('trains XOR on the main thread and in trainInWorker, from another origin (as from a CDN)', async () => {
    const cdn = await serve(0, { cors: true });
    try {
      const packages = new URL(cdn.url).origin;
      const r = await load({ packages });
      expectTrained(r);
      expect(r.origins).toEqual([packages]);
      expect(packages).not.toBe(r.pageOrigin);
    } finally {
      cdn.server.close();
    }
  });

  it("rejects trainInWorker with a DeltapropError that says what to do when the worker's modules are not served", async () => {
    // The page and the main thread's modules load; one module of the worker's copies is missing.
    const r = await load({ block: '**/dist/nomap/spec.js' });
    expect(r.state).toBe('error');
    expect(r.text).toMatch(
      /^DeltapropError WORKER_FAILED: the training worker could not load http:\/\/\S+\/dist\/nomap\/worker\/entry\.browser\.js: .+ \(every file of deltaprop\/dist and @deltaprop\/kernels\/dist must be served/,
    );
    expect(r.main).toMatch(/^Main thread \(wasm-/);
    // Without even the worker's first module, the worker's error event says nothing: deltaprop says what to do.
    const none = await load({ block: '**/dist/nomap/**' });
    expect(none.state).toBe('error');
    expect(none.text).toMatch(
      /^DeltapropError WORKER_FAILED: the training worker could not load http:\/\/\S+\/dist\/nomap\/worker\/start\.js.*: every file of deltaprop\/dist and @deltaprop\/kernels\/dist must be served/,
    );
  });

  it("rejects trainInWorker with WORKER_FAILED naming the entry to use when a page maps deltaprop's bundler entry", async () => {
    const r = await load({ html: (text) => text.replace('/deltaprop/dist/importmap.js', '/deltaprop/dist/browser.js') });
    expect(r.state).toBe('error');
    expect(r.text).toBe('DeltapropError WORKER_FAILED: the training worker could not load; without a bundler, import deltaprop/dist/importmap.js');
    expect(r.main).toMatch(/^Main thread \(wasm-/);
  });
});
