/**
 * Model files on disk. The kind is told from the content, not the name: the binary
 * model starts with "DPRP", the JSON model with "{". A model is written as JSON when
 * its name ends in `.json`, in the binary form otherwise (`.dpm`, the usual name).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { Network } from 'deltaprop';
import { asCliError, CliError, EXIT, step } from './failure.js';

export interface LoadedModel {
  net: Network;
  kind: 'deltaprop-binary' | 'deltaprop-json';
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
      throw new CliError(EXIT.MODEL, `the model file ${file} does not exist`, 'check the path, or train a model first: deltaprop train data.csv --target COLUMN --out model.dpm');
    }
    throw asCliError(e, EXIT.MODEL, file);
  }
  if (size === 0) throw new CliError(EXIT.MODEL, `the model file ${file} is empty`, 'train the model again with --out');
  return step(EXIT.MODEL, file, () => readFile(file));
}

export async function loadModel(file: string, options: { threads?: number | 'auto' } = {}): Promise<LoadedModel> {
  const bytes = await readModelBytes(file);
  const isBinary = bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === 'DPRP';
  const text = isBinary ? '' : new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (!isBinary && !text.startsWith('{')) {
    throw new CliError(EXIT.MODEL, `${file} is not a deltaprop model (it is neither a binary model, which starts with "DPRP", nor a JSON model)`, 'pass the model file that `deltaprop train --out` wrote');
  }
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const net = await step(EXIT.MODEL, `the model file ${file}`, () =>
    isBinary ? Network.fromBinary(bytes, threads) : Network.fromJSON(new TextDecoder().decode(bytes), threads),
  );
  return { net, kind: isBinary ? 'deltaprop-binary' : 'deltaprop-json', size: bytes.length };
}

/** Writes the model; returns its size in bytes. */
export async function saveModel(net: Network, file: string): Promise<number> {
  const bytes = file.toLowerCase().endsWith('.json') ? new TextEncoder().encode(JSON.stringify(net.toJSON())) : net.toBinary();
  await step(EXIT.OUTPUT, file, () => writeFile(file, bytes));
  return bytes.length;
}
