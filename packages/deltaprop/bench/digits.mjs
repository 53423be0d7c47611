// The 10,000 real handwritten digits of the `mnist` package (28×28, values 0 … 1),
// in a seeded order, split into training and held-out rows. (The package's own
// split shuffles with Math.random; this one is the same on every run.)
import { createRequire } from 'node:module';
import { Random } from '../dist/random.js';

export function digits(train, test, seed = 1) {
  const mnist = createRequire(import.meta.url)('mnist');
  const all = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) all.push({ x: mnist[d].get(i), label: d });
  if (train + test > all.length) throw new Error(`the mnist package has ${all.length} digits, ${train + test} were asked for`);
  const order = new Uint32Array(all.length).map((_, i) => i);
  new Random(seed).shuffle(order);
  const pick = (from, count) => {
    const rows = Array.from(order.subarray(from, from + count), (i) => all[i]);
    return {
      inputs: { data: Float32Array.from(rows.flatMap((r) => r.x)), rows: count },
      targets: { data: Float32Array.from(rows.flatMap((r) => Array.from({ length: 10 }, (_, j) => (j === r.label ? 1 : 0)))), rows: count },
      labels: rows.map((r) => r.label),
    };
  };
  return { train: pick(0, train), test: pick(train, test), total: all.length };
}

/** Fraction of rows whose largest output is the label. */
export function accuracy(out, labels) {
  let right = 0;
  for (let r = 0; r < out.rows; r++) {
    const row = out.data.subarray(r * 10, r * 10 + 10);
    if (row.indexOf(Math.max(...row)) === labels[r]) right += 1;
  }
  return right / out.rows;
}
