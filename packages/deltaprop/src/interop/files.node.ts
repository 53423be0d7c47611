/**
 * Model files on disk (Node). A save writes each file beside its final name and
 * renames it into place, so a crash mid-write never leaves a half-written model
 * under the name a later load reads.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../errors.js';
import type { Files, ModelFormat, Place } from './storage.js';

export function filePlace(where: string): Place {
  const file = where.toLowerCase().startsWith('file://') ? fileURLToPath(where) : where;
  const dir = path.dirname(file);
  const read = async (target: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await readFile(target));
    } catch (e) {
      fail('INVALID_OPTION', `no model at ${target}: ${(e as Error).message}`, { source: target });
    }
  };
  const ext = path.extname(file).toLowerCase();
  const defaultFormat: ModelFormat = ext === '.onnx' ? 'onnx' : ext === '.json' ? 'json' : 'binary';
  return {
    defaultFormat,
    read: () => read(file),
    readBeside: (relative) => {
      // Weight files named by a manifest stay in the model's folder.
      const target = path.resolve(dir, relative);
      if (path.relative(dir, target).startsWith('..') || path.isAbsolute(relative))
        fail('CORRUPT_MODEL', `the weights manifest names '${relative}', outside the model's folder`);
      return read(target);
    },
    write: async (files: Files) => {
      const all: [string, Uint8Array][] = [[file, files.main], ...Object.entries(files.beside).map(([k, v]) => [path.join(dir, k), v] as [string, Uint8Array])];
      const suffix = `.${randomBytes(4).toString('hex')}.tmp`;
      try {
        for (const [target, bytes] of all) await writeFile(target + suffix, bytes);
        // Weights first, model.json last: a reader that sees the new model finds its weights.
        for (const [target] of all.reverse()) await rename(target + suffix, target);
      } catch (e) {
        await Promise.all(all.map(([target]) => rm(target + suffix, { force: true })));
        fail('INVALID_OPTION', `could not save to ${file}: ${(e as Error).message}`, { destination: file });
      }
    },
  };
}
