/** The binary model file, standalone inference, and the data helpers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network, minMaxScale, oneHot, standardize } from '../src/index.js';
import { getKernels } from '../src/wasm/kernels.js';
import { dataset } from './fixtures.js';

async function trained() {
  const net = await Network.create({ layers: [5, 9, 4], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 6 });
  const { x, y } = dataset(30, 5, 4, 'softmax', 2);
  await net.train(x, y, { epochs: 5, batchSize: 6, optimizer: 'adam', learningRate: 0.01 });
  return { net, x };
}

const corrupt = async (bytes: Uint8Array, message: RegExp) => {
  const e = await Network.fromBinary(bytes).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(DeltapropError);
  expect((e as DeltapropError).code).toBe('CORRUPT_MODEL');
  expect((e as DeltapropError).message).toMatch(message);
};

describe('binary model file', () => {
  it('round-trips to identical predictions and is compact', async () => {
    const { net, x } = await trained();
    const bytes = net.toBinary();
    const params = 5 * 9 + 9 + 9 * 4 + 4;
    expect(bytes.length).toBeLessThan(4 * params + 100);
    expect(bytes.length).toBeLessThan(JSON.stringify(net.toJSON()).length / 2);
    const again = await Network.fromBinary(bytes);
    expect(again.predict(x)).toEqual(net.predict(x));
    expect(again.activation).toEqual(['tanh', 'softmax']);
    const viaBuffer = await Network.fromBinary(bytes.slice().buffer);
    expect(viaBuffer.getParameters()).toEqual(net.getParameters());
  });

  it('refuses truncated, padded, edited and foreign files without touching memory', async () => {
    const { net } = await trained();
    const bytes = net.toBinary();
    const kernels = await getKernels();
    const used = kernels.arena.used;
    await corrupt(bytes.slice(0, bytes.length - 9), /CRC-32 does not match/);
    await corrupt(Uint8Array.of(...bytes, 0, 0, 0, 0), /CRC-32 does not match/);
    const flipped = bytes.slice();
    flipped[bytes.length - 20]! ^= 0x40;
    await corrupt(flipped, /CRC-32 does not match/);
    await corrupt(new TextEncoder().encode('{"format":"deltaprop"} and more bytes'), /does not start with "DPRP"/);
    await corrupt(bytes.slice(0, 10), /fewer than a header needs/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 2, true);
    await corrupt(future, /version 2 is not supported/);
    expect(kernels.arena.used).toBe(used);
  });
});

describe('standalone inference', () => {
  it('toFunction computes what predict does', async () => {
    const { net, x } = await trained();
    const f = net.toFunction();
    const want = net.predict(x);
    x.forEach((row, i) => f(row).forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-6)));
    net.dispose();
    expect(f(x[0]!)).toHaveLength(4); // independent of the (now disposed) network
  });

  it('toModuleSource runs from a folder where deltaprop cannot be found', async () => {
    const net = await Network.create({ layers: [3, 6, 6, 2], activation: ['relu', 'leaky-relu', 'sigmoid'], seed: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'deltaprop-standalone-'));
    const file = join(dir, 'model.mjs');
    writeFileSync(file, net.toModuleSource());
    const { default: predict } = await import(pathToFileURL(file).href);
    const rows = [
      [0.5, -1, 2],
      [0, 0, 0],
      [-3, 1, 0.25],
    ];
    const want = net.predict(rows);
    rows.forEach((row, i) => (predict(row) as number[]).forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-6)));
    expect(() => predict([1, 2])).toThrow(/expected 3 inputs/);
  });
});

describe('data helpers', () => {
  const rows = [
    [1, 10, 5],
    [3, 20, 5],
    [5, 60, 5],
  ];
  it('standardize gives zero mean and unit variance, and applies the same statistics to new rows', () => {
    const s = standardize(rows);
    expect(s.mean).toEqual([3, 30, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    for (let c = 0; c < 2; c++) {
      const col = s.rows.map((r) => r[c]!);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 12);
    }
    expect(s.rows.map((r) => r[2])).toEqual([0, 0, 0]); // a constant column
    expect(s.apply([[3, 30, 5]])).toEqual([[0, 0, 0]]);
    expect(() => s.apply([[1, 2]])).toThrow(/fitted on 3/);
  });
  it('minMaxScale maps each column onto the range', () => {
    const s = minMaxScale(rows, [-1, 1]);
    expect(s.rows).toEqual([
      [-1, -1, -1],
      [0, -0.6, -1],
      [1, 1, -1],
    ]);
    expect(s.apply([[4, 35, 9]])).toEqual([[0.5, 0, -1]]);
  });
  it('oneHot encodes labels and refuses bad ones', () => {
    expect(oneHot([2, 0, 1])).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(oneHot([1], 4)).toEqual([[0, 1, 0, 0]]);
    expect(() => oneHot([0, 1.5])).toThrow(/labels\[1\] must be an integer/);
    expect(() => oneHot([3], 3)).toThrow(/not below classes = 3/);
    expect(() => standardize([[1, NaN]])).toThrow(/rows\[0\]\[1\] is NaN/);
  });
});
