// Builds the kernels from one AssemblyScript source: plain SIMD and relaxed SIMD
// (fused multiply-add), each also as a threads build (shared memory, atomics, and
// data-parallel training), then the TypeScript side.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const runAsync = async (cmd, args) => {
  const { stdout, stderr } = await promisify(execFile)(cmd, args, { cwd: root });
  process.stdout.write(stdout);
  process.stderr.write(stderr);
};

mkdirSync(join(root, 'dist'), { recursive: true });
const common = ['--runtime', 'stub', '--use', 'abort=', '--importMemory', '--initialMemory', '1', '-O3', '--noAssert', '--enable', 'simd'];
// 32,768 pages = 2 GiB: a shared memory must declare its maximum.
const threads = ['assembly/index-threads.ts', '--enable', 'threads', '--sharedMemory', '--maximumMemory', '32768'];
const variants = [
  { file: 'dist/deltaprop-simd.wasm', extra: ['assembly/index.ts'] },
  { file: 'dist/deltaprop-relaxed.wasm', extra: ['assembly/index.ts', '--enable', 'relaxed-simd'] },
  { file: 'dist/deltaprop-simd-threads.wasm', extra: threads },
  { file: 'dist/deltaprop-relaxed-threads.wasm', extra: [...threads, '--enable', 'relaxed-simd'] },
];
// Two compilers at a time: one asc run takes several seconds.
await Promise.all(
  [variants.slice(0, 2), variants.slice(2)].map(async (group) => {
    for (const { file, extra } of group) await runAsync(process.execPath, [resolveAsc(), ...extra, ...common, '-o', file]);
  }),
);
// The standalone forward pass's kernel, small enough to travel as base64 inside an
// exported model (deltaprop's toModuleSource) and to compile synchronously in a page.
await runAsync(process.execPath, [
  resolveAsc(),
  'assembly/standalone.ts',
  '--runtime',
  'stub',
  '--use',
  'abort=',
  '--initialMemory',
  '1',
  '-O3',
  '--noAssert',
  '--enable',
  'simd',
  '-o',
  'dist/deltaprop-standalone.wasm',
]);
const standalone = readFileSync(join(root, 'dist/deltaprop-standalone.wasm')).toString('base64');
writeFileSync(
  join(root, 'dist/standalone.js'),
  `/** The standalone forward pass's kernel (assembly/standalone.ts), base64. */\nexport const standaloneWasm = '${standalone}';\n`,
);
writeFileSync(
  join(root, 'dist/standalone.d.ts'),
  `/** The standalone forward pass's kernel (assembly/standalone.ts), base64. */\nexport declare const standaloneWasm: string;\n`,
);
run(process.execPath, [resolveTsc(), '-p', 'tsconfig.json']);

function resolveAsc() {
  return fileURLToPath(import.meta.resolve('assemblyscript/bin/asc.js'));
}
function resolveTsc() {
  return fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
}
