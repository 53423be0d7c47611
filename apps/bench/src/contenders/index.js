/**
 * Every contender, in table order: the Node run (src/main.js) and the page of the
 * browser run (src/browser/page.js) run the same list.
 */
import { deltapropWasm, deltapropWasmOneThread, deltapropReference } from './deltaprop.js';
import { tfjsWasm, tfjsCpu } from './tfjs.js';
import brain from './brain.js';
import synaptic from './synaptic.js';
import convnetjs from './convnetjs.js';
import mlFnn from './ml-fnn.js';
import onnxruntime from './onnxruntime.js';

/** @type {import('./types.js').Contender[]} */
export const CONTENDERS = [deltapropWasm, deltapropWasmOneThread, deltapropReference, tfjsWasm, tfjsCpu, onnxruntime, brain, synaptic, convnetjs, mlFnn];
