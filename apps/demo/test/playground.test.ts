/**
 * The playground in a real Chromium: the default spiral run (and how long it takes
 * from page load to a formed boundary), the network diagram and its neuron tips, the
 * δ view against `net.gradients`, the gradient-size chart of a deep sigmoid network,
 * every control, the shareable URL, and the layout at four widths (screenshots in
 * test-results/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemo, type Browser } from './chromium';
import type { Snapshot } from './demo-state';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, '..', 'test-results');

let b: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  b = await openDemo();
  page = b.page;
});
afterAll(async () => {
  await b?.close();
});

const state = () => page.evaluate(() => ({ ...window.__demo, snapshot: null }));

async function select(id: string, value: string): Promise<void> {
  await page.selectOption(id, value);
}
async function range(id: string, value: number): Promise<void> {
  await page.$eval(
    id,
    (el: HTMLInputElement, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}
async function setText(id: string, value: string): Promise<void> {
  await page.fill(id, value);
  await page.locator(id).blur();
}
async function ready(): Promise<void> {
  await page.waitForFunction(() => window.__demo.status === 'ready' && window.__demo.snapshot !== null, null, { timeout: 30_000 });
}
async function pause(): Promise<void> {
  if ((await page.evaluate(() => window.__demo.status)) === 'running') await page.click('#pause');
  await page.waitForFunction(() => window.__demo.status !== 'running');
  // the worker's last progress report after the pause
  await page.waitForTimeout(150);
}
/** Trains at full speed until `epochs` epochs have run, then pauses. */
async function trainFor(epochs: number): Promise<void> {
  await select('#speed', '0');
  await page.click('#train');
  await page.waitForFunction((n) => window.__demo.epoch >= n, epochs, { timeout: 60_000, polling: 50 });
  await pause();
}
/**
 * The README's picture (test-results/playground-readme.png, copied to docs/playground.png):
 * the trained spirals, a hidden neuron's tip, and the δ view down to its current step.
 */
async function readmePicture(): Promise<void> {
  const d = await page.evaluate(() => window.__demo.diagram());
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = (await page.locator('#diagram').boundingBox())!;
  const n = d.boxes[2][5];
  await page.mouse.move(box.x + n.x + n.size * 0.6, box.y + n.y + n.size * 0.4);
  await page.waitForSelector('#neuron-tip:not([hidden])');
  const bottom = await page.$eval('#delta-steps li.current', (el) => el.getBoundingClientRect().bottom + window.scrollY + 24);
  await page.screenshot({ path: path.join(RESULTS, 'playground-readme.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: bottom } });
  await page.mouse.move(0, 0);
}

const sumSquares = (s: Snapshot) => s.parameters.weights.reduce((a, w) => a + Object.values(w).reduce((q: number, v) => q + (v as number) ** 2, 0), 0);

describe('the playground', () => {
  it('is served cross-origin isolated and says how many threads train', async () => {
    const response = await page.goto(b.base);
    expect(response!.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response!.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    await ready();
    const s = await state();
    expect(s.isolated).toBe(true);
    expect(['wasm-simd', 'wasm-relaxed-simd']).toContain(s.engine);
    // the default network is small: deltaprop's 'auto' trains it on one thread
    expect(s.threads).toBe(1);
    expect(await page.textContent('#stat-threads')).toBe(`1 of ${s.cores}`);
  });

  it('draws the untrained network’s answer, then forms the spiral boundary with the defaults', async () => {
    const loadedAt = await page.evaluate(() => performance.now());
    // before any training: the heat map and the neurons' maps are there
    expect(await page.evaluate(() => window.__demo.answered())).toBe(true);
    const spread = await page.$eval('#boundary', (c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    expect(spread).toBeGreaterThan(20);
    expect(await page.inputValue('#dataset')).toBe('spirals');
    expect(await page.inputValue('#lr')).toBe('0.003');
    await page.click('#train');
    await page.waitForFunction(() => window.__demo.valAccuracy >= 0.9, null, { timeout: 60_000, polling: 50 });
    const s = await state();
    const timing = {
      pageLoadToReadyMs: Math.round(loadedAt),
      trainPressedAtMs: Math.round(s.trainStartedAt),
      validation90AtMs: Math.round(s.accuracy90At),
      trainToFormedMs: Math.round(s.accuracy90At - s.trainStartedAt),
      epochs: s.epoch,
    };
    console.log(`spirals with the defaults: ${JSON.stringify(timing)}`);
    writeFileSync(path.join(RESULTS, 'spiral-timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
    // 3 epochs a frame: the boundary forms over some hundreds of epochs, not in one frame
    expect(s.epoch).toBeGreaterThan(60);
    await page.waitForFunction(() => window.__demo.epoch >= 600, null, { timeout: 60_000 });
    await pause();
    // no loss spikes: after the first 50 epochs no epoch's loss exceeds 3× the lowest before it
    const losses = await page.evaluate(() => window.__demo.losses());
    let low = Infinity;
    let worst = 0;
    losses.forEach((l, e) => {
      if (e >= 50) worst = Math.max(worst, l / low);
      low = Math.min(low, l);
    });
    expect(worst).toBeLessThan(3);
  });

  it('draws every neuron and every weight, line width by |w|, colour by sign', async () => {
    const snap = await page.evaluate(() => window.__demo.snapshot);
    const d = await page.evaluate(() => window.__demo.diagram());
    const layers = snap!.shape.layers;
    expect(d.boxes.map((col) => col.length)).toEqual(layers);
    expect(d.lines).toHaveLength(layers.slice(1).reduce((a, s, k) => a + layers[k] * s, 0));
    for (const line of d.lines) {
      const W = snap!.parameters.weights[line.layer];
      expect(line.w).toBe((W as unknown as Record<number, number>)[line.from * layers[line.layer + 1] + line.to]);
      expect(line.color).toBe(line.w >= 0 ? 'pos' : 'neg');
    }
    const byMagnitude = [...d.lines].sort((p, q) => Math.abs(p.w) - Math.abs(q.w));
    for (let i = 1; i < byMagnitude.length; i++) expect(byMagnitude[i].width).toBeGreaterThanOrEqual(byMagnitude[i - 1].width);
    expect(byMagnitude.at(-1)!.width).toBeGreaterThan(3 * byMagnitude[0].width);
  });

  it('shows u, t and δ of a hovered neuron; the output neuron’s t is net.predict there', async () => {
    const d = await page.evaluate(() => window.__demo.diagram());
    const box = (await page.locator('#diagram').boundingBox())!;
    const out = d.boxes.at(-1)![0];
    // a quarter in from the output neuron's top-left corner: (x₁, x₂) = (−0.6, 0.6)
    await page.mouse.move(box.x + out.x + out.size * 0.25, box.y + out.y + out.size * 0.25);
    await page.waitForSelector('#neuron-tip:not([hidden])');
    const tip = await page.$eval('#neuron-tip', (el) => ({ ...(el as HTMLElement).dataset, text: el.textContent ?? '' }) as Record<string, string>);
    expect(tip.text).toMatch(/output.*u\(4\) = .*t\(4\) = .*δ\(4\) = /s);
    const [predicted] = await page.evaluate((p) => window.__demo.predict([p]), [Number(tip.x1), Number(tip.x2)]);
    expect(Number(tip.t)).toBeCloseTo(predicted, 5);
    expect(Number(tip.t)).toBeCloseTo(1 / (1 + Math.exp(-Number(tip.u))), 6);
    // cross-entropy after a sigmoid: δ = t − y, y ∈ {0, 1}
    const y = Number(tip.t) - Number(tip.delta);
    expect(Math.min(Math.abs(y), Math.abs(y - 1))).toBeLessThan(1e-9);
    // a hidden neuron: t = tanh(u)
    const hidden = d.boxes[1][3];
    await page.mouse.move(box.x + hidden.x + hidden.size / 2, box.y + hidden.y + hidden.size / 2);
    await page.waitForFunction(() => document.getElementById('neuron-tip')!.dataset.layer === '1');
    const h = await page.$eval('#neuron-tip', (el) => ({ ...(el as HTMLElement).dataset }));
    expect(h.index).toBe('3');
    expect(Number(h.t)).toBeCloseTo(Math.tanh(Number(h.u)), 6);
    expect(Number.isFinite(Number(h.delta))).toBe(true);
    await page.mouse.move(0, 0);
  });

  it('steps through one forward and one backward pass whose numbers are net.gradients for that point', async () => {
    await page.evaluate(() => window.__demo.follow(5));
    await page.waitForFunction(() => window.__demo.delta()?.index === 5);
    const total = await page.evaluate(() => window.__demo.delta()!.steps);
    // 16-16 network: input, 3 × (u, t), E, output δ, 2 δ rules, 3 × (∂E/∂W, ∂E/∂b)
    expect(total).toBe(17);
    expect(await page.locator('#delta-steps li:not([hidden])').count()).toBe(1);
    for (let i = 1; i < total; i++) {
      await page.click('#delta-next');
      if (i === 9) await readmePicture();
    }
    expect(await page.textContent('#delta-count')).toBe(`step ${total} of ${total}`);
    expect(await page.locator('#delta-steps li:not([hidden])').count()).toBe(total);
    expect(await page.isDisabled('#delta-next')).toBe(true);
    const kinds = await page.$$eval('#delta-steps li', (els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${(e as HTMLElement).dataset.layer}`));
    expect(kinds.slice(7, 11)).toEqual(['loss:4', 'output-delta:4', 'delta-rule:3', 'delta-rule:2']);
    const eqs = await page.$$eval('#delta-steps .eq', (els) => els.map((e) => e.textContent));
    expect(eqs).toContain('u(2) = t(1) · W(2) + b(2)');
    expect(eqs).toContain("δ(3) = f'(u(3)) ⊙ (δ(4) · W(4)ᵀ)");
    expect(eqs).toContain('∂E/∂W(2) = t(1)ᵀ · δ(2)');

    const g = await page.evaluate(() => window.__demo.gradientsOf(5));
    const shown = await page.$$eval('#delta-steps table.mat', (tables) =>
      tables.map((t) => ({
        name: (t as HTMLElement).dataset.name,
        cols: Number((t as HTMLElement).dataset.cols),
        cells: Array.from(t.querySelectorAll<HTMLElement>('.num')).map((n) => ({ i: Number(n.dataset.i), j: Number(n.dataset.j), v: Number(n.dataset.value) })),
      })),
    );
    expect(shown.map((t) => t.name)).toEqual(['dW4', 'dW3', 'dW2']);
    let compared = 0;
    for (const t of shown) {
      const k = Number(t.name!.slice(2)) - 2; // W^(l) is weights[l − 2]
      for (const c of t.cells) {
        const want = g!.weights[k][c.i * t.cols + c.j];
        expect(Math.abs(c.v - want)).toBeLessThanOrEqual(1e-6 + 1e-4 * Math.abs(want));
        compared++;
      }
    }
    expect(compared).toBe(12 + 12 * 12 + 2 * 12); // 16×1, 16×16 and 2×16, shown up to 12 × 12
    const biases = await page.$$eval('#delta-steps .vec[data-name^="db"]', (vs) =>
      vs.map((v) => ({
        name: (v as HTMLElement).dataset.name,
        values: Array.from(v.querySelectorAll<HTMLElement>('.num')).map((n) => Number(n.dataset.value)),
      })),
    );
    for (const v of biases) {
      const k = Number(v.name!.slice(2)) - 2;
      v.values.forEach((x, i) => expect(Math.abs(x - g!.biases[k][i])).toBeLessThanOrEqual(1e-6 + 1e-4 * Math.abs(g!.biases[k][i])));
    }
    // and every entry, not only the shown ones
    const all = await page.evaluate(() => window.__demo.delta());
    all!.weights.forEach((w, k) => w.forEach((v, i) => expect(Math.abs(v - g!.weights[k][i])).toBeLessThanOrEqual(1e-6 + 1e-4 * Math.abs(g!.weights[k][i]))));
    expect(all!.loss).toBeCloseTo(g!.loss, 5);

    // Back, and choosing another point by clicking it on the plot
    await page.click('#delta-prev');
    expect(await page.textContent('#delta-count')).toBe(`step ${total - 1} of ${total}`);
    const p = await page.evaluate(() => window.__demo.delta()!);
    await page.locator('#boundary').scrollIntoViewIfNeeded();
    const plot = (await page.locator('#boundary').boundingBox())!;
    const target = 17;
    const xy = await page.evaluate(async (i) => {
      window.__demo.follow(i);
      return window.__demo.delta()!;
    }, target);
    await page.evaluate(() => window.__demo.follow(0));
    // (x₁, x₂) of point 17 from its first two features (x₁, x₂ are the default inputs)
    await page.mouse.click(plot.x + ((xy.x[0] + 1.2) / 2.4) * plot.width, plot.y + ((1.2 - xy.x[1]) / 2.4) * plot.height);
    await page.waitForFunction((i) => window.__demo.delta()!.index === i, target);
    expect(p.index).toBe(5);
    expect(await page.textContent('#delta-point')).toMatch(/^Training point #17: /);
  });

  it('shows vanishing gradients in a deep sigmoid network', async () => {
    await select('#activation', 'sigmoid');
    await select('#loss', 'mse');
    await setText('#layers', '8,8,8,8,8,8');
    await ready();
    await page.click('#step');
    await page.waitForFunction(() => window.__demo.epoch === 1 && window.__demo.status !== 'running');
    const sizes = await page.evaluate(() => window.__demo.gradientSizes());
    const last = sizes.at(-1)!.rms;
    expect(last).toHaveLength(7);
    // the first layer's gradient is orders of magnitude below the output layer's
    expect(last[0]).toBeLessThan(last[6] / 100);
    expect(await page.$$eval('#grad-legend span', (s) => s.length)).toBe(7);
  });

  it('limits are shown before they are hit', async () => {
    expect(await page.textContent('#layers-hint')).toMatch(/up to 6 layers of 1–64 neurons/);
    await page.fill('#layers', '8,65');
    // while typing, before any button is pressed
    await expect.poll(() => page.textContent('#err-layers')).toMatch(/from 1 to 64 \(got 65\)/);
    await page.fill('#layers', '8,8,8,8,8,8,8');
    await expect.poll(() => page.textContent('#err-layers')).toMatch(/At most 6 hidden layers/);
    await setText('#layers', '16,16');
    expect(await page.isVisible('#err-layers')).toBe(false);
  });

  it('every control: speed, L2, dropout, ratio, features, regression, backend, threads, optimizer', async () => {
    await select('#activation', 'tanh');
    await select('#loss', 'cross-entropy');
    await select('#dataset', 'circles');
    await range('#noise', 30);
    await ready();

    // speed: 1 epoch a frame is at most 60 epochs a second; as fast as possible is far more
    await select('#speed', '1');
    await page.click('#train');
    await page.waitForTimeout(1500);
    const slow = await state();
    await select('#speed', '0');
    await page.waitForTimeout(1500);
    const fast = await state();
    await pause();
    expect(slow.epochsPerSecond).toBeGreaterThan(5);
    expect(slow.epochsPerSecond).toBeLessThan(66);
    expect(fast.epochsPerSecond).toBeGreaterThan(3 * slow.epochsPerSecond);

    // L2: the same run with λ = 0.03 ends with smaller weights than with λ = 0
    const weightsAfter = async (l2: string) => {
      await select('#l2', l2);
      await page.click('#reset');
      await ready();
      await trainFor(150);
      return sumSquares((await page.evaluate(() => window.__demo.snapshot))!);
    };
    const plain = await weightsAfter('0');
    const decayed = await weightsAfter('0.03');
    expect(decayed).toBeLessThan(plain * 0.7);
    await select('#l2', '0');

    // dropout: half the hidden outputs dropped makes the training loss noisier and higher
    const lossAfter = async (dropout: number) => {
      await range('#dropout', dropout);
      await page.click('#reset');
      await ready();
      await trainFor(150);
      const l = await page.evaluate(() => window.__demo.losses());
      return l.slice(100, 150).reduce((a, v) => a + v, 0) / 50;
    };
    const withoutDropout = await lossAfter(0);
    const withDropout = await lossAfter(50);
    expect(await page.textContent('#dropout-value')).toBe('50%');
    expect(withDropout).toBeGreaterThan(withoutDropout * 1.1);
    await range('#dropout', 0);

    // the train/validation ratio
    await range('#ratio', 30);
    await ready();
    expect(await page.evaluate(() => window.__demo.rows())).toEqual({ train: 108, val: 252 });
    expect(await page.textContent('#ratio-value')).toBe('30%');
    await range('#ratio', 70);

    // input features: x₁x₂ alone is XOR's answer
    await select('#dataset', 'xor');
    await range('#noise', 0);
    await ready();
    for (const id of ['x1', 'x2']) await page.uncheck(`#feature-${id}`);
    await expect.poll(() => page.textContent('#err-features')).toMatch(/at least one input feature/);
    await page.check('#feature-x1x2');
    await page.check('#feature-x1sq');
    await ready();
    const snap = await page.evaluate(() => window.__demo.snapshot!);
    expect(snap.shape.layers[0]).toBe(2);
    expect(await page.evaluate(() => window.__demo.diagram().boxes[0].length)).toBe(2);
    await trainFor(60);
    expect((await state()).valAccuracy).toBeGreaterThan(0.95);
    for (const id of ['sinx1', 'sinx2', 'x2sq']) await page.check(`#feature-${id}`);
    await ready();
    expect(await page.evaluate(() => window.__demo.snapshot!.shape.layers[0])).toBe(5);
    for (const id of ['x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']) await page.uncheck(`#feature-${id}`);
    for (const id of ['x1', 'x2']) await page.check(`#feature-${id}`);

    // a regression data set: linear output, mse, loss falls; no accuracy
    await select('#dataset', 'bumps');
    await ready();
    expect(await page.isDisabled('#loss')).toBe(true);
    expect(await page.textContent('#legend-1')).toBe('value +1');
    const shape = await page.evaluate(() => window.__demo.snapshot!.shape);
    expect(shape.activation.at(-1)).toBe('linear');
    expect(shape.loss).toBe('mse');
    const before = (await state()).valLoss;
    await trainFor(200);
    const after = await state();
    expect(after.valLoss).toBeLessThan(before / 2);
    expect(await page.textContent('#stat-acc')).toBe('–');

    // optimizer and learning rate apply without starting over
    await select('#optimizer', 'sgd');
    await setText('#lr', '0.1');
    const epoch = (await state()).epoch;
    await page.click('#step');
    await page.waitForFunction((e) => window.__demo.epoch === e + 1, epoch);

    // the reference backend
    await select('#backend', 'reference');
    await ready();
    expect((await state()).engine).toBe('reference');
    await expect.poll(() => page.textContent('#engine')).toBe('reference (TypeScript)');
    await select('#backend', 'wasm');

    // threads: every core, on a page that has SharedArrayBuffer
    const cores = (await state()).cores;
    await select('#threads', String(cores));
    await ready();
    expect((await state()).threads).toBe(cores);
    expect(await page.textContent('#stat-threads')).toBe(`${cores} of ${cores}`);
    await select('#threads', 'auto');
    await ready();
  });

  it('keeps the settings in the URL: opening it again gives the same page', async () => {
    await select('#dataset', 'circles');
    await range('#noise', 20);
    await setText('#layers', '6,3');
    await select('#l2', '0.001');
    await range('#dropout', 10);
    await page.uncheck('#feature-x2');
    await page.check('#feature-x1sq');
    await ready();
    const url = page.url();
    expect(url).toMatch(/data=circles/);
    expect(url).toMatch(/features=x1%2Cx1sq/);
    const other = await b.context.newPage();
    await other.goto(url);
    await other.waitForFunction(() => window.__demo?.status === 'ready' && window.__demo.snapshot !== null, null, { timeout: 30_000 });
    const read = (p: Page) =>
      p.evaluate(() => ({
        values: ['dataset', 'noise', 'ratio', 'layers', 'activation', 'loss', 'optimizer', 'lr', 'batch', 'l2', 'dropout', 'speed'].map(
          (id) => (document.getElementById(id) as HTMLInputElement).value,
        ),
        features: Array.from(document.querySelectorAll<HTMLInputElement>('#features input:checked')).map((i) => i.value),
        layers: window.__demo.snapshot!.shape.layers,
      }));
    const mine = await read(page);
    expect(await read(other)).toEqual(mine);
    expect(mine.layers).toEqual([2, 6, 3, 1]);
    await other.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [1366, 768],
    [1920, 1080],
    [390, 844],
  ] as const) {
    it(`lays out at ${width} px with no truncated label (screenshot)`, async () => {
      await page.setViewportSize({ width, height });
      await page.goto(b.base);
      await ready();
      await page.click('#delta-all');
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        if (document.documentElement.scrollWidth > window.innerWidth)
          found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
        const ctx = document.createElement('canvas').getContext('2d')!;
        // every option of every menu fits its menu (the arrow takes about 20 px)
        for (const sel of Array.from(document.querySelectorAll('select'))) {
          const cs = getComputedStyle(sel);
          ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
          for (const o of Array.from(sel.options)) {
            const w = ctx.measureText(o.text).width;
            if (w > room) found.push(`#${sel.id} cuts "${o.text}" (${w.toFixed(0)} > ${room.toFixed(0)} px)`);
          }
        }
        // labels, buttons and figures: no text cut off or overflowing its box
        const texts = document.querySelectorAll(
          '#playground label, #playground button, #playground dt, #playground dd, #playground legend, #delta button, .col-head, .chart-head',
        );
        for (const el of Array.from(texts) as HTMLElement[]) {
          if (el.offsetParent === null) continue;
          if (el.scrollWidth > el.clientWidth + 1)
            found.push(`${el.id || el.tagName.toLowerCase()} "${el.textContent?.trim()}" overflows (${el.scrollWidth} > ${el.clientWidth})`);
        }
        return found;
      });
      await page.screenshot({ path: path.join(RESULTS, `playground-${width}.png`), fullPage: width !== 1920 });
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('logged no errors', () => {
    expect(b.problems, b.problems.join('\n')).toEqual([]);
  });
});
