/**
 * An evaluation (the library's `net.evaluate` report) as terminal tables: accuracy,
 * the confusion matrix and per-class precision, recall and F1 for classification;
 * MSE, RMSE, MAE and R² for regression.
 */
import Table from 'cli-table3';
import type { Evaluation } from 'deltaprop';

/** No colours (they would land in files), no rule between rows. */
export const PLAIN = { head: [] as string[], border: [] as string[] };
export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const f3 = (v: number) => v.toFixed(3);

export function renderEvaluation(e: Evaluation): string {
  if (e.task === 'regression') {
    const t = new Table({ head: ['MSE', 'RMSE', 'MAE', 'R²', 'loss (½·MSE per output)'], style: PLAIN, chars: COMPACT });
    t.push([e.mse.toPrecision(4), e.rmse.toPrecision(4), e.mae.toPrecision(4), e.r2.toFixed(4), e.loss.toPrecision(4)]);
    return t.toString();
  }
  const lines = [
    `accuracy ${pct(e.accuracy)} (${Math.round(e.accuracy * e.rows)} of ${e.rows} rows), loss ${e.loss.toPrecision(4)}`,
    '',
    'confusion matrix (rows: actual class, columns: predicted class)',
  ];
  const confusion = new Table({ head: ['', ...e.classes], style: PLAIN, chars: COMPACT });
  e.confusion.forEach((row, i) => {
    confusion.push([e.classes[i]!, ...row.map(String)]);
  });
  lines.push(confusion.toString(), '');
  const classes = new Table({
    head: ['class', 'precision', 'recall', 'F1', 'support'],
    style: PLAIN,
    chars: COMPACT,
    colAligns: ['left', 'right', 'right', 'right', 'right'],
  });
  for (const c of e.perClass) classes.push([c.class, f3(c.precision), f3(c.recall), f3(c.f1), c.support]);
  classes.push(['macro average', f3(e.macro.precision), f3(e.macro.recall), f3(e.macro.f1), e.rows]);
  classes.push(['weighted average', f3(e.weighted.precision), f3(e.weighted.recall), f3(e.weighted.f1), e.rows]);
  lines.push(classes.toString());
  return lines.join('\n');
}
