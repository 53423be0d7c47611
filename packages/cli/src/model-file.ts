/**
 * Model files on disk, read and written by the library's interop module: the format
 * of a file read is found from its content (deltaprop binary or JSON, ONNX, TF.js),
 * the format written from the name (`.json`, `.onnx`, anything else binary: `.dpm`).
 * What this adds is the command line's own checks and messages: a missing, empty or
 * folder path is named before the library is asked.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Network } from 'deltaprop';
import { formatOf, load, save } from 'deltaprop/interop';
import { asCliError, CliError, EXIT, step } from './failure.js';

export interface LoadedModel {
  net: Network;
  kind: ModelKind;
  /** Bytes on disk. */
  size: number;
}

export async function readModelBytes(file: string): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new CliError(EXIT.MODEL, `${file} is a folder, not a model file`, 'pass the model file that `deltaprop train --out` wrote');
    size = s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(
        EXIT.MODEL,
        `the model file ${file} does not exist`,
        'check the path, or train a model first: deltaprop train data.csv --target COLUMN --out model.dpm',
      );
    }
    throw asCliError(e, EXIT.MODEL, file);
  }
  if (size === 0) throw new CliError(EXIT.MODEL, `the model file ${file} is empty`, 'train the model again with --out');
  return step(EXIT.MODEL, file, () => readFile(file));
}

export type ModelKind = 'deltaprop-binary' | 'deltaprop-json' | 'tfjs' | 'onnx';

const KIND_NAMES: Readonly<Record<ModelKind, string>> = {
  'deltaprop-binary': 'deltaprop binary model',
  'deltaprop-json': 'deltaprop JSON model',
  tfjs: 'TensorFlow.js layers model',
  onnx: 'ONNX model',
};

export function kindName(kind: ModelKind): string {
  return KIND_NAMES[kind];
}

/** Loads a model of any format the library reads (found from the content, as `load` does). */
export async function loadModel(file: string, options: { threads?: number | 'auto' } = {}): Promise<LoadedModel> {
  const bytes = await readModelBytes(file);
  const format = formatOf(bytes);
  let kind: ModelKind = format === 'binary' ? 'deltaprop-binary' : format === null ? 'onnx' : 'deltaprop-json';
  if (format === 'json' && /"modelTopology"\s*:/.test(new TextDecoder().decode(bytes))) kind = 'tfjs';
  const net = await step(EXIT.MODEL, `the model file ${file}`, () => load(file, options.threads === undefined ? {} : { threads: options.threads }));
  return { net, kind, size: bytes.length };
}

/** Writes the model (its format from the name: `.json` JSON, `.onnx` ONNX, anything else binary); returns its size in bytes. */
export async function saveModel(net: Network, file: string): Promise<number> {
  await step(EXIT.OUTPUT, file, () => save(net, file));
  return (await stat(file)).size;
}
