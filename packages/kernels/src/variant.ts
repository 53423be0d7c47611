import { detectFeatures, type Features } from './features.js';

/** Which build of the kernels runs: relaxed SIMD (fused multiply-add) where the runtime validates it. */
export type Variant = 'simd' | 'relaxed-simd';

export interface LoadedKernels {
  /**
   * The compiled module, a WebAssembly.Module. Typed as `object` so that these
   * declarations need no DOM library: Node-only TypeScript projects (lib ES2022 and
   * @types/node 20) have no WebAssembly namespace.
   */
  module: object;
  variant: Variant;
  features: Features;
}

export class KernelLoadError extends Error {
  readonly code = 'NO_SIMD';
  constructor(message: string) {
    super(message);
    this.name = 'KernelLoadError';
  }
}

/**
 * Picks the build: `prefer` forces one (tests compare the two); otherwise relaxed
 * SIMD when available. Throws KernelLoadError where WebAssembly SIMD is missing.
 */
export function chooseVariant(prefer?: Variant): { variant: Variant; features: Features } {
  const features = detectFeatures();
  if (!features.simd) {
    throw new KernelLoadError(
      'deltaprop needs WebAssembly SIMD (Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4); this runtime does not validate it. Use { backend: "reference" } to run without WebAssembly.',
    );
  }
  if (prefer === 'relaxed-simd' && !features.relaxedSimd) {
    throw new KernelLoadError('the relaxed-SIMD build was asked for, but this runtime does not validate relaxed SIMD');
  }
  return { variant: prefer ?? (features.relaxedSimd ? 'relaxed-simd' : 'simd'), features };
}
