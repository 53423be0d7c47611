/**
 * V8 flags that only some maintained Node releases accept.
 *
 * Node 20 validates relaxed SIMD (the fused multiply-add kernels) only when started
 * with --experimental-wasm-relaxed-simd; newer V8s ship relaxed SIMD on by default
 * and Node 24 refuses the flag as a bad option (exit code 9), so a worker started
 * with it never runs. The flag cannot go in NODE_OPTIONS either, so
 * process.allowedNodeEnvironmentFlags does not list it: the one reliable test is to
 * start the running Node with it once (≈ 40 ms) and see whether it exits cleanly.
 */
import { spawnSync } from 'node:child_process';

const RELAXED_SIMD = '--experimental-wasm-relaxed-simd';
const accepted = new Map();

/** Whether the Node at `node` (default: this one) starts with `flag`. */
export function nodeAccepts(flag, node = process.execPath) {
  const key = `${node}\0${flag}`;
  if (!accepted.has(key)) accepted.set(key, spawnSync(node, [flag, '-e', ''], { stdio: 'ignore' }).status === 0);
  return accepted.get(key);
}

/**
 * `execArgv` for test workers and child processes that should run the relaxed SIMD
 * kernels: the flag where this Node needs and accepts it, nothing where relaxed SIMD
 * is on by default.
 */
export function relaxedSimdFlags(node = process.execPath) {
  return nodeAccepts(RELAXED_SIMD, node) ? [RELAXED_SIMD] : [];
}
