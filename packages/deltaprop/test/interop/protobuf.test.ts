/**
 * deltaprop's own protobuf codec (src/interop/protobuf.ts + onnx-proto.ts) against
 * protobufjs reading the messages of onnx.proto (fixtures/onnx-subset.proto): what
 * one writes the other reads back field for field, for PyTorch's files, for
 * toONNX's, and for random messages with negative integers, packed and unpacked
 * lists and fields the codec does not know.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/index.js';
import { toONNX } from '../../src/interop/node.js';
import { ModelProto } from '../../src/interop/onnx-proto.js';
import { decode, encode, ProtobufError } from '../../src/interop/protobuf.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const Reference = protobuf.loadSync(path.join(here, 'fixtures', 'onnx-subset.proto')).lookupType('onnx.ModelProto');

/** protobufjs's view of a model, restricted to the fields deltaprop's schema has, in deltaprop's shape. */
function referenceView(bytes: Uint8Array) {
  const m = Reference.toObject(Reference.decode(bytes), { longs: Number, arrays: true, defaults: false }) as any;
  const tensor = (t: any) => ({
    dims: t.dims,
    dataType: t.dataType,
    name: t.name,
    floatData: t.floatData,
    rawData: t.rawData && Array.from(t.rawData),
    dataLocation: t.dataLocation,
  });
  return {
    irVersion: m.irVersion,
    opsetImport: m.opsetImport.map((o: any) => ({ domain: o.domain, version: o.version })),
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    metadataProps: m.metadataProps.map((p: any) => ({ key: p.key, value: p.value })),
    graph: m.graph && {
      name: m.graph.name,
      node: m.graph.node.map((n: any) => ({
        input: n.input,
        output: n.output,
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        attribute: n.attribute.map((a: any) => ({ name: a.name, type: a.type, f: a.f, i: a.i, floats: a.floats, ints: a.ints, t: a.t && tensor(a.t) })),
      })),
      initializer: m.graph.initializer.map(tensor),
      input: m.graph.input.map((v: any) => ({ name: v.name, dims: v.type?.tensorType?.shape?.dim?.map((d: any) => d.dimValue ?? d.dimParam) })),
      output: m.graph.output.map((v: any) => ({ name: v.name, dims: v.type?.tensorType?.shape?.dim?.map((d: any) => d.dimValue ?? d.dimParam) })),
    },
  };
}

/** The codec's view of the same bytes, in the same shape. */
function ownView(bytes: Uint8Array) {
  const m = decode(bytes, ModelProto) as any;
  const tensor = (t: any) => ({
    dims: t.dims,
    dataType: t.dataType,
    name: t.name,
    floatData: t.floatData,
    rawData: t.rawData && Array.from(t.rawData),
    dataLocation: t.dataLocation,
  });
  return {
    irVersion: m.irVersion,
    opsetImport: m.opsetImport,
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    metadataProps: m.metadataProps,
    graph: m.graph && {
      name: m.graph.name,
      node: m.graph.node.map((n: any) => ({
        ...n,
        attribute: n.attribute.map((a: any) => ({ name: a.name, type: a.type, f: a.f, i: a.i, floats: a.floats, ints: a.ints, t: a.t && tensor(a.t) })),
      })),
      initializer: m.graph.initializer.map(tensor),
      input: m.graph.input.map((v: any) => ({ name: v.name, dims: v.type?.tensorType?.shape?.dim?.map((d: any) => d.dimValue ?? d.dimParam) })),
      output: m.graph.output.map((v: any) => ({ name: v.name, dims: v.type?.tensorType?.shape?.dim?.map((d: any) => d.dimValue ?? d.dimParam) })),
    },
  };
}

/** JSON round trip: undefined fields vanish on both sides alike. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('the ONNX codec agrees with protobufjs', () => {
  it("reads PyTorch's files as protobufjs does", () => {
    for (const f of ['sequential_relu_softmax_op13', 'sequential_tanh_sigmoid_op17', 'unsupported_dropout_batchnorm_op13', 'matmul_add_tanh_op13']) {
      const bytes = new Uint8Array(readFileSync(path.join(here, 'fixtures', `${f}.onnx`)));
      const own = plain(ownView(bytes));
      expect(own.graph.node.length).toBeGreaterThan(0);
      expect(own, f).toEqual(plain(referenceView(bytes)));
    }
  });

  it('writes what protobufjs reads back field for field', async () => {
    const net = await Network.create({ layers: [3, 5, 2], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
    const bytes = toONNX(net);
    const own = plain(ownView(bytes));
    expect(own).toEqual(plain(referenceView(bytes)));
    expect(own.graph.node.find((n: any) => n.opType === 'Softmax').attribute[0].i).toBe(-1);
  });

  // Random models: each side encodes, the other decodes.
  const name = fc.string({ maxLength: 8 });
  const int64 = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
  const float = fc.float({ noNaN: true }).map(Math.fround);
  const tensor = fc.record({
    dims: fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 3 }),
    dataType: fc.integer({ min: 0, max: 16 }),
    name,
    floatData: fc.array(float, { maxLength: 5 }),
    rawData: fc.uint8Array({ maxLength: 12 }),
  });
  const attribute = fc.record({
    name,
    type: fc.constantFrom(1, 2, 4, 6, 7),
    f: float,
    i: int64,
    floats: fc.array(float, { maxLength: 3 }),
    ints: fc.array(int64, { maxLength: 3 }),
    t: tensor,
  });
  const node = fc.record({
    input: fc.array(name, { maxLength: 3 }),
    output: fc.array(name, { maxLength: 2 }),
    name,
    opType: name,
    domain: name,
    attribute: fc.array(attribute, { maxLength: 2 }),
  });
  const valueInfo = fc.record({
    name,
    type: fc.record({
      tensorType: fc.record({
        elemType: fc.integer({ min: 0, max: 16 }),
        shape: fc.record({ dim: fc.array(fc.oneof(fc.record({ dimValue: int64 }), fc.record({ dimParam: name })), { maxLength: 3 }) }),
      }),
    }),
  });
  const model = fc.record({
    irVersion: int64,
    opsetImport: fc.array(fc.record({ domain: name, version: int64 }), { maxLength: 2 }),
    producerName: name,
    producerVersion: name,
    metadataProps: fc.array(fc.record({ key: name, value: fc.string({ maxLength: 20 }) }), { maxLength: 2 }),
    graph: fc.record({
      name,
      node: fc.array(node, { maxLength: 3 }),
      initializer: fc.array(tensor, { maxLength: 2 }),
      input: fc.array(valueInfo, { maxLength: 2 }),
      output: fc.array(valueInfo, { maxLength: 2 }),
    }),
  });

  it('random models: encoded by protobufjs, decoded by the codec, and the other way round', () => {
    fc.assert(
      fc.property(model, (m) => {
        const theirs = Reference.encode(Reference.fromObject(m)).finish();
        expect(plain(ownView(theirs))).toEqual(plain(referenceView(theirs)));
        const ours = encode(m as never, ModelProto);
        expect(plain(referenceView(ours))).toEqual(plain(ownView(theirs)));
        // …and the codec reads its own packed lists, which protobufjs writes unpacked for proto2.
        expect(plain(ownView(ours))).toEqual(plain(ownView(theirs)));
      }),
      { numRuns: 80, seed: 14 },
    );
  });

  it('skips fields it does not know, of every wire type', () => {
    const Extra = protobuf.Root.fromJSON({
      nested: {
        M: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            unknownDouble: { type: 'double', id: 30 },
            unknownFixed32: { type: 'fixed32', id: 31 },
            unknownVarint: { type: 'int64', id: 32 },
            unknownBytes: { type: 'bytes', id: 33 },
            producerName: { type: 'string', id: 2 },
          },
        },
      },
    }).lookupType('M');
    const bytes = Extra.encode(
      Extra.fromObject({ irVersion: 9, unknownDouble: 1.5, unknownFixed32: 7, unknownVarint: -3, unknownBytes: new Uint8Array([1, 2, 3]), producerName: 'x' }),
    ).finish();
    expect(decode(bytes, ModelProto)).toMatchObject({ irVersion: 9, producerName: 'x' });
  });

  it('refuses truncated and damaged input with the path of the field that failed', () => {
    const bytes = Reference.encode(
      Reference.fromObject({ irVersion: 7, graph: { name: 'g', initializer: [{ name: 'w', rawData: new Uint8Array(40) }] } }),
    ).finish();
    for (let cut = 1; cut < bytes.length; cut++) {
      let error: unknown = null;
      try {
        decode(bytes.subarray(0, cut), ModelProto);
      } catch (e) {
        error = e;
      }
      // A cut that falls between fields of the top message is still a valid (shorter) message.
      if (error !== null) expect(error).toBeInstanceOf(ProtobufError);
    }
    expect(() => decode(bytes.subarray(0, bytes.length - 3), ModelProto)).toThrow(/ModelProto\.graph: a length of \d+ bytes runs past the end/);
    expect(() => decode(new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), ModelProto)).toThrow(/longer than ten bytes/);
    expect(() => decode(new Uint8Array([0x0b]), ModelProto)).toThrow(/wire type 3/);
    expect(() => decode(new Uint8Array([0x3a, 0x02, 0x12, 0x05]), ModelProto)).toThrow(/ModelProto\.graph\.name: a length of 5 bytes/);
  });
});
