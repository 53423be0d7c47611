/**
 * The loss curve in the terminal, drawn by asciichart: training loss, and validation
 * loss beside it when there is one. asciichart puts one value per column, so a long
 * run is first averaged down to the width available.
 */
import asciichart from 'asciichart';

/**
 * `values` on `width` columns: a long run averaged into bins of consecutive epochs, a
 * short one stretched by linear interpolation (asciichart draws one value per column).
 */
export function resample(values: readonly number[], width: number): number[] {
  const n = values.length;
  if (n < 2 || n === width) return [...values];
  if (n < width) {
    return Array.from({ length: width }, (_, i) => {
      const at = (i * (n - 1)) / (width - 1);
      const lo = Math.floor(at);
      const hi = Math.min(lo + 1, n - 1);
      return values[lo]! + (values[hi]! - values[lo]!) * (at - lo);
    });
  }
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.floor(((i + 1) * values.length) / width);
    let sum = 0;
    for (let j = from; j < to; j++) sum += values[j]!;
    out.push(sum / (to - from));
  }
  return out;
}

export interface Curves {
  loss: readonly number[];
  valLoss?: readonly number[];
}

/** The chart as text; `colour` uses ANSI colours (training loss in the default colour, validation loss in cyan). */
export function lossChart(curves: Curves, { columns = 80, height = 10, colour = false }: { columns?: number; height?: number; colour?: boolean } = {}): string {
  // asciichart's labels take about 12 columns at the left.
  const width = Math.max(10, Math.min(columns - 14, 60));
  const series = [resample(curves.loss, width)];
  if (curves.valLoss?.length) series.push(resample(curves.valLoss, width));
  if (series[0]!.length < 2) return '';
  const chart = asciichart.plot(series, {
    height,
    format: (x: number) => x.toPrecision(3).padStart(10),
    ...(colour ? { colors: [asciichart.default, asciichart.cyan] } : {}),
  });
  const epochs = curves.loss.length;
  const both = series.length > 1;
  const legend =
    (colour && both ? `training loss (white), validation loss (cyan)` : both ? 'training and validation loss' : 'training loss') +
    `, ${epochs} epochs` +
    (epochs > width ? ` (${(epochs / width).toFixed(1)} per column, averaged)` : '');
  return `${chart}\n${' '.repeat(12)}${legend}`;
}
