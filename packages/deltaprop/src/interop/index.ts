/**
 * `deltaprop/interop`: deltaprop networks to and from ONNX and TensorFlow.js layers
 * models, and `save` / `load` at file paths, URLs and browser storage. An entry of
 * its own, so that pages that only train and predict do not download it.
 * Importing it also adds the same functions as methods of Network (methods.ts).
 */
import './methods.js';
// Imported files may carry preprocessing: the encoder registers its reader (model.ts).
import '../encoder.js';

export { toONNX, fromONNX, onnxModel } from './onnx.js';
export { toTFJS, fromTFJS, tfjsModel, type TFJSArtifacts, type TFJSModelJSON, type TFJSLayer, type TFJSWeightSpec } from './tfjs.js';
export { save, load, formatOf, type ModelFormat, type SaveOptions } from './storage.js';
export type { ImportOptions } from './common.js';
