/**
 * `deltaprop export model.dpm --onnx model.onnx | --tfjs dir/`: the model in the
 * formats other runtimes load (written by the library's interop module). The ONNX
 * file carries the preprocessing in its metadata (`deltaprop.preprocessing`); both
 * formats take the encoded inputs, as the network does.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { save } from 'deltaprop/interop';
import { CliError, EXIT, step } from '../failure.js';
import { type CommonOptions, type Io, bytes, printJSON, println } from '../io.js';
import { loadModel } from '../model-file.js';
import { statSync } from 'node:fs';

export interface ExportOptions extends CommonOptions {
  onnx?: string;
  tfjs?: string;
}

export async function exportModel(modelFile: string, o: ExportOptions, io: Io): Promise<number> {
  if (!o.onnx && !o.tfjs)
    throw new CliError(EXIT.USAGE, 'export needs --onnx FILE or --tfjs FOLDER (or both)', 'for example: deltaprop export model.dpm --onnx model.onnx');
  const { net } = await loadModel(modelFile, { threads: 1 });
  const written: { format: 'onnx' | 'tfjs'; files: { file: string; size: number }[] }[] = [];
  try {
    if (o.onnx) {
      await step(EXIT.OUTPUT, o.onnx, () => save(net, o.onnx!, { format: 'onnx' }));
      written.push({ format: 'onnx', files: [{ file: o.onnx, size: statSync(o.onnx).size }] });
    }
    if (o.tfjs) {
      await step(EXIT.OUTPUT, o.tfjs, () => mkdir(o.tfjs!, { recursive: true }));
      const main = path.join(o.tfjs, 'model.json');
      await step(EXIT.OUTPUT, main, () => save(net, main, { format: 'tfjs' }));
      const weights = path.join(o.tfjs, 'model.weights.bin');
      written.push({ format: 'tfjs', files: [main, weights].map((file) => ({ file, size: statSync(file).size })) });
    }
  } finally {
    net.dispose();
  }
  if (o.json) printJSON(io, { model: modelFile, written });
  else
    for (const w of written)
      for (const f of w.files) println(io, `wrote ${f.file} (${w.format === 'onnx' ? 'ONNX' : 'TensorFlow.js layers model'}, ${bytes(f.size)})`);
  return EXIT.OK;
}
