/**
 * What the WebAssembly engines picked, asked once they have run: deltaprop's kernel
 * build, the tfjs wasm backend's binary, and the threads of every contender that may
 * use several. In Node from src/main.js, in the browser from the page.
 */
import { loadDeltaprop } from './contenders/deltaprop.js';
import { tfjsWasmFlavour } from './contenders/tfjs.js';

/**
 * @param {import('./run.js').Row[]} rows
 * @param {import('./contenders/types.js').Contender[]} contenders
 * @returns {Promise<{ deltapropKernels?: string, tfjsWasm?: string, threads?: string }>}
 */
export async function describeEngines(rows, contenders) {
  /** @type {{ deltapropKernels?: string, tfjsWasm?: string, threads?: string }} */
  const out = {};
  const ran = (/** @type {string} */ name) => rows.some((r) => r.contender === name && !r.error && !r.skipped && r.samples.length > 0);
  if (rows.some((r) => r.contender.startsWith('deltaprop') && !r.error && !r.skipped)) {
    try {
      const info = (await loadDeltaprop()).kernelInfo();
      out.deltapropKernels = `${info.engine} (simd ${info.simd ? 'yes' : 'no'}, relaxed ${info.relaxedSimd ? 'yes' : 'no'})`;
    } catch (e) {
      out.deltapropKernels = `kernelInfo() failed: ${e instanceof Error ? e.message : e}`;
    }
  }
  if (rows.some((r) => r.contender === 'tfjs-wasm' && !r.error)) out.tfjsWasm = await tfjsWasmFlavour();
  const threads = contenders.flatMap((c) => {
    const t = ran(c.name) ? c.threads?.() : undefined;
    return t ? [`${c.name} ${t}`] : [];
  });
  if (threads.length) out.threads = threads.join('; ');
  return out;
}
