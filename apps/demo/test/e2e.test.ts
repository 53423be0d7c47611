/**
 * The built page (dist/) in a real Chromium: train XOR in the playground, check the
 * answers, feed the controls bad input, draw a digit on the pad, and keep a screenshot
 * for the README. `turbo run test` builds first; `npm run build` does it by hand.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@deltaprop/test-browser';
// @ts-expect-error: a plain .mjs script without type declarations
import { serve, DIST } from '../scripts/serve.mjs';
import './demo-state';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = path.join(here, '..', 'test-results', 'screenshot.png');
const ROOT = process.env.DEMO_DIST ?? DIST;

let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` in apps/demo (turbo runs it before this test)');
  }
  const started = await serve({ root: ROOT, port: 0 });
  server = started.server;
  base = `http://127.0.0.1:${started.port}/`;
  context = await launchChromium({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(base);
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

async function setField(selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.locator(selector).blur();
}

describe('the demo page', () => {
  it('loads the WebAssembly kernels in the training worker', async () => {
    await page.waitForFunction(() => window.__demo?.engine !== '', null, { timeout: 30_000 });
    const engine = await page.evaluate(() => window.__demo.engine);
    expect(['wasm-simd', 'wasm-relaxed-simd']).toContain(engine);
    await expect.poll(() => page.textContent('#engine')).toMatch(/WebAssembly (relaxed )?SIMD/);
  });

  it('learns XOR: the loss falls and all four XOR points come out right', async () => {
    await page.selectOption('#dataset', 'xor');
    await page.fill('#layers', '8,8');
    await page.selectOption('#activation', 'tanh');
    await page.selectOption('#loss', 'cross-entropy');
    await page.selectOption('#optimizer', 'adam');
    await setField('#lr', '0.03');
    await setField('#batch', '16');
    await page.click('#reset');
    await page.waitForFunction(() => window.__demo.status === 'ready');
    const before = await page.evaluate(() => window.__demo.valLoss);
    expect(before).toBeGreaterThan(0); // a 'ready' page already shows the untrained network's loss

    await page.click('#train');
    await page.waitForFunction(() => window.__demo.epoch > 0 && window.__demo.loss < 0.05, null, {
      timeout: 90_000,
      polling: 200,
    });
    await page.click('#pause');
    await page.waitForFunction(() => window.__demo.status === 'paused');

    const state = await page.evaluate(() => ({ ...window.__demo }));
    expect(state.loss).toBeLessThan(0.05);
    expect(state.valLoss).toBeLessThan(before);
    expect(state.valAccuracy).toBeGreaterThan(0.95);
    // class 1 where the signs differ
    const outputs = await page.evaluate(() =>
      window.__demo.predict([
        [-0.5, -0.5],
        [0.5, 0.5],
        [-0.5, 0.5],
        [0.5, -0.5],
      ]),
    );
    expect(outputs).toHaveLength(4);
    expect(outputs.map((o) => (o >= 0.5 ? 1 : 0))).toEqual([0, 0, 1, 1]);
    expect(Number(await page.textContent('#stat-epoch').then((t) => t!.replace(/,/g, '')))).toBeGreaterThan(0);
  });

  it('answers bad input with a message beside the control', async () => {
    await setField('#layers', '');
    await expect.poll(() => page.textContent('#err-layers')).toMatch(/at least one hidden layer/i);
    expect(await page.isVisible('#err-layers')).toBe(true);
    await setField('#layers', '8,x');
    await expect.poll(() => page.textContent('#err-layers')).toMatch(/"x" is not a whole number/);
    await setField('#lr', '0');
    await expect.poll(() => page.textContent('#err-lr')).toMatch(/greater than 0/);
    await setField('#lr', 'fast');
    await expect.poll(() => page.textContent('#err-lr')).toMatch(/"fast" is not a number/);
    await setField('#batch', 'ten');
    await expect.poll(() => page.textContent('#err-batch')).toMatch(/not a whole number/);
    const epoch = await page.evaluate(() => window.__demo.epoch);
    await page.click('#train');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.__demo.status)).not.toBe('running');
    expect(await page.evaluate(() => window.__demo.epoch)).toBe(epoch);

    await setField('#layers', '16,16');
    await setField('#lr', '0.03');
    await setField('#batch', '16');
    for (const id of ['#err-layers', '#err-lr', '#err-batch']) expect(await page.isVisible(id)).toBe(false);
  });

  it("shows deltaprop's own errors beside the control, and recovers", async () => {
    // a deep linear network with a huge step diverges: deltaprop throws DeltapropError DIVERGED
    await page.selectOption('#activation', 'linear');
    await page.selectOption('#optimizer', 'momentum');
    await setField('#layers', '64,64,64');
    await setField('#lr', '10');
    await page.click('#train');
    await page.waitForFunction(() => window.__demo.status === 'error', null, { timeout: 30_000 });
    await expect.poll(() => page.textContent('#err-lr')).toMatch(/diverged.*\(DIVERGED\)/is);
    expect(await page.isVisible('#err-general')).toBe(true);

    await page.selectOption('#activation', 'tanh');
    await page.selectOption('#optimizer', 'adam');
    await setField('#layers', '16,16');
    await setField('#lr', '0.03');
    await page.click('#train');
    await page.waitForFunction(() => window.__demo.status === 'running' && window.__demo.epoch > 0);
    await page.click('#pause');
    await page.waitForFunction(() => window.__demo.status === 'paused');
    for (const id of ['#err-lr', '#err-general']) expect(await page.isVisible(id)).toBe(false);
  });

  it('reads digits drawn on the pad', async () => {
    await page.waitForFunction(() => window.__demo.digit.status === 'ready', null, { timeout: 30_000 });
    const pad = page.locator('#pad');
    await pad.scrollIntoViewIfNeeded();
    const draw = async (strokes: number[][][]) => {
      await page.click('#pad-clear');
      const box = (await pad.boundingBox())!; // after the click: it may have scrolled
      for (const stroke of strokes) {
        await page.mouse.move(box.x + stroke[0][0] * box.width, box.y + stroke[0][1] * box.height);
        await page.mouse.down();
        for (const [x, y] of stroke.slice(1)) {
          await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
        }
        await page.mouse.up();
      }
      // the pad reads the drawing on the next animation frame
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.waitForSelector('#digit-bars[data-ready="true"]');
      return page.evaluate(() => window.__demo.digit);
    };
    const ring = Array.from({ length: 25 }, (_, i) => [0.5 + 0.2 * Math.sin((i * Math.PI) / 12), 0.5 - 0.32 * Math.cos((i * Math.PI) / 12)]);
    const strokes: [number, number[][][]][] = [
      [0, [ring]],
      [
        1,
        [
          [
            [0.52, 0.15],
            [0.5, 0.85],
          ],
        ],
      ],
      [
        4,
        [
          [
            [0.55, 0.15],
            [0.28, 0.6],
            [0.72, 0.6],
          ],
          [
            [0.6, 0.35],
            [0.6, 0.85],
          ],
        ],
      ],
      // last, for the screenshot: a "7", the top bar and the long diagonal
      [
        7,
        [
          [
            [0.28, 0.22],
            [0.45, 0.2],
            [0.62, 0.2],
            [0.72, 0.22],
            [0.64, 0.4],
            [0.56, 0.58],
            [0.48, 0.78],
            [0.45, 0.86],
          ],
        ],
      ],
    ];
    for (const [expected, lines] of strokes) {
      const digit = await draw(lines);
      expect(digit.prediction).toBe(expected);
      expect(digit.probabilities).toHaveLength(10);
      expect(digit.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      const shown = await page.$$eval('#digit-bars .digit-value', (els) => els.map((e) => e.textContent));
      expect(shown).toHaveLength(10);
      for (const text of shown) expect(text).toMatch(/^\d+\.\d%$/);
      expect(await page.getAttribute('#digit-answer', 'data-prediction')).toBe(String(expected));
    }
  });

  it('saves a screenshot and logged no errors', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(problems).toEqual([]);
  });
});
