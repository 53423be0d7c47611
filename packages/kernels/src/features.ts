/**
 * Feature probes: two tiny modules that WebAssembly.validate accepts only where the
 * runtime has the feature.
 *
 *   simd:     (func (result v128) (v128.const i32x4 0 0 0 0))
 *   relaxed:  (func (result v128) (f32x4.relaxed_madd (v128.const …) ×3))
 */
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const signature = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

function probe(body: number[]): Uint8Array<ArrayBuffer> {
  const fn = [0x00, ...body, 0x0b];
  const code = [0x01, fn.length, ...fn];
  return new Uint8Array([...header, signature[0], ...signature.slice(1, 7), ...signature.slice(7), 0x0a, code.length, ...code]);
}

const simdProbe = probe(v128Zero);
const relaxedProbe = probe([...v128Zero, ...v128Zero, ...v128Zero, 0xfd, 0x85, 0x02]);

export interface Features {
  simd: boolean;
  relaxedSimd: boolean;
  /** A shared WebAssembly memory can be made (Node; browsers only when cross-origin isolated). */
  threads: boolean;
}

export function detectFeatures(): Features {
  const has = (bytes: Uint8Array<ArrayBuffer>) => {
    try {
      return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
    } catch {
      return false;
    }
  };
  return { simd: has(simdProbe), relaxedSimd: has(relaxedProbe), threads: sharedMemory() };
}

function sharedMemory(): boolean {
  try {
    if (typeof SharedArrayBuffer !== 'function') return false;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}
