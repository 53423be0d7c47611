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
const programs = readdirSync(examples).filter((f) => f.endsWith('.mjs')).sort();

/** Runs one example from the repository's root, as its header says to. */
function run(file) {
  return new Promise((done) => {
    const started = performance.now();
    execFile(process.execPath, [join('examples', file)], { cwd: resolve(examples, '..'), timeout: 55_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : `${error.signal ?? error.message}`) : 0, stdout, stderr, seconds: (performance.now() - started) / 1000 });
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
  it('trains XOR on the main thread and in trainInWorker', async () => {
    const { server, url } = await serve(0);
    const context = await launchChromium();
    try {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(url);
      const out = page.locator('#out[data-state]');
      await out.waitFor({ timeout: 45_000 });
      const text = await out.textContent();
      expect(await out.getAttribute('data-state'), text).toBe('done');
      const result = JSON.parse(text);
      expect(result.engine).toMatch(/^wasm-(relaxed-)?simd$/);
      expect(result.main.map(Math.round)).toEqual([0, 1, 1, 0]);
      expect(result.worker.map(Math.round)).toEqual([0, 1, 1, 0]);
      expect(result.workerEpochs).toBe(5000);
      expect(await page.locator('#bar').evaluate((bar) => bar.value)).toBe(5000);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      server.close();
    }
  });

  it("rejects trainInWorker with a DeltapropError that says what to do when the worker's files are not served", async () => {
    const { server, url } = await serve(0);
    const context = await launchChromium();
    try {
      // The page and the main thread's modules load; the worker's copies are missing.
      await context.route('**/dist/nomap/**', (route) => route.fulfill({ status: 404, body: 'not found' }));
      const page = await context.newPage();
      await page.goto(url);
      const out = page.locator('#out[data-state]');
      await out.waitFor({ timeout: 45_000 });
      expect(await out.getAttribute('data-state')).toBe('error');
      expect(await out.textContent()).toMatch(/^DeltapropError WORKER_FAILED: the training worker http:\/\/\S+\/dist\/nomap\/worker\/entry\.browser\.js\?kernels=\S+ did not start: .*Check that every file under deltaprop\/dist\/ and @deltaprop\/kernels\/dist\/ is served/);
      expect(await page.locator('#main').textContent()).toMatch(/^Main thread \(wasm-/);
    } finally {
      await context.close();
      server.close();
    }
  });
});
