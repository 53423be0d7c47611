/**
 * The standalone forward pass: a closure over the weights, with no code generated at
 * run time (so it runs on pages whose Content-Security-Policy forbids 'unsafe-eval').
 * The products run in a small WebAssembly SIMD module (the kernels' standalone.ts,
 * 551 bytes) where it compiles (`standaloneWasmPredictor`), in plain JavaScript
 * where it does not (`standalonePredictor`: no SIMD, or a policy without
 * 'wasm-unsafe-eval'). `toFunction` calls them; `toModuleSource` writes their source
 * text (Function.prototype.toString) and the module's bytes into the file, so both
 * run the same code.
 *
 * For each layer, in float64 over the float32 weights (as the reference backend):
 *
 *   u_j = b_j + Σ_i t_i w_ij,   t_j = f(u_j)
 *
 * W is laid out once in panels of eight columns, each panel row after row:
 *
 *   panel q: w_(0, 8q) … w_(0, 8q+7) │ w_(1, 8q) … w_(1, 8q+7) │ … │ w_(k−1, 8q) … w_(k−1, 8q+7)
 *
 * (the last panel padded with zeros), so that eight sums u_8q … u_8q+7 run side by
 * side in locals while the loop reads t once and the panel in order. The layer
 * buffers are made once too: a call allocates only the array it returns.
 */

/** t ← f(t) for a whole layer, in place. */
export type LayerActivation = (t: Float64Array | Float32Array) => void;

/**
 * predict(row) → output row (a new number[]). Self-contained: it refers to nothing
 * outside its parameters and the language's built-ins, because its text is also the
 * standalone module's code.
 */
export function standalonePredictor(
  layers: readonly number[],
  activate: readonly LayerActivation[],
  weights: readonly ArrayLike<number>[],
  biases: readonly ArrayLike<number>[],
): (input: ArrayLike<number>) => number[] {
  const L = layers.length - 1;
  const panels: Float32Array[] = [];
  for (let l = 0; l < L; l++) {
    const k = layers[l]!;
    const n = layers[l + 1]!;
    const w = weights[l]!;
    const packed = new Float32Array(Math.ceil(n / 8) * 8 * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) packed[(j >> 3) * 8 * k + i * 8 + (j & 7)] = w[i * n + j]!;
    panels.push(packed);
  }
  // Biases and layer buffers padded to whole panels (the padding stays 0 in b; in T it
  // is never read: the next layer reads s_l values, the activation a view of them).
  const pad = (n: number) => Math.ceil(n / 8) * 8;
  const B = biases.map((b) => {
    const padded = new Float64Array(pad(b.length));
    for (let j = 0; j < b.length; j++) padded[j] = b[j]!;
    return padded;
  });
  const T = layers.map((n) => new Float64Array(pad(n)));
  const V = T.map((t, l) => t.subarray(0, layers[l]));
  const width = layers[0]!;
  return function predict(input: ArrayLike<number>): number[] {
    if (input === null || typeof input !== 'object' || input.length !== width) throw new Error(`expected ${width} inputs, got ${input?.length}`);
    const x = T[0]!;
    for (let i = 0; i < width; i++) x[i] = input[i]!;
    for (let l = 0; l < L; l++) {
      const k = layers[l]!;
      const n = layers[l + 1]!;
      const t = T[l]!;
      const u = T[l + 1]!;
      const w = panels[l]!;
      const b = B[l]!;
      for (let j = 0, p = 0; j < n; j += 8) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let s4 = 0;
        let s5 = 0;
        let s6 = 0;
        let s7 = 0;
        for (let i = 0; i < k; i++, p += 8) {
          const ti = t[i]!;
          s0 += ti * w[p]!;
          s1 += ti * w[p + 1]!;
          s2 += ti * w[p + 2]!;
          s3 += ti * w[p + 3]!;
          s4 += ti * w[p + 4]!;
          s5 += ti * w[p + 5]!;
          s6 += ti * w[p + 6]!;
          s7 += ti * w[p + 7]!;
        }
        u[j] = b[j]! + s0;
        u[j + 1] = b[j + 1]! + s1;
        u[j + 2] = b[j + 2]! + s2;
        u[j + 3] = b[j + 3]! + s3;
        u[j + 4] = b[j + 4]! + s4;
        u[j + 5] = b[j + 5]! + s5;
        u[j + 6] = b[j + 6]! + s6;
        u[j + 7] = b[j + 7]! + s7;
      }
      activate[l]!(V[l + 1]!);
    }
    return Array.from(V[L]!);
  };
}

/**
 * The same forward pass with each t·W + b in WebAssembly SIMD (`bytes`: the kernels'
 * standalone module), float32 like the kernels; null where the module does not
 * compile. Self-contained, as standalonePredictor is.
 *
 *   memory  ┌──────────────┬────────┬──────────────┬────────┬─────┬──────┬──────┬─────┐
 *           │ W^(2) k × n4 │ b^(2)  │ W^(3)        │ b^(3)  │ …   │ t^(1)│ t^(2)│ …   │
 *           └──────────────┴────────┴──────────────┴────────┴─────┴──────┴──────┴─────┘
 *   (n4: the layer's width rounded up to a multiple of four, the padding zeros)
 */
export function standaloneWasmPredictor(
  layers: readonly number[],
  activate: readonly LayerActivation[],
  weights: readonly ArrayLike<number>[],
  biases: readonly ArrayLike<number>[],
  bytes: Uint8Array<ArrayBuffer>,
): ((input: ArrayLike<number>) => number[]) | null {
  let exports: { dense: (x: number, W: number, b: number, t: number, k: number, n4: number) => void; memory: WebAssembly.Memory };
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as typeof exports;
  } catch {
    return null;
  }
  const L = layers.length - 1;
  const pad = (n: number) => Math.ceil(n / 4) * 4;
  const Wat: number[] = [];
  const Bat: number[] = [];
  const Tat: number[] = [];
  let at = 0;
  for (let l = 0; l < L; l++) {
    Wat.push(at);
    at += layers[l]! * pad(layers[l + 1]!) * 4;
    Bat.push(at);
    at += pad(layers[l + 1]!) * 4;
  }
  for (let l = 0; l <= L; l++) {
    Tat.push(at);
    at += pad(layers[l]!) * 4;
  }
  const { dense, memory } = exports;
  if (at > memory.buffer.byteLength) memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
  const f32 = new Float32Array(memory.buffer);
  for (let l = 0; l < L; l++) {
    const k = layers[l]!;
    const n = layers[l + 1]!;
    const n4 = pad(n);
    const w = weights[l]!;
    const b = biases[l]!;
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) f32[Wat[l]! / 4 + i * n4 + j] = w[i * n + j]!;
    for (let j = 0; j < n; j++) f32[Bat[l]! / 4 + j] = b[j]!;
  }
  const T = layers.map((n, l) => new Float32Array(memory.buffer, Tat[l]!, n));
  const width = layers[0]!;
  return function predict(input: ArrayLike<number>): number[] {
    if (input === null || typeof input !== 'object' || input.length !== width) throw new Error(`expected ${width} inputs, got ${input?.length}`);
    const x = T[0]!;
    for (let i = 0; i < width; i++) x[i] = input[i]!;
    for (let l = 0; l < L; l++) {
      dense(Tat[l]!, Wat[l]!, Bat[l]!, Tat[l + 1]!, layers[l]!, pad(layers[l + 1]!));
      activate[l]!(T[l + 1]!);
    }
    return Array.from(T[L]!);
  };
}
