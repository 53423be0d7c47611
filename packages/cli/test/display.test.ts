/**
 * The training display's pieces on their own: the progress in each of its modes, the
 * terminal chart's averaging, the SVG loss curve (parsed by a real XML parser, in
 * Chromium) with one polyline point per epoch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lossChart, resample } from '../src/chart.js';
import { createProgress, duration, epochLine, progressMode } from '../src/progress.js';
import { lossCurveSVG, ticks } from '../src/svg.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, columns: 120, chunks, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

describe('progress', () => {
  it('picks a bar on a terminal, plain or JSON lines elsewhere, nothing when quiet', () => {
    expect(progressMode(sink(true), { json: false, quiet: false })).toBe('bar');
    expect(progressMode(sink(false), { json: false, quiet: false })).toBe('lines');
    expect(progressMode(sink(false), { json: true, quiet: false })).toBe('json');
    expect(progressMode(sink(true), { json: false, quiet: true })).toBe('none');
  });

  it('plain lines: one per epoch with the figures and the time left from the pace so far', () => {
    const out = sink(false);
    let t = 0;
    const p = createProgress('lines', out, 10, { now: () => t });
    t = 2000; // 2 s for the first epoch: 9 epochs left → 18 s
    p.epoch({ epoch: 1, loss: 0.5, valLoss: 0.25, accuracy: 0.5, valAccuracy: 0.75 });
    t = 4000;
    p.epoch({ epoch: 2, loss: 0.125 });
    p.stop();
    expect(out.chunks).toEqual([
      'epoch  1/10  loss 0.5000  accuracy 50.0%  val loss 0.2500  val accuracy 75.0%  18 s left\n',
      'epoch  2/10  loss 0.1250  16 s left\n',
    ]);
  });

  it('JSON lines: one object per epoch', () => {
    const out = sink(false);
    let t = 0;
    const p = createProgress('json', out, 4, { now: () => t });
    t = 500;
    p.epoch({ epoch: 1, loss: 0.5, valLoss: 0.4 });
    expect(JSON.parse(out.chunks[0]!)).toEqual({ event: 'epoch', epochs: 4, epoch: 1, loss: 0.5, valLoss: 0.4, secondsLeft: 1.5 });
  });

  it('a bar on a terminal shows the epoch, the losses and the validation accuracy', () => {
    const out = sink(true);
    const p = createProgress('bar', out, 20);
    p.epoch({ epoch: 7, loss: 0.3, valLoss: 0.35, valAccuracy: 0.8125 });
    p.stop();
    p.stop();
    const screen = stripVTControlCharacters(out.text());
    expect(screen).toContain('epoch 7/20');
    expect(screen).toContain('loss 0.3000 · val loss 0.3500 · val accuracy 81.3%');
    expect(screen).toMatch(/ left/);
    const regression = sink(true);
    const r = createProgress('bar', regression, 5, { accuracy: false });
    r.epoch({ epoch: 1, loss: 2, valLoss: 3 });
    r.stop();
    expect(regression.text()).toContain('loss 2.000 · val loss 3.000 · ');
    expect(regression.text()).not.toContain('accuracy');
  });

  it('durations read as people say them', () => {
    expect(duration(0.44)).toBe('0.4 s');
    expect(duration(42.4)).toBe('42 s');
    expect(duration(185)).toBe('3 min 5 s');
    expect(duration(3720)).toBe('1 h 2 min');
    expect(epochLine({ epoch: 3, loss: 1 }, 100, 0)).toBe('epoch   3/100  loss 1.000  0.0 s left');
  });
});

describe('terminal chart', () => {
  it('averages long runs into the width (each column the mean of its epochs) and stretches short ones', () => {
    expect(resample([1, 2, 3, 4, 5, 6], 3)).toEqual([1.5, 3.5, 5.5]);
    expect(resample([1, 3], 5)).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(resample([4, 0, 2], 5)).toEqual([4, 2, 0, 1, 2]);
    const r = resample(
      Array.from({ length: 1000 }, (_, i) => i),
      7,
    );
    expect(r).toHaveLength(7);
    expect(r[0]).toBeCloseTo((0 + 141) / 2, 10);
  });

  it('draws both curves with the loss range on its axis', () => {
    const loss = Array.from({ length: 30 }, (_, i) => 1 / (i + 1));
    const chart = lossChart({ loss, valLoss: loss.map((v) => v * 1.2) }, { columns: 80, height: 8 });
    const lines = chart.split('\n');
    expect(lines).toHaveLength(8 + 1 + 1);
    expect(chart).toContain('1.20');
    expect(chart).toContain('0.0333');
    expect(chart).toContain('validation loss');
  });
});

describe('SVG loss curve', () => {
  it('round ticks', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0.13, 0.92)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(ticks(1, 50, 6)).toEqual([10, 20, 30, 40, 50]);
  });

  it('is well-formed XML (parsed by Chromium) with one point per epoch in each polyline, inside the picture', async () => {
    const loss = Array.from({ length: 37 }, (_, i) => 2 * Math.exp(-i / 9) + 0.1);
    const valLoss = loss.map((v) => v + 0.05);
    const svg = lossCurveSVG({ loss, valLoss }, 'Loss <weather & "rain">');
    const profile = mkdtempSync(path.join(tmpdir(), 'deltaprop-cli-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const error = doc.getElementsByTagName('parsererror')[0];
        const root = doc.documentElement;
        return {
          error: error ? error.textContent : null,
          root: root.localName,
          namespace: root.namespaceURI,
          title: doc.getElementsByTagName('text')[0]?.textContent,
          polylines: [...doc.getElementsByTagName('polyline')].map((p) => ({ class: p.getAttribute('class'), points: p.getAttribute('points') })),
        };
      }, svg);
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe('svg');
      expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
      expect(parsed.title).toBe('Loss <weather & "rain">');
      expect(parsed.polylines.map((p) => p.class)).toEqual(['loss', 'valLoss']);
      for (const { points } of parsed.polylines) {
        const xy = points!
          .trim()
          .split(/\s+/)
          .map((p) => p.split(',').map(Number));
        expect(xy).toHaveLength(37);
        for (const [x, y] of xy) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(640);
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(360);
        }
        // x grows with the epoch; a falling loss is drawn going down the picture (y grows downward).
        expect(xy.every(([x], i) => i === 0 || x! > xy[i - 1]![0]!)).toBe(true);
        expect(xy[36]![1]).toBeGreaterThan(xy[0]![1]!);
      }
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
