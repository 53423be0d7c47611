/**
 * What both smoke tests (the Node run and the Chromium run) check of a quick run's
 * rows: every contender ran every workload it should, and every figure is finite.
 */
import { expect } from 'vitest';

export interface Summary {
  median: number | null;
  min: number | null;
  max: number | null;
  n: number;
}

export interface Row {
  workload: string;
  contender: string;
  case?: string;
  note?: string;
  skipped?: string;
  error?: string;
  metrics: Record<string, Summary>;
  ratios: Record<string, number | null>;
}

/** The contenders that train, and so run W1, W2 and (unless too slow) W3. */
export const CONTENDERS = [
  'deltaprop-wasm',
  'deltaprop-wasm-1thread',
  'deltaprop-reference',
  'tfjs-wasm',
  'tfjs-cpu',
  'brain.js',
  'synaptic',
  'convnetjs',
  'ml-fnn',
];

/** Every training contender in W1, W2 and W3 (or too slow for W3), every predicting one in P1 with `reps` repetitions. */
export function expectEveryContender(rows: Row[], reps: number): void {
  for (const w of ['W1', 'W2', 'W3']) {
    for (const c of CONTENDERS) {
      const row = rows.find((r) => r.workload === w && r.contender === c);
      expect(row, `${w} ${c}`).toBeDefined();
      if (w !== 'W3') expect(row?.skipped, `${w} ${c}`).toBeUndefined();
      else if (row?.skipped) expect(row.skipped).toMatch(/^too slow/);
    }
  }
  // P1: every contender predicts single rows, onnxruntime-web (the baseline) among them
  for (const c of [...CONTENDERS, 'onnxruntime-web']) {
    const row = rows.find((r) => r.workload === 'P1' && r.contender === c);
    expect(row?.skipped, `P1 ${c}`).toBeUndefined();
    expect(row?.metrics.usPerRow?.n, `P1 ${c}`).toBe(reps);
  }
}

/** Every row that ran has a finite median, min and max for each figure, and finite ratios. */
export function expectFiniteFigures(rows: Row[]): void {
  for (const row of rows) {
    const id = `${row.workload} ${row.case ?? ''} ${row.contender}`;
    expect(row.error, id).toBeUndefined();
    if (row.skipped) continue;
    const metrics = Object.entries(row.metrics);
    expect(metrics.length, id).toBeGreaterThan(0);
    for (const [k, s] of metrics) {
      for (const v of [s.median, s.min, s.max]) expect(Number.isFinite(v), `${id} ${k}`).toBe(true);
    }
    for (const [k, v] of Object.entries(row.ratios)) expect(Number.isFinite(v), `${id} ratio ${k}`).toBe(true);
  }
}
