/**
 * Mulberry32, a 32-bit generator small enough to write identically in TypeScript
 * (packages/deltaprop/src/random.ts): both backends shuffle the rows in the same
 * order from the same seed. Its state is one uint32 in linear memory.
 */

export function next_u32(state: usize): u32 {
  let t = load<u32>(state) + 0x6d2b79f5;
  store<u32>(state, t);
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
}

/**
 * Fisher–Yates over n uint32 indices. j = ⌊r (i + 1) / 2³²⌋ is evaluated in float64,
 * exactly as JavaScript numbers do it, so both sides pick the same j.
 */
export function shuffle(idx: usize, n: i32, state: usize): void {
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>Math.floor((<f64>next_u32(state) * <f64>(i + 1)) / 4294967296.0);
    const a = idx + <usize>i * 4;
    const b = idx + <usize>j * 4;
    const swap = load<u32>(a);
    store<u32>(a, load<u32>(b));
    store<u32>(b, swap);
  }
}
