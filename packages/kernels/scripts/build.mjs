// Builds the kernels: two WebAssembly modules from one AssemblyScript source
// (plain SIMD, and relaxed SIMD with fused multiply-add), then the TypeScript side.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

mkdirSync(join(root, 'dist'), { recursive: true });
const common = [
  'assembly/index.ts',
  '--runtime', 'stub',
  '--use', 'abort=',
  '--importMemory',
  '--initialMemory', '1',
  '-O3', '--noAssert',
  '--enable', 'simd',
];
const variants = [
  { file: 'dist/deltaprop-simd.wasm', extra: [] },
  { file: 'dist/deltaprop-relaxed.wasm', extra: ['--enable', 'relaxed-simd'] },
];
for (const { file, extra } of variants) {
  run(process.execPath, [resolveAsc(), ...common, ...extra, '-o', file]);
}
run(process.execPath, [resolveTsc(), '-p', 'tsconfig.json']);

function resolveAsc() {
  return fileURLToPath(import.meta.resolve('assemblyscript/bin/asc.js'));
}
function resolveTsc() {
  return fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
}
