/**
 * The arena: places every network's numbers in the one linear memory of the
 * kernels. TypeScript keeps only offsets; the numbers never leave WebAssembly
 * except when a user asks for them.
 *
 *   0            heap base                                          memory end
 *   ┌────────────┬─────────┬───────────────┬──────┬───────────────┬── … ──┐
 *   │ static data│ scratch │ network A     │ free │ network B     │       │
 *   │ (asc)      │ (packing│  core │ work  │      │  core │ state │       │
 *   └────────────┴─────────┴───────────────┴──────┴───────────────┴── … ──┘
 *
 * Blocks are 16-byte aligned (v128 loads). Freed blocks go to a free list, sorted
 * by address and merged with their neighbours; a block that ends at the top lowers
 * the top. When nothing fits, memory grows; if it cannot, the allocation throws
 * OUT_OF_MEMORY before anything was written.
 */
import { fail } from '../errors.js';

const ALIGN = 16;
const PAGE = 65536;

export const align = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

export class Arena {
  private top: number;
  private free: { at: number; size: number }[] = [];

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = align(base);
  }

  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    const i = this.free.findIndex((b) => b.size >= size);
    if (i >= 0) {
      const block = this.free[i]!;
      const at = block.at;
      if (block.size === size) this.free.splice(i, 1);
      else this.free[i] = { at: at + size, size: block.size - size };
      return at;
    }
    const at = this.top;
    const end = at + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least an eighth, so that a run of small allocations grows rarely,
      // but not by much more than asked: the memory never shrinks again.
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 8));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(Math.ceil((end - have) / PAGE));
        } catch {
          fail('OUT_OF_MEMORY', `WebAssembly memory could not grow to ${Math.ceil(end / 2 ** 20)} MiB for a block of ${size} bytes`);
        }
      }
    }
    this.top = end;
    return at;
  }

  release(at: number, bytes: number): void {
    const size = align(Math.max(bytes, 1));
    let i = this.free.findIndex((b) => b.at > at);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { at, size });
    // Merge with the next block, then with the previous one.
    const next = this.free[i + 1];
    if (next && at + size === next.at) {
      this.free[i]!.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.at + prev.size === at) {
      prev.size += this.free[i]!.size;
      this.free.splice(i, 1);
      i -= 1;
    }
    const last = this.free.at(-1);
    if (last && last.at + last.size === this.top) {
      this.top = last.at;
      this.free.pop();
    }
  }

  /** Sets the block at `at` (as allocated for `bytes`) to zero. */
  zero(at: number, bytes: number): void {
    new Uint8Array(this.memory.buffer, at, align(bytes)).fill(0);
  }

  /** Bytes in use, from the heap base to the top, less the free list. */
  get used(): number {
    return this.top - this.free.reduce((s, b) => s + b.size, 0);
  }
}

/**
 * Blocks with one owner, released together: what a call (or a training session)
 * allocates goes here, and one release() frees it however the call ends.
 */
export class Blocks {
  private held: { at: number; bytes: number }[] = [];

  constructor(private readonly arena: Arena) {}

  /** A block of `bytes`, zeroed unless `zero` is false (the caller then writes all of it first). */
  take(bytes: number, zero = true): number {
    const at = this.arena.alloc(bytes);
    this.held.push({ at, bytes });
    if (zero) this.arena.zero(at, bytes);
    return at;
  }

  release(): void {
    for (const b of this.held) this.arena.release(b.at, b.bytes);
    this.held.length = 0;
  }
}
