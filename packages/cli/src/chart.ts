/**
 * The loss curve in the terminal, drawn by asciichart: training loss, and validation
 * loss beside it when there is one. asciichart puts one value per column, so a long
 * run is first averaged down to the width available.
 */
import asciichart from 'asciichart';

/** Averages `values` into at most `width` bins of consecutive epochs. */
export function resample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
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
  const width = Math.max(10, Math.min(columns - 14, 100));
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
