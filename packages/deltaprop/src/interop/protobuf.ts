/**
 * The protobuf wire format, as much of it as ONNX's messages use, driven by schema
 * tables (field number → name and kind), so that each message's fields are written
 * down once (in onnx-proto.ts, with the numbers of onnx.proto) and serve both
 * directions.
 *
 * Why not a protobuf library: the installed package has no runtime dependency besides
 * its kernels, and an MLP needs eight messages and five wire forms. The tests check
 * this codec against protobufjs reading and writing the same files from onnx.proto.
 *
 * Wire format (https://protobuf.dev/programming-guides/encoding/):
 *
 *   field   = tag value
 *   tag     = varint (number << 3 | wire type)
 *   wire 0  varint: 7 bits a byte, low group first, high bit set on all but the last;
 *           int64 −1 is 2⁶⁴ − 1 in ten bytes
 *   wire 1  8 bytes little-endian (double, fixed64)
 *   wire 2  varint length, then that many bytes (string, bytes, message, packed list)
 *   wire 5  4 bytes little-endian (float, fixed32)
 *
 * Reading is strict about what it needs and lenient about what it does not: unknown
 * fields are skipped by their wire type, but every length is checked against the
 * bytes that are there, so truncated or damaged input fails with the path of the
 * field that ran out (a ProtobufError), never with a half-filled message.
 */

export type Kind = 'int64' | 'float' | 'string' | 'bytes' | 'message';

export interface Field {
  /** The field's name in the decoded object (onnx.proto's, in camelCase). */
  name: string;
  kind: Kind;
  repeated?: boolean;
  /** For kind 'message': the nested message's schema (a thunk, so schemas can refer to each other). */
  message?: () => Schema;
}

export interface Schema {
  /** The message's name, for error paths. */
  name: string;
  /** By field number; the encoder writes them in this array's order. */
  fields: readonly (readonly [number, Field])[];
}

export type Message = Record<string, unknown>;

export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Decodes `bytes` as one message of `schema`. Repeated fields are always arrays (empty when absent). */
export function decode(bytes: Uint8Array, schema: Schema): Message {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readMessage(bytes, view, 0, bytes.length, schema, schema.name);
}

function readMessage(bytes: Uint8Array, view: DataView, start: number, end: number, schema: Schema, path: string): Message {
  const byNumber = numbers(schema);
  const out: Message = {};
  for (const [, f] of schema.fields) if (f.repeated) out[f.name] = [];
  let at = start;
  // One varint at `at`, as a bigint (int64 needs all 64 bits; lengths and tags are small).
  const varint = (where: string): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= end) fail(where, 'a varint runs past the end of its message');
      const byte = bytes[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    fail(where, 'a varint is longer than ten bytes');
  };
  const length = (where: string): number => {
    const n = varint(where);
    if (n > BigInt(end - at)) fail(where, `a length of ${n} bytes runs past the end of its message (${end - at} left)`);
    return Number(n);
  };
  while (at < end) {
    const tag = varint(`${path} (tag at byte ${at})`);
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (number === 0) fail(path, `field number 0 at byte ${at} (not protobuf, or damaged)`);
    const field = byNumber.get(number);
    const where = `${path}.${field?.name ?? `#${number}`}`;
    if (!field) {
      // An unknown field: skipped by its wire type.
      if (wire === WIRE_VARINT) varint(where);
      else if (wire === WIRE_FIXED64) skip(8);
      else if (wire === WIRE_LENGTH) {
        const n = length(where); // read before `at` is: the length's own bytes move it
        at += n;
      } else if (wire === WIRE_FIXED32) skip(4);
      else fail(where, `wire type ${wire} is not one this reader knows (groups are not used by ONNX)`);
      continue;
    }
    const list = field.repeated ? (out[field.name] as unknown[]) : null;
    const put = (v: unknown) => (list ? list.push(v) : (out[field.name] = v));
    const item = field.repeated ? `${where}[${list!.length}]` : where;
    switch (field.kind) {
      case 'int64':
        if (wire === WIRE_VARINT) put(int64(varint(item), item));
        else if (wire === WIRE_LENGTH && list) {
          // packed: a length, then varints back to back
          const n = length(item);
          const stop = at + n;
          const outer = end;
          end = stop;
          while (at < stop) list.push(int64(varint(`${where}[${list.length}]`), item));
          end = outer;
        } else wrongWire(item, wire, 'varint');
        break;
      case 'float':
        if (wire === WIRE_FIXED32) {
          skip(4);
          put(view.getFloat32(at - 4, true));
        } else if (wire === WIRE_LENGTH && list) {
          const n = length(item);
          if (n % 4 !== 0) fail(item, `a packed float list of ${n} bytes (not a multiple of 4)`);
          for (let i = 0; i < n; i += 4) list.push(view.getFloat32(at + i, true));
          at += n;
        } else wrongWire(item, wire, 'fixed32');
        break;
      case 'string':
      case 'bytes':
      case 'message': {
        if (wire !== WIRE_LENGTH) wrongWire(item, wire, 'length-delimited');
        const n = length(item);
        const body = bytes.subarray(at, at + n);
        if (field.kind === 'bytes') put(body);
        else if (field.kind === 'string') {
          try {
            put(utf8.decode(body));
          } catch {
            fail(item, 'a string that is not valid UTF-8');
          }
        } else put(readMessage(bytes, view, at, at + n, field.message!(), item));
        at += n;
        break;
      }
    }
  }
  return out;

  function skip(n: number): void {
    if (at + n > end) fail(path, `a fixed-size field runs past the end of its message`);
    at += n;
  }
}

function int64(v: bigint, where: string): number {
  const signed = BigInt.asIntN(64, v);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) fail(where, `the integer ${signed} is beyond ±2⁵³`);
  return Number(signed);
}

function wrongWire(where: string, wire: number, expected: string): never {
  fail(where, `wire type ${wire} where the schema has ${expected}`);
}

function fail(path: string, message: string): never {
  throw new ProtobufError(message, path);
}

const numberTables = new WeakMap<Schema, Map<number, Field>>();
function numbers(schema: Schema): Map<number, Field> {
  let table = numberTables.get(schema);
  if (!table) numberTables.set(schema, (table = new Map(schema.fields)));
  return table;
}

/**
 * Encodes `message` by `schema`: fields in the schema's order, absent (undefined)
 * fields and empty repeated fields left out, repeated numbers packed (proto3's
 * default, which proto2 readers accept for repeated scalars), nested messages as
 * length-prefixed parts so that large tensors are copied once, into the result.
 */
export function encode(message: Message, schema: Schema): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  writeMessage(message, schema, parts);
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Appends the message's fields to `parts`; returns the number of bytes appended. */
function writeMessage(message: Message, schema: Schema, parts: Uint8Array[]): number {
  let size = 0;
  const push = (p: Uint8Array) => {
    parts.push(p);
    size += p.length;
  };
  for (const [number, field] of schema.fields) {
    const value = message[field.name];
    if (value === undefined) continue;
    const values = field.repeated ? (value as unknown[]) : [value];
    if (field.repeated && values.length === 0) continue;
    if (field.repeated && (field.kind === 'int64' || field.kind === 'float')) {
      const body = field.kind === 'int64' ? concat((values as number[]).map(varintBytes)) : floats(values as number[]);
      push(concat([varintBytes(number * 8 + WIRE_LENGTH), varintBytes(body.length), body]));
      continue;
    }
    for (const v of values) {
      if (field.kind === 'int64') push(concat([varintBytes(number * 8 + WIRE_VARINT), varintBytes(v as number)]));
      else if (field.kind === 'float') {
        const b = new Uint8Array(5);
        b[0] = number * 8 + WIRE_FIXED32;
        new DataView(b.buffer).setFloat32(1, v as number, true);
        push(b);
      } else if (field.kind === 'string' || field.kind === 'bytes') {
        const body = field.kind === 'string' ? encoder.encode(v as string) : (v as Uint8Array);
        push(concat([varintBytes(number * 8 + WIRE_LENGTH), varintBytes(body.length)]));
        push(body);
      } else {
        // The length is known only after the body: reserve its slot, fill it in after.
        const slot = parts.length;
        parts.push(varintBytes(number * 8 + WIRE_LENGTH));
        const n = writeMessage(v as Message, field.message!(), parts);
        parts[slot] = concat([parts[slot]!, varintBytes(n)]);
        size += parts[slot]!.length + n;
      }
    }
  }
  return size;
}

function varintBytes(n: number): Uint8Array {
  // int64: negative numbers are their 64-bit two's complement, ten bytes.
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

function floats(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}

function concat(list: readonly Uint8Array[]): Uint8Array {
  if (list.length === 1) return list[0]!;
  const out = new Uint8Array(list.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
