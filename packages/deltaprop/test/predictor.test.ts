/**
 * The predictor (net.predictor().run(input, output)): the forward pass of the
 * reference on awkward sizes, the same bits as a batch predict, outputs into the
 * caller's array, and the errors of bad input.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Network, activationNames } from '../src/index.js';
import type { ActivationName, KernelBuild } from '../src/index.js';
import { Random } from '../src/random.js';
import { expectError } from './expectations.js';

function rows(n: number, cols: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n * cols }, () => 2 * random.uniform() - 1);
}

// Odd widths (scalar tails of every tile), a first layer of more than 256 inputs
// (sums in several chunks) and one of more than 512 outputs (the blocked product packs
// its W); rows that fill no tile, part of one, and more than one call's 64.
const shapes: [number[], ActivationName[]][] = [
  [
    [1, 3, 1],
    ['tanh', 'sigmoid'],
  ],
  [
    [5, 17, 3],
    ['relu', 'softmax'],
  ],
  [
    [33, 5, 1],
    ['leaky-relu', 'linear'],
  ],
  [
    [17, 33, 33, 5],
    ['sigmoid', 'relu', 'softmax'],
  ],
  [
    [300, 33, 17],
    ['relu', 'tanh'],
  ],
  [
    [3, 530, 5],
    ['leaky-relu', 'sigmoid'],
  ],
];
const rowCounts = [1, 3, 5, 17, 33, 64, 65, 130];
const builds: KernelBuild[] = ['simd', 'relaxed-simd'];

describe('predictor.run', () => {
  it.each(shapes)('%j (%j) gives the reference outputs for 1 … 130 rows', async (layers, activation) => {
    const net = await Network.create({ layers, activation, seed: 5 });
    const reference = await Network.create({ layers, activation, seed: 5, backend: 'reference' });
    const p = net.predictor();
    for (const n of rowCounts) {
      const x = rows(n, layers[0]!, n);
      const got = p.run(x, new Float32Array(n * layers.at(-1)!));
      const want = reference.predict({ data: x, rows: n }).data;
      // float32 sums against float64 over up to 530 terms of size ≤ 1
      got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${n} rows, value ${i}`).toBeLessThan(2e-5 * (1 + Math.abs(want[i]!))));
    }
  });

  it.each(builds)('gives the bits of a batch predict (%s build)', async (kernels) => {
    for (const [layers, activation] of shapes) {
      const net = await Network.create({ layers, activation, seed: 9, kernels, threads: 1 });
      const p = net.predictor();
      // 200 rows go through the batch path; each run below takes a few of them. A third
      // of the inputs are 0, which the few-rows kernel skips (exactly: c + 0·w is c).
      const x = rows(200, layers[0]!, 3).map((v, i) => (i % 3 === 0 ? 0 : v));
      const batch = net.predict({ data: x, rows: 200 }).data;
      const sn = layers.at(-1)!;
      for (const n of [1, 3, 5, 17, 64]) {
        const from = 7;
        const out = p.run(x.subarray(from * layers[0]!, (from + n) * layers[0]!));
        expect(Array.from(out), `${JSON.stringify(layers)}, ${n} rows`).toEqual(Array.from(batch.subarray(from * sn, (from + n) * sn)));
      }
    }
  });

  it('skips zero inputs exactly: the bits of every term summed in order, on any pattern of zeros', async () => {
    // The plain build's sum, term by term as the kernels take it: chunks of 256 terms, each
    // summed from +0 with one rounding per multiply and per add, added into the output one
    // after the other, then the bias. The kernels skip the terms whose input is ±0 (for four
    // rows: the terms all four have zero); this sums every term, so any difference is a
    // skipped term that was not exactly nothing.
    const f = Math.fround;
    // Outputs in whole tiles of 16 (64, 112, 32) take the tiled path for sparse rows: the
    // chunk's first 128 terms, then the rest, carried between them (sparseRows); more than
    // 512 outputs (528) one row at a time, or the blocked product from 16 rows on.
    for (const [k, n] of [
      [300, 50],
      [5, 97],
      [513, 17],
      [64, 1],
      [300, 64],
      [200, 112],
      [130, 32],
      [40, 528],
    ] as const) {
      const net = await Network.create({ layers: [k, n], activation: 'linear', seed: k, kernels: 'simd', threads: 1 });
      const { weights, biases } = net.getParameters();
      const W = weights[0]!;
      const b = biases[0]!;
      const p = net.predictor();
      const random = new Random(k + n);
      // 70 rows: a block of 64 and six more (four in a group, two alone).
      for (const count of [1, 2, 3, 4, 5, 6, 8, 9, 70]) {
        // Which path the kernels take depends on where the zeros are, so the rows here have
        // them in every pattern the paths are chosen by: six rows with none (every term,
        // four rows at a time); five rows with a quarter of the columns zero in all of them
        // and none elsewhere (four rows at a time over the list of terms); otherwise zeros
        // alone, −0 among them, and columns where only some rows are zero (each row over its
        // own list), with nine rows also the quarter of columns zero in all rows.
        const x = Float32Array.from({ length: count * k }, (_, i) => {
          const u = random.uniform();
          const column = i % k;
          const quarter = column >= k / 4 && column < k / 2;
          if (count === 6) return u + 0.5;
          if (count === 5) return quarter ? 0 : u + 0.5;
          if (count === 9 && quarter) return u < 0.5 ? 0 : -0;
          return u < 0.4 ? 0 : u < 0.5 ? -0 : u < 0.6 && column < k / 2 ? 0 : 2 * random.uniform() - 1;
        });
        const got = p.run(x);
        for (let r = 0; r < count; r++) {
          for (let j = 0; j < n; j++) {
            let total = 0;
            for (let pc = 0; pc < k; pc += 256) {
              let c = 0;
              for (let q = pc; q < Math.min(k, pc + 256); q++) c = f(c + f(x[r * k + q]! * W[q * n + j]!));
              total = pc === 0 ? c : f(total + c);
            }
            expect(Object.is(got[r * n + j], f(total + b[j]!)), `[${k}, ${n}], ${count} rows, row ${r}, output ${j}`).toBe(true);
          }
        }
      }
    }
  });

  it.each(activationNames.filter((a) => a !== 'softmax'))('%s hidden layers: the reference outputs', async (name) => {
    const layers = [17, 33, 5, 3];
    const activation = [name, name, 'softmax'] as ActivationName[];
    const net = await Network.create({ layers, activation, seed: 2 });
    const reference = await Network.create({ layers, activation, seed: 2, backend: 'reference' });
    const x = rows(5, 17, 4);
    const got = net.predictor().run(x);
    const want = reference.predict({ data: x, rows: 5 }).data;
    got.forEach((v, i) => expect(Math.abs(v - want[i]!), `value ${i}`).toBeLessThan(2e-5 * (1 + Math.abs(want[i]!))));
  });

  it('writes into the given array, leaves the rest of it alone, and returns it', async () => {
    const net = await Network.create({ layers: [3, 4, 2], activation: ['relu', 'softmax'], seed: 1 });
    const p = net.predictor();
    const out = new Float32Array(7).fill(-5);
    const x = [0.1, 0.2, 0.3, -1, 0, 1];
    expect(p.run(x, out)).toBe(out);
    expect(Array.from(out.subarray(0, 4))).toEqual(Array.from(net.predict({ data: Float32Array.from(x), rows: 2 }).data));
    expect(Array.from(out.subarray(4))).toEqual([-5, -5, -5]);
    // Without an output array: a new one, the same numbers; number arrays and Float32Arrays alike.
    expect(Array.from(p.run(Float32Array.from(x)))).toEqual(Array.from(out.subarray(0, 4)));
  });

  it('follows the network: new parameters are seen at the next run', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2 });
    const p = net.predictor();
    const before = p.run([0.5, -0.5])[0];
    await net.train([[0.5, -0.5]], [[1]], { epochs: 20, learningRate: 0.5 });
    const after = p.run([0.5, -0.5])[0];
    expect(after).not.toBe(before);
    expect(after).toBe((net.predict([0.5, -0.5]) as number[])[0]);
  });

  it('holds its memory until disposed, and the network frees it too', async () => {
    const net = await Network.create({ layers: [784, 128, 64, 10], activation: ['relu', 'relu', 'softmax'], seed: 1 });
    const alone = net.memory().network;
    const p = net.predictor();
    const q = net.predictor();
    expect(net.memory().network).toBeGreaterThan(alone);
    p.dispose();
    q.dispose();
    expect(net.memory().network).toBe(alone);
    expectError(() => p.run(new Float32Array(784)), 'DISPOSED', /disposed/);
    const r = net.predictor();
    net.dispose();
    expectError(() => r.run(new Float32Array(784)), 'DISPOSED', /disposed/);
    expectError(() => net.predictor(), 'DISPOSED', /disposed/);
  });
});

describe('predictor lifetime', () => {
  it('keeps its network alive: a dropped network is not freed under a predictor still in use', async () => {
    const make = async () => (await Network.create({ layers: [6, 5, 2], activation: ['relu', 'softmax'], seed: 3 })).predictor();
    const p = await make();
    const x = rows(1, 6, 1);
    const before = Array.from(p.run(x));
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10)); // finalizers run between tasks
    }
    expect(Array.from(p.run(x))).toEqual(before);
  });

  it('is DISPOSED as soon as its network is, even while a training is stopping', async () => {
    const net = await Network.create({ layers: [6, 5, 2], activation: ['relu', 'softmax'], seed: 3 });
    const p = net.predictor();
    const x = rows(64, 6, 2);
    const y = Float32Array.from({ length: 128 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const training = net.train({ data: x, rows: 64 }, { data: y, rows: 64 }, { epochs: 100_000, signal: new AbortController().signal });
    net.dispose();
    expectError(() => p.run(x.subarray(0, 6)), 'DISPOSED', /disposed/);
    await training.catch(() => {});
  });

  it('takes no options', async () => {
    const net = await Network.create({ layers: [2, 1], seed: 1 });
    expectError(() => net.predictor({ rows: 8 } as never), 'INVALID_OPTION', /takes no options/);
  });
});

describe.each(['wasm', 'reference'] as const)('predictor.run refuses bad input (%s)', (backend) => {
  const make = async () => {
    const net = await Network.create({ layers: [5, 3, 2], activation: ['tanh', 'softmax'], seed: 4, backend });
    return { net, p: net.predictor() };
  };

  it('rows that are not whole, empty input, or not an array', async () => {
    const { p } = await make();
    expectError(() => p.run(new Float32Array(7)), 'SHAPE_MISMATCH', /7 values: not a whole number ≥ 1 of rows of 5/);
    expectError(() => p.run([]), 'SHAPE_MISMATCH', /0 values/);
    expectError(() => p.run(null as never), 'SHAPE_MISMATCH', /Float32Array or an array of numbers/);
    expectError(() => p.run(5 as never), 'SHAPE_MISMATCH', /Float32Array or an array of numbers/);
  });

  it('an output array too short or of another type', async () => {
    const { p } = await make();
    expectError(() => p.run(new Float32Array(10), new Float32Array(3)), 'SHAPE_MISMATCH', /holds 3 values; 2 rows of 2 outputs need 4/);
    expectError(() => p.run(new Float32Array(5), new Float64Array(2) as never), 'SHAPE_MISMATCH', /must be a Float32Array/);
  });

  it('NaN, ±∞ or a non-number, named by row and column, and the output untouched', async () => {
    const { net, p } = await make();
    const x = rows(70, 5, 1);
    const before = net.predict({ data: x, rows: 70 }).data;
    x[68 * 5 + 3] = NaN;
    const out = new Float32Array(140).fill(7);
    expectError(() => p.run(x, out), 'NON_FINITE', /input\[68\]\[3\] is NaN/);
    expectError(() => p.run(Float32Array.of(0, 1, 2, Infinity, 4)), 'NON_FINITE', /input\[0\]\[3\] is Infinity/);
    expectError(() => p.run([0, 1, 2, 3, 4, 0, 1, 2, 3, '4' as never]), 'NON_FINITE', /input\[1\]\[4\] is string/);
    expectError(() => p.run([0, 1, 2, 3, 1e39]), 'NON_FINITE', /input\[0\]\[4\] is Infinity/);
    // Rows before the bad one may have been written (they are right); none after it.
    expect(Array.from(out.subarray(128))).toEqual(new Array(12).fill(7));
    x[68 * 5 + 3] = 0.5;
    const again = net.predict({ data: x, rows: 70 }).data;
    expect(Array.from(again.subarray(0, 136))).toEqual(Array.from(before.subarray(0, 136)));
    expect(Array.from(p.run(x, out).subarray(0, 136))).toEqual(Array.from(again.subarray(0, 136)));
  });
});
