/**
 * Mulberry32: the same generator as the kernels' (packages/kernels/assembly/random.ts),
 * so both backends draw the same numbers from the same seed.
 */
export class Random {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** Next uint32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next() / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates in place, the same j as the kernels' shuffle. */
  shuffle(idx: Uint32Array): void {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor((this.next() * (i + 1)) / 4294967296);
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
  }
}

/** Derives independent stream seeds (initialisation, shuffling) from the user's seed. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
