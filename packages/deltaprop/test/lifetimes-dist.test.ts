/**
 * Lifetimes through the package's Node entry (the built dist/, as a user gets it):
 * training in a worker keeps the network BUSY and honours a signal that is already
 * aborted; a network dropped without dispose() gives its WebAssembly memory back
 * once it is garbage-collected.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from 'deltaprop';
import { xorInputs, xorTargets } from './fixtures.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('trainInWorker and lifetimes', () => {
  it('with a signal that is already aborted, does not train and answers as train() does', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const before = net.getParameters();
    const controller = new AbortController();
    controller.abort();
    const options = { epochs: 100_000_000, batchSize: 4, learningRate: 0.5, signal: controller.signal };
    let events = 0;
    const history = await net.trainInWorker(xorInputs, xorTargets, { ...options, onEpochEnd: () => (events += 1) });
    expect(history).toEqual(await net.train(xorInputs, xorTargets, options));
    expect(history.aborted).toBe(true);
    expect(history.epochs).toBe(0);
    expect(events).toBe(0);
    expect(net.getParameters()).toEqual(before);
    // the options are still checked first, as train() checks them
    await expect(net.trainInWorker(xorInputs, xorTargets, { lr: 0.1, signal: controller.signal } as never)).rejects.toThrow(/'lr'/);
  });

  it('a network training in a worker is BUSY; dispose() stops the worker and the call rejects with DISPOSED', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const training = net.trainInWorker(xorInputs, xorTargets, { epochs: 10_000_000, batchSize: 4 }).catch((e: unknown) => e);
    for (const call of [() => net.train(xorInputs, xorTargets), () => net.trainInWorker(xorInputs, xorTargets)]) {
      const e = await call().catch((err: unknown) => err);
      expect((e as DeltapropError).code).toBe('BUSY');
    }
    expect(() => net.setParameters(net.getParameters())).toThrow(expect.objectContaining({ code: 'BUSY' }));
    expect(net.predict([1, 0])).toHaveLength(1);
    net.dispose();
    const e = await training;
    expect(e).toBeInstanceOf(DeltapropError);
    expect((e as DeltapropError).code).toBe('DISPOSED');
  });

  it('networks dropped without dispose() give their memory back after garbage collection', () => {
    // A child process: --expose-gc, and a memory of its own to measure.
    const script = `
      import { Network } from 'deltaprop';
      const gc = globalThis.gc;
      const pause = () => new Promise((r) => setTimeout(r, 0));
      const keep = await Network.create({ layers: [64, 64, 64], kernels: 'simd' });
      const perNetwork = keep.memory().network;
      for (let round = 0; round < 30; round++) {
        for (let i = 0; i < 100; i++) await Network.create({ layers: [64, 64, 64], kernels: 'simd', seed: i });
        gc();
        await pause();
      }
      gc();
      await pause();
      const linear = keep.memory().linear;
      // Disposed, then dropped: the finalizer must not free the blocks a second time
      // (the arena would hand them to two networks). Networks made afterwards keep their own.
      for (let i = 0; i < 300; i++) (await Network.create({ layers: [64, 64, 64], kernels: 'simd' })).dispose();
      gc();
      await pause();
      const live = [];
      for (let i = 0; i < 100; i++) {
        const net = await Network.create({ layers: [64, 64, 64], kernels: 'simd' });
        const p = net.getParameters();
        p.weights.forEach((w) => w.fill(i));
        net.setParameters(p);
        live.push(net);
      }
      const overlapping = live.filter((net, i) => net.getParameters().weights.some((w) => w.some((v) => v !== i))).length;
      console.log(JSON.stringify({ linear, perNetwork, overlapping }));
    `;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: packageDir, encoding: 'utf8' });
    const { linear, perNetwork, overlapping } = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(overlapping).toBe(0);
    // 3,000 networks of ~165 kB each would need ~500 MB if none were freed; with the
    // finalizer the memory holds what is collected late (~115 networks' worth here).
    expect(perNetwork).toBeGreaterThan(100_000);
    expect(linear).toBeLessThan(0.1 * 3000 * perNetwork);
  });
});
