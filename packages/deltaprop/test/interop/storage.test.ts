/**
 * save / load in Node: file paths and http(s) URLs, every format found from the
 * content; damaged files of every format end in a typed error or a whole network,
 * never anything in between.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../../src/index.js';
import { formatOf, load, save, tfjsModel, toONNX, toTFJS } from '../../src/interop/node.js';
import { Random } from '../../src/random.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'deltaprop-interop-'));
let server: Server;
let base: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  // A static server over the temporary folder: a 404 for what is not there.
  server = createServer((request, response) => {
    const file = path.join(dir, decodeURIComponent(new URL(request.url!, 'http://x').pathname));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rows = [
  [0.5, -1, 2],
  [0, 0, 0],
  [-3, 1, 0.25],
];

async function sample(seed = 3) {
  return Network.create({ layers: [3, 7, 4], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed });
}

async function typedError(promise: Promise<unknown>): Promise<DeltapropError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DeltapropError);
  return e as DeltapropError;
}

describe('save and load at file paths', () => {
  it('writes each format by extension or by request, and loads it by content alone', async () => {
    const net = await sample();
    const cases: [string, string | undefined, string][] = [
      ['a.json', undefined, 'json'],
      ['a.bin', undefined, 'binary'],
      ['a.dpm', undefined, 'binary'],
      ['a.onnx', undefined, 'onnx'],
      // The name says nothing: the content decides.
      ['onnx-in-disguise.json', 'onnx', 'onnx'],
      ['binary-in-disguise.onnx', 'binary', 'binary'],
      ['model.json', 'tfjs', 'tfjs'],
    ];
    for (const [file, format, written] of cases) {
      const where = path.join(dir, file);
      await save(net, where, format ? { format: format as never } : {});
      const bytes = new Uint8Array(readFileSync(where));
      expect(formatOf(bytes), file).toBe(written === 'onnx' ? null : written === 'tfjs' ? 'json' : written);
      const back = await load(where);
      expect(back.toJSON(), file).toEqual(net.toJSON());
      expect(back.predict(rows)).toEqual(net.predict(rows));
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')).weightsManifest).toEqual([
      { paths: ['model.weights.bin'], weights: expect.any(Array) },
    ]);
    // file:// URLs are paths too.
    expect((await load(pathToFileURL(path.join(dir, 'a.onnx')).href)).toJSON()).toEqual(net.toJSON());
  });

  it('loads the bytes of any format, and PyTorch files by path', async () => {
    const net = await sample();
    for (const bytes of [toONNX(net), net.toBinary(), new TextEncoder().encode(` \n${JSON.stringify(net.toJSON())}`)]) {
      expect((await load(bytes, { backend: 'reference' })).toJSON()).toEqual(net.toJSON());
    }
    const torch = await load(path.join(here, 'fixtures', 'sequential_relu_softmax_op13.onnx'));
    expect(torch.layers).toEqual([8, 16, 3]);
    const bn = await typedError(load(path.join(here, 'fixtures', 'unsupported_dropout_batchnorm_op13.onnx')));
    expect(bn.code).toBe('UNSUPPORTED_MODEL');
  });

  it('names what is missing or wrong', async () => {
    const missing = await typedError(load(path.join(dir, 'nothing-here.onnx')));
    expect([missing.code, missing.message]).toEqual(['INVALID_OPTION', expect.stringMatching(/no model at .*nothing-here\.onnx/)]);
    const net = await sample();
    expect((await typedError(save(net, path.join(dir, 'x.bin'), { format: 'pickle' as never }))).message).toMatch(/unknown format 'pickle'/);
    expect((await typedError(save(net, path.join(dir, 'x.bin'), { fromat: 'onnx' } as never))).message).toBe(
      "save options: unknown option 'fromat'; did you mean 'format'?",
    );
    expect((await typedError(save(net, 'ftp://example/x'))).message).toMatch(/unknown scheme 'ftp:\/\/'/);
    expect((await typedError(load(path.join(dir, 'x.bin'), { backend: 'reference', epochs: 2 } as never))).message).toMatch(
      /^load options: unknown option 'epochs'/,
    );
    expect((await typedError(save(net, 'indexeddb://m'))).message).toMatch(/needs IndexedDB/);
    expect((await typedError(load('localstorage://m'))).message).toMatch(/needs localStorage/);
    writeFileSync(path.join(dir, 'empty.bin'), new Uint8Array(0));
    expect((await typedError(load(path.join(dir, 'empty.bin')))).code).toBe('CORRUPT_MODEL');
    writeFileSync(path.join(dir, 'other.json'), '{"hello": 1}');
    expect((await typedError(load(path.join(dir, 'other.json')))).message).toMatch(/neither a deltaprop model .* nor a TF\.js layers model/);
  });
});

describe('load from http(s) URLs', () => {
  it('fetches every format, TF.js weights beside their model.json, and TF.js loads the same files', async () => {
    const net = await sample(8);
    await save(net, path.join(dir, 'web.onnx'));
    await save(net, path.join(dir, 'web.bin'));
    await save(net, path.join(dir, 'web.json'));
    await save(net, path.join(dir, 'tfjs', 'model.json').replace('tfjs/', ''), { format: 'tfjs' });
    for (const file of ['web.onnx', 'web.bin', 'web.json', 'model.json']) {
      expect((await load(base + file)).toJSON(), file).toEqual(net.toJSON());
    }
    const theirs = await tf.loadLayersModel(base + 'model.json');
    const predicted = tf.tidy(() => (theirs.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
    (net.predict(rows) as number[][]).forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - predicted[r]![j]!)).toBeLessThanOrEqual(1e-5)));
    const e = await typedError(load(base + 'missing.onnx'));
    expect([e.code, e.message]).toEqual(['INVALID_OPTION', expect.stringMatching(/HTTP 404/)]);
    expect((await typedError(save(net, base + 'x.onnx'))).message).toMatch(/for loading/);
  });
});

describe('damaged files', () => {
  /** Every outcome is a whole network or a typed error of the model kinds; returns the error codes seen. */
  async function outcome(read: () => Promise<Network>, seen: Map<string, number>) {
    let net: Network | null = null;
    try {
      net = await read();
    } catch (e) {
      if (!(e instanceof DeltapropError)) throw new Error(`an untyped error: ${(e as Error)?.stack ?? e}`);
      expect(['CORRUPT_MODEL', 'UNSUPPORTED_MODEL']).toContain(e.code);
      expect(e.message.length).toBeGreaterThan(20);
      seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
      return;
    }
    // Loaded: then it is whole (every layer's parameters present, predict answers in full).
    const out = net.predict([new Array(net.layers[0]).fill(0.5)]) as number[][];
    expect(out[0]!.length).toBe(net.layers.at(-1));
    seen.set('loaded', (seen.get('loaded') ?? 0) + 1);
  }

  it('truncated or mutated, in every format, is loaded whole or refused with a typed error', async () => {
    const net = await sample(5);
    const artifacts = toTFJS(net);
    const tfjsText = new TextEncoder().encode(JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }));
    const tfjsWeights = new Uint8Array(artifacts.weightData);
    const formats: [string, Uint8Array, (b: Uint8Array) => Promise<Network>][] = [
      ['json', new TextEncoder().encode(JSON.stringify(net.toJSON())), (b) => load(b, { backend: 'reference' })],
      ['binary', net.toBinary(), (b) => load(b, { backend: 'reference' })],
      ['onnx', toONNX(net), (b) => load(b, { backend: 'reference' })],
      [
        'onnx (PyTorch)',
        new Uint8Array(readFileSync(path.join(here, 'fixtures', 'sequential_tanh_sigmoid_op17.onnx'))),
        (b) => load(b, { backend: 'reference' }),
      ],
      ['tfjs model.json', tfjsText, (b) => Network.fromJSON(tfjsModel(new TextDecoder().decode(b), tfjsWeights), { backend: 'reference' })],
      ['tfjs weights', tfjsWeights, (b) => Network.fromJSON(tfjsModel(new TextDecoder().decode(tfjsText), b), { backend: 'reference' })],
    ];
    const random = new Random(99);
    for (const [name, bytes, read] of formats) {
      const truncated = new Map<string, number>();
      // Every cut of the small files, about 300 cuts of the larger ones.
      const step = Math.max(1, Math.floor(bytes.length / 300));
      for (let cut = 0; cut < bytes.length; cut += step) await outcome(() => read(bytes.slice(0, cut)), truncated);
      // deltaprop's own files are never read short: a cut anywhere is CORRUPT_MODEL.
      if (name !== 'onnx (PyTorch)') expect([...truncated.keys()], name).toEqual(['CORRUPT_MODEL']);
      const mutated = new Map<string, number>();
      for (let i = 0; i < 150; i++) {
        const copy = bytes.slice();
        const flips = 1 + Math.floor(random.uniform() * 3);
        for (let k = 0; k < flips; k++) copy[Math.floor(random.uniform() * copy.length)] = Math.floor(random.uniform() * 256);
        await outcome(() => read(copy), mutated);
      }
      // Raw weights have no checksum: a changed byte is another number, unless it makes a NaN or an infinity.
      if (name !== 'tfjs weights') expect(mutated.get('CORRUPT_MODEL') ?? 0, `${name}: ${JSON.stringify([...mutated])}`).toBeGreaterThan(0);
    }
    const nan = tfjsWeights.slice();
    nan.set([0x00, 0x00, 0xc0, 0x7f], 8); // float32 NaN, little-endian
    expect(() => tfjsModel(new TextDecoder().decode(tfjsText), nan)).toThrow(/not a finite float32/);
  });
});
