/**
 * The loss curve as a small standalone SVG file (`train --plot curve.svg`): one
 * polyline per series with one point per epoch, axes with round-number ticks, a
 * legend. No scripts, no external fonts or styles, so it opens anywhere.
 */
import type { Curves } from './chart.js';

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 44 };
const COLOURS = { loss: '#1f77b4', valLoss: '#ff7f0e' };

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // A step a little under the raw one is allowed, so that a range gets about `count` ticks, not half as many.
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.75)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const escapeXML = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => String(Math.round(v * 100) / 100);

export function lossCurveSVG(curves: Curves, title = 'Loss per epoch'): string {
  const series: [keyof typeof COLOURS, string, readonly number[]][] = [['loss', 'training loss', curves.loss]];
  if (curves.valLoss?.length) series.push(['valLoss', 'validation loss', curves.valLoss]);
  const epochs = curves.loss.length;
  const values = series.flatMap(([, , v]) => v).filter(Number.isFinite);
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  // Epoch e (1-based) at x; a single epoch sits in the middle.
  const x = (e: number) => MARGIN.left + (epochs > 1 ? ((e - 1) / (epochs - 1)) * plotW : plotW / 2);
  const y = (v: number) => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const bottom = MARGIN.top + plotH;

  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXML(title)}</text>`);
  for (const v of ticks(lo, hi)) {
    parts.push(`<line x1="${MARGIN.left}" y1="${num(y(v))}" x2="${WIDTH - MARGIN.right}" y2="${num(y(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${num(y(v) + 4)}" text-anchor="end" font-size="11">${escapeXML(String(v))}</text>`);
  }
  for (const e of ticks(1, Math.max(epochs, 1), 6).filter(Number.isInteger)) {
    parts.push(`<line x1="${num(x(e))}" y1="${bottom}" x2="${num(x(e))}" y2="${bottom + 4}" stroke="#333333"/>`);
    parts.push(`<text x="${num(x(e))}" y="${bottom + 17}" text-anchor="middle" font-size="11">${e}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#333333"/>`);
  parts.push(`<line x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}" stroke="#333333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">epoch</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">loss</text>`);
  series.forEach(([key, label, v], i) => {
    const points = v.map((value, e) => `${num(x(e + 1))},${num(y(value))}`).join(' ');
    parts.push(`<polyline class="${key}" fill="none" stroke="${COLOURS[key]}" stroke-width="1.5" points="${points}"/>`);
    const ly = MARGIN.top + 6 + i * 16;
    parts.push(`<line x1="${WIDTH - MARGIN.right - 130}" y1="${ly}" x2="${WIDTH - MARGIN.right - 110}" y2="${ly}" stroke="${COLOURS[key]}" stroke-width="2"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right - 104}" y="${ly + 4}" font-size="11">${label}</text>`);
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n` +
    parts.map((p) => `  ${p}\n`).join('') +
    `</svg>\n`
  );
}
