/**
 * The standalone forward pass (toFunction, toModuleSource): the reference's outputs on
 * awkward sizes for every activation, in WebAssembly (widths padded to four, tiles of
 * 32 outputs) and in the JavaScript fallback (panels of eight columns with 1, 3, 5 …
 * left over), and the module computing exactly what the closure does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Network, activationNames } from '../src/index.js';
import type { ActivationName } from '../src/index.js';
import { Random } from '../src/random.js';
import { compile, standaloneBytes } from '../src/standalone.js';
import { standaloneWasmPredictor } from '../src/closure.js';

const shapes: [number[], ActivationName[]][] = [
  [
    [1, 3, 1],
    ['sigmoid', 'tanh'],
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
    ['tanh', 'relu', 'sigmoid'],
  ],
  [
    [3, 8, 9, 16],
    ['linear', 'leaky-relu', 'softmax'],
  ],
];

function rows(n: number, cols: number, seed: number): number[][] {
  const random = new Random(seed);
  // float32 values, so that a Float32Array of a row holds the same numbers
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => Math.fround(4 * random.uniform() - 2)));
}

describe('toFunction', () => {
  it.each(shapes)('%j (%j) gives the reference outputs, in WebAssembly and in the JavaScript fallback', async (layers, activation) => {
    const reference = await Network.create({ layers, activation, seed: 11, backend: 'reference' });
    const net = await Network.create({ layers, activation, seed: 11 });
    const f = net.toFunction();
    const js = compile(layers, activation, net.getParameters(), false);
    const x = rows(9, layers[0]!, 2);
    const want = reference.predict(x);
    // WebAssembly: float32 sums over up to 33 terms, as the kernels
    x.forEach((row, i) =>
      f(row).forEach((v, j) => expect(Math.abs(v - want[i]![j]!), `row ${i}, output ${j}`).toBeLessThan(2e-6 * (1 + Math.abs(want[i]![j]!)))),
    );
    // JavaScript: float64 over the same float32 weights (only the place of b in each sum
    // differs); the reference hands its outputs back as float32: within one float32 ulp.
    x.forEach((row, i) =>
      js(row).forEach((v, j) => expect(Math.abs(v - want[i]![j]!), `row ${i}, output ${j}`).toBeLessThanOrEqual(1.2e-7 * Math.abs(want[i]![j]!) + 1e-38)),
    );
    for (const g of [f, js]) {
      expect(g(Float32Array.from(x[0]!))).toEqual(g(x[0]!));
      expect(() => g(new Array(layers[0]! + 1).fill(0))).toThrow(`expected ${layers[0]} inputs, got ${layers[0]! + 1}`);
      expect(() => g(null as never)).toThrow(/expected/);
    }
  });

  it('runs WebAssembly where the module compiles, and leaves it to JavaScript where it does not', async () => {
    const layers = [3, 5, 2];
    const p = {
      weights: [rows(1, 15, 1)[0]!, rows(1, 10, 2)[0]!],
      biases: [
        [0, 0, 0, 0, 0],
        [0, 0],
      ],
    };
    const relu = (t: Float32Array | Float64Array) => t.forEach((v, j) => (t[j] = Math.max(v, 0)));
    expect(standaloneWasmPredictor(layers, [relu, relu], p.weights, p.biases, standaloneBytes())).toBeTypeOf('function');
    const broken = standaloneBytes().slice(0, 40);
    expect(standaloneWasmPredictor(layers, [relu, relu], p.weights, p.biases, broken)).toBeNull();
  });

  it('each call returns a new array (the closure keeps no state between rows)', async () => {
    const net = await Network.create({ layers: [2, 3, 2], activation: ['relu', 'softmax'], seed: 1 });
    const f = net.toFunction();
    const a = f([1, 2]);
    const b = f([-1, 0.5]);
    expect(a).not.toBe(b);
    expect(f([1, 2])).toEqual(a);
  });
});

describe('every activation of the table', () => {
  const hiddenNames = activationNames.filter((a) => a !== 'softmax');
  it.each(hiddenNames)('%s: toFunction (both paths) and the module give the reference outputs', async (name) => {
    const layers = [5, 9, 3];
    const activation = [name, name === 'linear' ? 'softmax' : 'linear'] as ActivationName[];
    const reference = await Network.create({ layers, activation, seed: 3, backend: 'reference' });
    const net = await Network.create({ layers, activation, seed: 3 });
    const x = rows(6, 5, 9);
    const want = reference.predict(x);
    const f = net.toFunction();
    const js = compile(layers, activation, net.getParameters(), false);
    const dir = mkdtempSync(join(tmpdir(), 'deltaprop-module-'));
    writeFileSync(join(dir, 'model.mjs'), net.toModuleSource());
    const { default: fromModule } = await import(pathToFileURL(join(dir, 'model.mjs')).href);
    x.forEach((row, i) => {
      f(row).forEach((v, j) => expect(Math.abs(v - want[i]![j]!), `${name} row ${i}`).toBeLessThan(2e-6 * (1 + Math.abs(want[i]![j]!))));
      js(row).forEach((v, j) => expect(Math.abs(v - want[i]![j]!), `${name} row ${i}`).toBeLessThanOrEqual(1.2e-7 * Math.abs(want[i]![j]!) + 1e-38));
      expect(fromModule(row)).toEqual(f(row));
    });
  });
});

describe('toModuleSource', () => {
  it.each(shapes)('%j (%j) computes exactly what toFunction does', async (layers, activation) => {
    const net = await Network.create({ layers, activation, seed: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'deltaprop-module-'));
    const file = join(dir, 'model.mjs');
    writeFileSync(file, net.toModuleSource());
    const { default: predict } = await import(pathToFileURL(file).href);
    const f = net.toFunction();
    for (const row of rows(5, layers[0]!, 8)) expect(predict(row)).toEqual(f(row));
  });
});
