/**
 * Loads a kernels build into its own memory and gives tests a bump allocator and
 * float64 naive implementations to compare against.
 */
import { readFileSync } from 'node:fs';

export type Build = 'simd' | 'relaxed';
export const builds: Build[] = ['simd', 'relaxed'];

export interface Loaded {
  x: Record<string, (...args: number[]) => number>;
  memory: WebAssembly.Memory;
  f32(): Float32Array;
  alloc(floats: number): number;
  put(values: ArrayLike<number>): number;
  get(at: number, n: number): Float32Array;
  scratch: number;
}

export async function load(build: Build): Promise<Loaded> {
  const bytes = readFileSync(new URL(`../dist/deltaprop-${build}.wasm`, import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 256 });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const x = instance.exports as unknown as Loaded['x'];
  let top = (x.heap_base!() + 15) & ~15;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil((floats * 4) / 16) * 16;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    return at;
  };
  const scratch = alloc(x.scratch_bytes!() / 4);
  const f32 = () => new Float32Array(memory.buffer);
  const put = (values: ArrayLike<number>) => {
    const at = alloc(values.length);
    f32().set(values, at / 4);
    return at;
  };
  const get = (at: number, n: number) => f32().slice(at / 4, at / 4 + n);
  return { x, memory, f32, alloc, put, get, scratch };
}

/** Seeded uniform numbers in [−1, 1), rounded to float32. */
export function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** max |a − b| / (1 + |b|): absolute near zero, relative for large values. */
export function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return e;
}
