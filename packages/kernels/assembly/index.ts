export { matmul_nn, matmul_tn, matmul_nt, scratch_bytes } from './matmul';

/** First free byte after the module's static data: the arena starts here. */
export function heap_base(): usize {
  return __heap_base;
}
