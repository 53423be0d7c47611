import { Network, createMatmulProbe } from 'deltaprop';
const layers = [784, 128, 64, 10];
const net = await Network.create({ layers, activation: ['relu','relu','softmax'], loss: 'cross-entropy', seed: 3, threads: 1 });
const p = net.predictor();
const time = (fn, ms = 100) => { let n = 0; const t0 = performance.now(); while (performance.now() - t0 < ms) { fn(); n++; } return (performance.now() - t0) * 1000 / n; };
const flops = 2 * (784 * 128 + 128 * 64 + 64 * 10);
for (const rows of [1, 8, 64]) {
  const x = new Float32Array(rows * 784).map((_, i) => Math.sin(i));
  const out = new Float32Array(rows * 10);
  const probes = [];
  for (let l = 0; l < 3; l++) probes.push(await createMatmulProbe('nn', rows, layers[l], layers[l + 1]));
  const g = () => { for (const q of probes) q.run(); };
  const r = [], s = [];
  for (let i = 0; i < 5; i++) { r.push(time(() => p.run(x, out))); s.push(time(g)); }
  const med = (a) => a.sort((x, y) => x - y)[2];
  console.log(rows, 'predictor', (flops * rows / med(r) / 1e3).toFixed(1), 'GFLOP/s; gemm', (flops * rows / med(s) / 1e3).toFixed(1));
}
