/**
 * The binary model file: the JSON file's facts in a compact form, checked the same
 * way before anything is loaded.
 *
 *   offset  size  field
 *   0       4     magic "DPRP"
 *   4       4     format version, uint32 little-endian (1)
 *   8       4     header length h in bytes, uint32
 *   12      h     header: UTF-8 JSON { layers, activation, loss }
 *   12+h    p     zero padding to a multiple of 4
 *   …       4·n   float32 little-endian: W^(2), b^(2), W^(3), b^(3), … (row-major)
 *   optional section, when the model has preprocessing:
 *   …       4     tag "PREP"
 *   …       4     length q in bytes, uint32
 *   …       q     UTF-8 JSON of the preprocessing (see encoder.ts), zero padding to a multiple of 4
 *   end−4   4     CRC-32 (IEEE) of every byte before it
 *
 * n is fixed by the layers, so the file's length is known once the header (and the
 * section's length) is read: a truncated or padded file is refused before any weight
 * is read. A file without the section is byte for byte the layout of earlier files.
 */
import { fail } from './errors.js';
import { parameterShapes } from './shapes.js';
import type { ModelJSON } from './types.js';

const MAGIC = 0x50525044; // "DPRP" read as little-endian uint32
const VERSION = 1;
const PREP = 0x50455250; // "PREP"

export function encodeModel(model: ModelJSON): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(JSON.stringify({ layers: model.layers, activation: model.activation, loss: model.loss }));
  const start = align4(12 + header.length);
  const count = model.weights.reduce((s, w, l) => s + w.length + model.biases[l]!.length, 0);
  const section = model.preprocessing ? new TextEncoder().encode(JSON.stringify(model.preprocessing)) : null;
  const bytes = new Uint8Array(start + 4 * count + (section ? 8 + align4(section.length) : 0) + 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, 12);
  let at = start;
  model.weights.forEach((w, l) => {
    for (const v of [...w, ...model.biases[l]!]) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  });
  if (section) {
    view.setUint32(at, PREP, true);
    view.setUint32(at + 4, section.length, true);
    bytes.set(section, at + 8);
    at += 8 + align4(section.length);
  }
  view.setUint32(at, crc32(bytes.subarray(0, at)), true);
  return bytes;
}

/** Reads a binary model into the JSON form (then checked by checkModel like any JSON file). */
export function decodeModel(input: unknown): ModelJSON {
  const bytes = input instanceof Uint8Array ? input : input instanceof ArrayBuffer ? new Uint8Array(input) : null;
  if (!bytes) fail('CORRUPT_MODEL', 'a binary model must be a Uint8Array or an ArrayBuffer');
  if (bytes.length < 16) fail('CORRUPT_MODEL', `the binary model has ${bytes.length} bytes, fewer than a header needs`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('CORRUPT_MODEL', 'not a deltaprop binary model (the file does not start with "DPRP")');
  const version = view.getUint32(4, true);
  if (version !== VERSION) fail('CORRUPT_MODEL', `binary model version ${version} is not supported (this deltaprop reads version ${VERSION})`);
  const h = view.getUint32(8, true);
  if (12 + h + 4 > bytes.length) fail('CORRUPT_MODEL', `the header claims ${h} bytes but the file has only ${bytes.length}`);
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored)
    fail('CORRUPT_MODEL', 'the binary model is damaged: its CRC-32 does not match (truncated, padded or edited)');
  let header: { layers?: unknown; activation?: unknown; loss?: unknown };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + h)));
  } catch {
    fail('CORRUPT_MODEL', 'the header of the binary model is not valid UTF-8 JSON');
  }
  const layers = header?.layers;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((s) => Number.isInteger(s) && s >= 1 && s <= 1 << 20)) {
    fail('CORRUPT_MODEL', 'the header of the binary model has no valid layers');
  }
  const shapes = parameterShapes(layers);
  const count = shapes.reduce((sum, shape) => sum + shape.weights + shape.biases, 0);
  const start = align4(12 + h);
  const end = start + 4 * count;
  let section: Uint8Array | null = null;
  if (bytes.length !== end + 4) {
    if (bytes.length < end + 12 || view.getUint32(end, true) !== PREP)
      fail('CORRUPT_MODEL', `layers ${JSON.stringify(layers)} need ${end + 4} bytes, the file has ${bytes.length}`);
    const q = view.getUint32(end + 4, true);
    if (bytes.length !== end + 8 + align4(q) + 4)
      fail(
        'CORRUPT_MODEL',
        `layers ${JSON.stringify(layers)} and a preprocessing section of ${q} bytes need ${end + 8 + align4(q) + 4} bytes, the file has ${bytes.length}`,
      );
    section = bytes.subarray(end + 8, end + 8 + q);
  }
  let at = start;
  const read = (n: number) => {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++, at += 4) out[i] = view.getFloat32(at, true);
    return out;
  };
  const weights: number[][] = [];
  const biases: number[][] = [];
  for (const shape of shapes) {
    weights.push(read(shape.weights));
    biases.push(read(shape.biases));
  }
  const model = { format: 'deltaprop', version: 1, layers, activation: header.activation, loss: header.loss, weights, biases } as ModelJSON;
  if (section) {
    try {
      model.preprocessing = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(section));
    } catch {
      fail('CORRUPT_MODEL', 'the preprocessing section of the binary model is not valid UTF-8 JSON', { path: 'preprocessing' });
    }
  }
  return model;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

let table: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
