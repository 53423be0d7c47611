// GFLOP/s of the three products on the raw module, either build, at a few square
// sizes: node bench/matmul.mjs [simd|relaxed] [256,1024]
// (The relaxed build needs V8's flag on Node 20; it is set below, before compiling,
// where this Node knows it: Node 24 has relaxed SIMD on and no longer knows the flag.)
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { nodeAccepts } from '../../../scripts/v8-flags.mjs';
if (nodeAccepts('--experimental-wasm-relaxed-simd')) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const variant = process.argv[2] ?? 'simd';
const bytes = readFileSync(new URL(`../dist/deltaprop-${variant}.wasm`, import.meta.url));
const memory = new WebAssembly.Memory({ initial: 1 });
const {
  instance: { exports: k },
} = await WebAssembly.instantiate(bytes, { env: { memory } });
const sizes = (process.argv[3] ?? '256,1024').split(',').map(Number);
const maxN = Math.max(...sizes);
let top = (k.heap_base() + 15) & ~15;
const alloc = (bytes) => {
  const at = top;
  top += (bytes + 15) & ~15;
  return at;
};
memory.grow(Math.ceil((top + 3 * maxN * maxN * 4 + k.scratch_bytes() + 65536) / 65536));
const scratch = alloc(k.scratch_bytes());
const A = alloc(maxN * maxN * 4),
  B = alloc(maxN * maxN * 4),
  C = alloc(maxN * maxN * 4);
const f = new Float32Array(memory.buffer);
for (let i = 0; i < maxN * maxN; i++) {
  f[A / 4 + i] = Math.random() - 0.5;
  f[B / 4 + i] = Math.random() - 0.5;
}
for (const n of sizes) {
  const row = [];
  for (const name of ['matmul_nn', 'matmul_tn', 'matmul_nt']) {
    const fn = k[name];
    fn(A, B, C, n, n, n, 0, scratch);
    const reps = Math.max(3, Math.round(2e9 / (2 * n * n * n)));
    const times = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) fn(A, B, C, n, n, n, 0, scratch);
      times.push((performance.now() - t0) / reps);
    }
    times.sort((a, b) => a - b);
    row.push(`${name.slice(7)} ${((2 * n * n * n) / times[2] / 1e6).toFixed(1)}`);
  }
  console.log(`${variant} ${n}²: ${row.join('  ')} GFLOP/s`);
}
