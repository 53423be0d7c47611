import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';
import type { OptimizerName } from '../src/index.js';
import { getKernels } from '../src/wasm/kernels.js';
import { dataset, xorInputs, xorTargets } from './fixtures.js';

const mse = (out: number[][], want: number[][]) => out.reduce((s, r, i) => s + r.reduce((a, v, j) => a + (v - want[i]![j]!) ** 2, 0), 0) / out.length;

describe("XOR, the derivation's setting: 2-4-1 sigmoid, MSE, learning rate 0.5", () => {
  it.each(['wasm', 'reference'] as const)('%s backend reaches MSE < 0.01 in 5,000 full-batch epochs', async (backend) => {
    const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3, backend });
    const history = await net.train(xorInputs, xorTargets, { epochs: 5000, batchSize: 4, learningRate: 0.5 });
    expect(history.epochs).toBe(5000);
    expect(history.loss.length).toBe(5000);
    // the training loss falls: E = ½‖y − t‖² per sample, so MSE = 2E / outputs
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]! / 10);
    const out = net.predict(xorInputs);
    expect(mse(out, xorTargets)).toBeLessThan(0.01);
    out.forEach((row, i) => expect(Math.round(row[0]!)).toBe(xorTargets[i]![0]));
  });
});

describe('determinism', () => {
  const bits = (a: Float32Array[]) => a.flatMap((w) => Array.from(new Uint32Array(w.buffer.slice(0))));

  it.each(['simd', 'relaxed-simd'] as const)('one seed gives bit-identical weights and training (%s)', async (kernels) => {
    const { x, y } = dataset(50, 5, 3, 'softmax', 4);
    const run = async () => {
      const net = await Network.create({ layers: [5, 17, 3], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 42, kernels });
      const initial = bits(net.getParameters().weights);
      const h = await net.train(x, y, { epochs: 20, batchSize: 8, optimizer: 'adam', learningRate: 0.01 });
      const p = net.getParameters();
      return { initial, final: [...bits(p.weights), ...bits(p.biases)], loss: h.loss };
    };
    const a = await run();
    const b = await run();
    expect(b.initial).toEqual(a.initial);
    expect(b.final).toEqual(a.final);
    expect(b.loss).toEqual(a.loss);
    // and a different seed gives different weights
    const other = await Network.create({ layers: [5, 17, 3], seed: 43 });
    expect(bits(other.getParameters().weights)).not.toEqual(a.initial);
  });

  it('both backends draw the same initial weights and shuffle the same way', async () => {
    const { x, y } = dataset(37, 4, 2, 'linear', 9);
    for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as OptimizerName[]) {
      const opts = { layers: [4, 6, 2], activation: ['tanh', 'linear'] as const, seed: 8 };
      const wasm = await Network.create({ ...opts, activation: [...opts.activation], kernels: 'simd' });
      const ref = await Network.create({ ...opts, activation: [...opts.activation], backend: 'reference' });
      expect(wasm.getParameters()).toEqual(ref.getParameters());
      const train = { epochs: 5, batchSize: 5, optimizer, learningRate: 0.01, weightDecay: 1e-3 };
      const hw = await wasm.train(x, y, train);
      const hr = await ref.train(x, y, train);
      // float32 against float64 over 40 steps: the trajectories stay within 1e-4
      hw.loss.forEach((l, i) => expect(Math.abs(l - hr.loss[i]!), `${optimizer} epoch ${i + 1}`).toBeLessThan(1e-4));
      const pw = wasm.getParameters().weights.flatMap((w) => Array.from(w));
      const pr = ref.getParameters().weights.flatMap((w) => Array.from(w));
      pw.forEach((v, i) => expect(Math.abs(v - pr[i]!), `${optimizer} weight ${i}`).toBeLessThan(1e-4));
    }
  });

  it('plain SGD (stepped in place, without a gradient in memory) trains like the reference', async () => {
    const { x, y } = dataset(37, 6, 3, 'softmax', 10);
    for (const dropout of [0, 0.25]) {
      const opts = {
        layers: [6, 40, 9, 3],
        activation: ['tanh', 'relu', 'softmax'] as ('tanh' | 'relu' | 'softmax')[],
        loss: 'cross-entropy' as const,
        seed: 12,
      };
      const wasm = await Network.create({ ...opts, kernels: 'simd' });
      const ref = await Network.create({ ...opts, backend: 'reference' });
      const train = { epochs: 6, batchSize: 7, optimizer: 'sgd' as const, learningRate: 0.2, dropout: [dropout, 0] };
      const hw = await wasm.train(x, y, train);
      const hr = await ref.train(x, y, train);
      hw.loss.forEach((l, i) => expect(Math.abs(l - hr.loss[i]!), `dropout ${dropout} epoch ${i + 1}`).toBeLessThan(1e-5 * (1 + hr.loss[i]!)));
      const a = [...wasm.getParameters().weights, ...wasm.getParameters().biases].flatMap((w) => Array.from(w));
      const b = [...ref.getParameters().weights, ...ref.getParameters().biases].flatMap((w) => Array.from(w));
      a.forEach((v, i) => expect(Math.abs(v - b[i]!), `dropout ${dropout} parameter ${i}`).toBeLessThan(1e-5));
    }
  });

  it('small networks (the batch-in-lanes path) train like the reference, for every batch size', async () => {
    const cases = [
      { layers: [3, 5, 2], activation: ['sigmoid', 'sigmoid'], loss: 'mse' },
      { layers: [4, 7, 6, 1], activation: ['relu', 'leaky-relu', 'sigmoid'], loss: 'cross-entropy' },
      { layers: [2, 9, 3], activation: ['leaky-relu', 'linear'], loss: 'mse' },
      { layers: [2, 4, 1], activation: ['sigmoid', 'sigmoid'], loss: 'mse' },
      { layers: [5, 9, 1], activation: ['relu', 'linear'], loss: 'mse' },
    ] as const;
    for (const c of cases) {
      const out = c.activation[c.activation.length - 1] as 'sigmoid' | 'linear';
      const { x, y } = dataset(23, c.layers[0], c.layers[c.layers.length - 1]!, out, 5);
      for (const batchSize of [1, 3, 4, 5, 16]) {
        for (const optimizer of ['sgd', 'adam'] as const) {
          const opts = { layers: [...c.layers], activation: [...c.activation], loss: c.loss, seed: 4 };
          const wasm = await Network.create({ ...opts, kernels: 'simd' });
          const ref = await Network.create({ ...opts, backend: 'reference' });
          const train = { epochs: 6, batchSize, optimizer, learningRate: 0.05, weightDecay: 1e-3 };
          const hw = await wasm.train(x, y, train);
          const hr = await ref.train(x, y, train);
          const what = `${c.layers.join('-')} batch ${batchSize} ${optimizer}`;
          hw.loss.forEach((l, i) => expect(Math.abs(l - hr.loss[i]!), `${what} epoch ${i + 1}`).toBeLessThan(1e-5 * (1 + hr.loss[i]!)));
          expect(hw.accuracy, what).toEqual(hr.accuracy);
          const a = wasm.getParameters().weights.flatMap((w) => Array.from(w));
          const b = ref.getParameters().weights.flatMap((w) => Array.from(w));
          a.forEach((v, i) => expect(Math.abs(v - b[i]!), `${what} weight ${i}`).toBeLessThan(1e-5));
        }
      }
    }
  });

  it('the relaxed-SIMD build trains like the plain one, within float32 rounding', async () => {
    const { x, y } = dataset(64, 8, 3, 'softmax', 1);
    const train = async (kernels: 'simd' | 'relaxed-simd') => {
      const net = await Network.create({ layers: [8, 33, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 2, kernels });
      expect(net.engine).toBe(kernels === 'simd' ? 'wasm-simd' : 'wasm-relaxed-simd');
      const h = await net.train(x, y, { epochs: 10, batchSize: 16, optimizer: 'adam', learningRate: 0.01 });
      return { loss: h.loss, out: net.predict({ data: Float32Array.from(x.flat()), rows: 64 }).data };
    };
    const a = await train('simd');
    const b = await train('relaxed-simd');
    a.loss.forEach((l, i) => expect(Math.abs(l - b.loss[i]!)).toBeLessThan(1e-4));
    a.out.forEach((v, i) => expect(Math.abs(v - b.out[i]!)).toBeLessThan(1e-4));
  });
});

describe('data forms and model files', () => {
  it('predict answers in the form it was asked', async () => {
    const net = await Network.create({ layers: [2, 3, 2], seed: 1 });
    const arrays = net.predict(xorInputs);
    expect(Array.isArray(arrays[0])).toBe(true);
    const rows = net.predict(xorInputs.map((r) => Float32Array.from(r)));
    expect(rows[0]).toBeInstanceOf(Float32Array);
    const flat = net.predict({ data: Float32Array.from(xorInputs.flat()), rows: 4 });
    expect(flat.rows).toBe(4);
    expect(flat.data.length).toBe(8);
    const one = net.predict([0, 1]);
    expect(one).toEqual(arrays[1]);
    expect(Array.from(net.predict(Float32Array.of(1, 1)) as Float32Array)).toEqual(arrays[3]);
    expect(Array.from(flat.data)).toEqual(arrays.flat());
    expect(rows.flatMap((r) => Array.from(r))).toEqual(arrays.flat());
  });

  it('predicts more rows than a batch holds', async () => {
    const net = await Network.create({ layers: [3, 5, 2], seed: 1 });
    const ref = await Network.create({ layers: [3, 5, 2], seed: 1, backend: 'reference' });
    const { x } = dataset(1000, 3, 2, 'linear', 3);
    const a = net.predict(x).flat();
    const b = ref.predict(x).flat();
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-6));
  });

  it.each(['wasm', 'reference'] as const)('a JSON round trip gives identical predictions (%s)', async (backend) => {
    const net = await Network.create({ layers: [4, 7, 3], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed: 9, backend });
    const { x, y } = dataset(20, 4, 3, 'softmax', 5);
    await net.train(x, y, { epochs: 3, batchSize: 4, optimizer: 'adam' });
    const text = JSON.stringify(net.toJSON());
    const again = await Network.fromJSON(JSON.parse(text), { backend });
    expect(again.layers).toEqual(net.layers);
    expect(again.activation).toEqual(net.activation);
    expect(again.loss).toBe('cross-entropy');
    expect(again.predict(x)).toEqual(net.predict(x));
    const fromText = await Network.fromJSON(text);
    expect(fromText.getParameters()).toEqual(net.getParameters());
  });

  it('dispose gives the memory back to the arena', async () => {
    const kernels = await getKernels();
    const before = kernels.arena.used;
    const nets = await Promise.all([1, 2, 3].map((seed) => Network.create({ layers: [100, 64, 10], seed })));
    const { x, y } = dataset(300, 100, 10, 'sigmoid', 1);
    await nets[1]!.train(x, y, { epochs: 1, batchSize: 100, optimizer: 'adam' });
    expect(kernels.arena.used).toBeGreaterThan(before);
    nets.forEach((n) => n.dispose());
    expect(kernels.arena.used).toBe(before);
  });

  it('signal stops training between calls and leaves a usable network', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
      if (ticks === 3) controller.abort();
    }, 5);
    const history = await net.train(xorInputs, xorTargets, { epochs: 10_000_000, batchSize: 4, learningRate: 0.5, signal: controller.signal });
    clearInterval(timer);
    expect(history.aborted).toBe(true);
    expect(history.epochs).toBeGreaterThan(0);
    expect(history.epochs).toBeLessThan(10_000_000);
    expect(history.loss.length).toBe(history.epochs);
    expect(net.predict([1, 0])[0]).toBeGreaterThan(0);
  });

  it('takes any whole number of epochs: past 2³¹ with a signal, and more than one call of the engine holds', async () => {
    for (const backend of ['wasm', 'reference'] as const) {
      for (const epochs of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
        const net = await Network.create({ layers: [2, 4, 1], seed: 3, backend });
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30);
        const history = await net.train(xorInputs, xorTargets, { epochs, batchSize: 4, learningRate: 0.5, signal: controller.signal });
        clearTimeout(timer);
        expect(history.aborted, `${backend}, ${epochs}`).toBe(true);
        expect(history.epochs).toBeGreaterThan(0);
        expect(history.loss.length).toBe(history.epochs);
      }
    }
    // 70,000 epochs without a signal: two calls into the engine (at most 65,536 epochs each).
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const history = await net.train(xorInputs, xorTargets, { epochs: 70_000, batchSize: 4, learningRate: 0.1 });
    expect(history.epochs).toBe(70_000);
    expect(history.loss.length).toBe(70_000);
    expect(history.loss.every(Number.isFinite)).toBe(true);
    expect(history.loss[69_999]).toBeLessThan(history.loss[0]!);
  });

  it('onEpochEnd sees every epoch', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const seen: number[] = [];
    const h = await net.train(xorInputs, xorTargets, { epochs: 7, learningRate: 0.5, onEpochEnd: (e) => seen.push(e.epoch) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.learningRate).toEqual(new Array(7).fill(0.5));
  });
});
