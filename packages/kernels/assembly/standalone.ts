/**
 * The one kernel of the standalone forward pass (deltaprop's toFunction and
 * toModuleSource), built as a module of its own so that its few hundred bytes can
 * travel inside an exported model's source:
 *
 *   t = x · W + b         u^(l+1) = t^(l) · W^(l+1) + b^(l+1)   (one row)
 *
 * W is stored k × n4 with its columns padded with zeros to n4, a multiple of four, so
 * every row of W starts 16-aligned and there is no scalar tail; b is padded alike,
 * and t gets n4 values (the padding ones 0). Eight four-lane sums run side by side
 * (32 outputs), each started from b and fed in the order of x, skipping the inputs
 * that are +0.
 *
 * Plain SIMD (no relaxed build): the module must compile wherever WebAssembly SIMD
 * does; JavaScript takes over where it does not. Its memory is its own, grown by the
 * caller to hold the weights.
 */
export function dense(x: usize, W: usize, b: usize, t: usize, k: i32, n4: i32): void {
  const ld = <usize>n4 * 4;
  let j = 0;
  for (; j + 32 <= n4; j += 32) {
    const o = <usize>j * 4;
    let c0 = v128.load(b + o), c1 = v128.load(b + o, 16), c2 = v128.load(b + o, 32), c3 = v128.load(b + o, 48);
    let c4 = v128.load(b + o, 64), c5 = v128.load(b + o, 80), c6 = v128.load(b + o, 96), c7 = v128.load(b + o, 112);
    let w = W + o;
    for (let p = 0; p < k; p++) {
      // A zero input adds nothing: its row of W is skipped (pixels, one-hot columns and
      // relu outputs are mostly zeros).
      if (load<u32>(x + <usize>p * 4) == 0) {
        w += ld;
        continue;
      }
      const xp = v128.load32_splat(x + <usize>p * 4);
      c0 = f32x4.add(c0, f32x4.mul(xp, v128.load(w)));
      c1 = f32x4.add(c1, f32x4.mul(xp, v128.load(w, 16)));
      c2 = f32x4.add(c2, f32x4.mul(xp, v128.load(w, 32)));
      c3 = f32x4.add(c3, f32x4.mul(xp, v128.load(w, 48)));
      c4 = f32x4.add(c4, f32x4.mul(xp, v128.load(w, 64)));
      c5 = f32x4.add(c5, f32x4.mul(xp, v128.load(w, 80)));
      c6 = f32x4.add(c6, f32x4.mul(xp, v128.load(w, 96)));
      c7 = f32x4.add(c7, f32x4.mul(xp, v128.load(w, 112)));
      w += ld;
    }
    v128.store(t + o, c0); v128.store(t + o, c1, 16); v128.store(t + o, c2, 32); v128.store(t + o, c3, 48);
    v128.store(t + o, c4, 64); v128.store(t + o, c5, 80); v128.store(t + o, c6, 96); v128.store(t + o, c7, 112);
  }
  for (; j < n4; j += 4) {
    const o = <usize>j * 4;
    let c = v128.load(b + o);
    let w = W + o;
    for (let p = 0; p < k; p++) {
      c = f32x4.add(c, f32x4.mul(v128.load32_splat(x + <usize>p * 4), v128.load(w)));
      w += ld;
    }
    v128.store(t + o, c);
  }
}
