/**
 * ONNX out and in.
 *
 * Out: each weight layer l is one `Gemm` node, u = t · W + b (the seed's
 * u^(l+1) = t^(l) · W^(l+1) + b^(l+1)), with W stored as deltaprop keeps it,
 * s_l × s_(l+1) (transB = 0), then the activation's node(s) from `exported`.
 * Opset 13 and IR version 7 (opset 20 and IR 9 for a network with gelu, whose ONNX op
 * came in opset 20), a dynamic batch dimension.
 *
 * In: a chain of dense layers as exporters write it: `Gemm` (any transB, alpha,
 * beta; PyTorch writes transB = 1 with W stored out × in), or `MatMul` then `Add`;
 * then at most one activation from `imported`; `Identity` and inference `Dropout`
 * pass through; a leading `Flatten` is allowed; constants may come from `Constant`
 * nodes and be transposed or aliased (`Transpose`, `Identity`) in the graph.
 * Everything else is refused with UNSUPPORTED_MODEL naming the node.
 */
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import type { ActivationName, ModelJSON } from '../types.js';
import {
  build,
  checkImportOptions,
  ELU_ALPHA,
  floatBytes,
  LEAKY_SLOPE,
  type ImportOptions,
  type Imported,
  META_LOSS,
  META_PREPROCESSING,
  modelOf,
  readFloats,
  toModel,
  VERSION,
} from './common.js';
import { ATTRIBUTE, EXTERNAL, FLOAT, ModelProto, type Attribute, type Graph, type Model, type Node, type Tensor } from './onnx-proto.js';
import { decode, encode, ProtobufError, type Message } from './protobuf.js';

const OPSET = 13;
const IR_VERSION = 7;

const attr = {
  float: (name: string, f: number): Attribute => ({ name, type: ATTRIBUTE.FLOAT, f, floats: [], ints: [] }),
  int: (name: string, i: number): Attribute => ({ name, type: ATTRIBUTE.INT, i, floats: [], ints: [] }),
  string: (name: string, s: string): Attribute => ({ name, type: ATTRIBUTE.STRING, s: new TextEncoder().encode(s), floats: [], ints: [] }),
};
const node = (opType: string, input: string[], output: string, name: string, attribute: Attribute[] = []): Node => ({
  opType,
  input,
  output: [output],
  name,
  attribute,
});

/** The nodes that compute t = f(u) from tensor `u` into tensor `t`; `name` prefixes the nodes' names. */
type Emit = (u: string, t: string, name: string) => Node[];

/**
 * Activation → standard ONNX ops. `linear` has no node (the Gemm writes the layer's
 * output itself). An activation missing here is refused by toONNX.
 */
const exported: { readonly [A in ActivationName]?: Emit | null } = {
  linear: null,
  sigmoid: (u, t, name) => [node('Sigmoid', [u], t, `${name}/Sigmoid`)],
  tanh: (u, t, name) => [node('Tanh', [u], t, `${name}/Tanh`)],
  relu: (u, t, name) => [node('Relu', [u], t, `${name}/Relu`)],
  'leaky-relu': (u, t, name) => [node('LeakyRelu', [u], t, `${name}/LeakyRelu`, [attr.float('alpha', LEAKY_SLOPE)])],
  softmax: (u, t, name) => [node('Softmax', [u], t, `${name}/Softmax`, [attr.int('axis', -1)])],
  elu: (u, t, name) => [node('Elu', [u], t, `${name}/Elu`, [attr.float('alpha', ELU_ALPHA)])],
  softplus: (u, t, name) => [node('Softplus', [u], t, `${name}/Softplus`)],
  // deltaprop's gelu is the tanh approximation: ONNX's Gelu with approximate = 'tanh' (opset 20).
  gelu: (u, t, name) => [node('Gelu', [u], t, `${name}/Gelu`, [attr.string('approximate', 'tanh')])],
};

/**
 * Ops newer than opset 13, with the opset (and the IR version it needs) that a model
 * using them declares; every other model is opset 13, IR 7.
 */
const newerOps: Readonly<Record<string, { opset: number; ir: number }>> = {
  Gelu: { opset: 20, ir: 9 },
};

/** The bytes of an ONNX model (opset 13) computing the network's forward pass on float32 rows. */
export function toONNX(net: Network | ModelJSON): Uint8Array<ArrayBuffer> {
  const model = modelOf(net, 'toONNX');
  const L = model.layers.length - 1;
  const nodes: Node[] = [];
  const initializer: Tensor[] = [];
  let t = 'input';
  for (let l = 0; l < L; l++) {
    const name = `layer${l + 1}`;
    const activation = model.activation[l]!;
    const emit = Object.hasOwn(exported, activation) ? exported[activation] : undefined;
    if (emit === undefined) {
      fail('UNSUPPORTED_MODEL', `toONNX: activation '${activation}' of layer ${l + 1} has no ONNX form in this deltaprop`, { layer: l + 1, activation });
    }
    const [rows, cols] = [model.layers[l]!, model.layers[l + 1]!];
    const W = `${name}.weight`;
    const b = `${name}.bias`;
    initializer.push(tensor(W, [rows, cols], model.weights[l]!), tensor(b, [cols], model.biases[l]!));
    const last = l === L - 1;
    const u = emit === null ? (last ? 'output' : `${name}/t`) : `${name}/u`;
    nodes.push(node('Gemm', [t, W, b], u, `${name}/Gemm`));
    t = emit === null ? u : last ? 'output' : `${name}/t`;
    if (emit) nodes.push(...emit(u, t, name));
  }
  let [opset, irVersion] = [OPSET, IR_VERSION];
  for (const n of nodes) {
    const newer = Object.hasOwn(newerOps, n.opType!) ? newerOps[n.opType!]! : null;
    if (newer && newer.opset > opset) [opset, irVersion] = [newer.opset, newer.ir];
  }
  const metadataProps: { key: string; value: string }[] = [{ key: META_LOSS, value: model.loss }];
  if (model.preprocessing !== undefined) metadataProps.push({ key: META_PREPROCESSING, value: JSON.stringify(model.preprocessing) });
  const graph: Graph = {
    name: 'deltaprop',
    node: nodes,
    initializer,
    input: [valueInfo('input', model.layers[0]!)],
    output: [valueInfo('output', model.layers[L]!)],
  };
  const proto: Model = {
    irVersion,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'deltaprop',
    producerVersion: VERSION,
    docString: `deltaprop network ${JSON.stringify(model.layers)} (${model.activation.join(', ')})`,
    graph,
    metadataProps,
  };
  return encode(proto as unknown as Message, ModelProto);
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  return { name, dims, dataType: FLOAT, rawData: floatBytes(values), floatData: [] };
}

/** A float32 tensor [batch, width] with a named (dynamic) batch dimension. */
function valueInfo(name: string, width: number) {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } } };
}

/** Loads an ONNX model of dense layers (see the top of this file for what is taken) as a Network. */
export async function fromONNX(bytes: Uint8Array | ArrayBuffer, options?: ImportOptions): Promise<Network> {
  const o = checkImportOptions(options, 'fromONNX');
  return build(onnxModel(bytes, o), o);
}

/** The deltaprop model file of an ONNX model (checked; no network is built). */
export function onnxModel(bytes: Uint8Array | ArrayBuffer, options: ImportOptions = {}): ModelJSON {
  return toModel(readONNX(bytes), options, 'ONNX model');
}

/**
 * ONNX activation ops → deltaprop's activation, given the node and the opset of the
 * default domain; any other string says why the node's attributes cannot be taken.
 */
const imported: Readonly<Record<string, (n: Node, opset: number) => ActivationName | string>> = {
  Relu: () => 'relu',
  Sigmoid: () => 'sigmoid',
  Tanh: () => 'tanh',
  LeakyRelu: (n) => {
    // ONNX's default alpha is 0.01, deltaprop's slope; both compared as float32.
    const alpha = floatAttr(n, 'alpha', 0.01);
    return Math.fround(alpha) === Math.fround(LEAKY_SLOPE) ? 'leaky-relu' : `alpha ${alpha}, where deltaprop's leaky-relu has ${LEAKY_SLOPE}`;
  },
  Elu: (n) => {
    const alpha = floatAttr(n, 'alpha', 1);
    return Math.fround(alpha) === Math.fround(ELU_ALPHA) ? 'elu' : `alpha ${alpha}, where deltaprop's elu has ${ELU_ALPHA}`;
  },
  Softplus: () => 'softplus',
  Gelu: (n) => {
    const approximate = stringAttr(n, 'approximate', 'none');
    return approximate === 'tanh' ? 'gelu' : `approximate '${approximate}' (deltaprop's gelu is the tanh approximation)`;
  },
  Softmax: (n, opset) => {
    // On rows [batch, classes] axis 1 and −1 are the same axis; before opset 13 the default was 1.
    const axis = intAttr(n, 'axis', opset >= 13 ? -1 : 1);
    return axis === 1 || axis === -1 ? 'softmax' : `axis ${axis} (deltaprop's softmax is over the last axis of rows)`;
  },
};

/** Pass-through nodes (inference): output = input. */
const identities: Readonly<Record<string, (n: Node) => string | null>> = {
  Identity: () => null,
  Dropout: (n) => (n.input.length <= 2 ? null : 'a Dropout with a training_mode input'),
};

export function readONNX(file: Uint8Array | ArrayBuffer): Imported {
  const bytes = file instanceof Uint8Array ? file : file instanceof ArrayBuffer ? new Uint8Array(file) : null;
  if (!bytes) fail('INVALID_OPTION', 'fromONNX takes the bytes of an ONNX file (a Uint8Array or an ArrayBuffer)');
  if (bytes.length === 0) fail('CORRUPT_MODEL', 'the ONNX model is empty (0 bytes)');
  let model: Model;
  try {
    model = decode(bytes, ModelProto) as unknown as Model;
  } catch (e) {
    if (e instanceof ProtobufError) fail('CORRUPT_MODEL', `not a readable ONNX model: ${e.message}`, { path: e.path });
    throw e;
  }
  const graph = model.graph;
  if (model.irVersion === undefined || !graph)
    fail('CORRUPT_MODEL', `not an ONNX model: ${model.irVersion === undefined ? 'no ir_version' : 'no graph'} (truncated, or another kind of file)`);
  const opsetEntry = model.opsetImport.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  if (!opsetEntry || opsetEntry.version === undefined) fail('CORRUPT_MODEL', 'the ONNX model has no opset_import for the default domain (truncated?)');
  const opset = opsetEntry.version;
  if (opset < 7) fail('UNSUPPORTED_MODEL', `ONNX opset ${opset} is older than this importer takes (7 and later)`, { opset });

  // Constant tensors by name: initializers, Constant nodes, and Identity aliases of either.
  const constants = new Map<string, Tensor>();
  for (const t of graph.initializer) if (t.name) constants.set(t.name, t);
  const constantOf = (name: string | undefined, refuse: (why: string) => never): Tensor => {
    const t = name === undefined ? undefined : constants.get(name);
    if (!t) refuse(`its input '${name}' is not a constant (weights must be initializers)`);
    return t;
  };
  const dataInputs = graph.input.filter((v) => !constants.has(v.name ?? ''));
  if (dataInputs.length !== 1) {
    fail('UNSUPPORTED_MODEL', `the ONNX graph has ${dataInputs.length} inputs (${dataInputs.map((v) => `'${v.name}'`).join(', ')}); a dense network has one`);
  }
  const input = dataInputs[0]!;
  const inputType = input.type?.tensorType;
  if (!inputType || (inputType.elemType !== undefined && inputType.elemType !== FLOAT)) {
    fail('UNSUPPORTED_MODEL', `the ONNX graph's input '${input.name}' is not a float32 tensor`);
  }
  const inputDims = inputType.shape?.dim.map((d) => d.dimValue ?? null);

  const found: Imported = { layers: [], activation: [], weights: [], biases: [] };
  for (const p of model.metadataProps) {
    if (p.key === META_LOSS) found.loss = p.value;
    if (p.key === META_PREPROCESSING) found.preprocessing = p.value;
  }

  let current = input.name ?? '';
  let flattened = false;
  /** The layer being read: its parameters, and whether an activation has closed it. */
  let open: { W: Float32Array; b: Float32Array; rows: number; cols: number; activation: ActivationName | null } | null = null;
  const close = () => {
    if (!open) return;
    if (found.layers.length === 0) found.layers.push(open.rows);
    found.layers.push(open.cols);
    found.activation.push(open.activation ?? 'linear');
    found.weights.push(open.W);
    found.biases.push(open.b);
    open = null;
  };

  for (const n of graph.node) {
    const op = n.opType ?? '';
    const what = `node ${op} '${n.name ?? ''}'`;
    const refuse: (why: string) => never = (why) =>
      fail('UNSUPPORTED_MODEL', `${what} cannot be taken into a dense network: ${why}`, { op, node: n.name ?? '' });
    if ((n.domain ?? '') !== '' && n.domain !== 'ai.onnx') refuse(`its domain '${n.domain}' is not the ONNX operator set`);
    if (n.output.length < 1) fail('CORRUPT_MODEL', `${what} has no output`);
    const out = n.output[0]!;

    if (op === 'Constant') {
      const value = n.attribute.find((a) => a.name === 'value');
      const t = value?.t ?? refuse('a Constant without a tensor value');
      constants.set(out, t);
      continue;
    }
    if (op === 'Transpose' && n.input.length === 1 && constants.has(n.input[0]!)) {
      // A weight transposed in the graph (exporters that do not fold constants write this).
      const t = constants.get(n.input[0]!)!;
      const perm = n.attribute.find((a) => a.name === 'perm')?.ints ?? [1, 0];
      if (t.dims.length !== 2 || perm.length !== 2 || perm[0] !== 1 || perm[1] !== 0) refuse('a Transpose of anything but a matrix');
      const [r, c] = [t.dims[0]!, t.dims[1]!];
      const v = floats(t, refuse);
      const vt = new Float32Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) vt[j * r + i] = v[i * c + j]!;
      constants.set(out, { name: out, dims: [c, r], dataType: FLOAT, floatData: Array.from(vt) });
      continue;
    }
    if (Object.hasOwn(identities, op) && n.input.length >= 1 && constants.has(n.input[0]!)) {
      // An alias of a constant (PyTorch writes weights shared between uses this way).
      constants.set(out, constants.get(n.input[0]!)!);
      continue;
    }
    const data = n.input.filter((name) => name !== '' && !constants.has(name));
    if (data.length !== 1 || data[0] !== current) {
      refuse(`it does not continue the single chain of layers from '${current}' (its inputs: ${n.input.map((s) => `'${s}'`).join(', ')})`);
    }

    if (Object.hasOwn(identities, op)) {
      const why = identities[op]!(n);
      if (why) refuse(why);
    } else if (op === 'Flatten') {
      if (found.layers.length > 0 || open) refuse('Flatten is taken only before the first layer');
      const axis = intAttr(n, 'axis', 1);
      if (axis !== 1) refuse(`axis ${axis}; rows are flattened with axis 1`);
      flattened = true;
    } else if (op === 'Gemm' || op === 'MatMul') {
      close();
      if (n.input[0] !== current) refuse(`its first input is not the data ('${current}')`);
      const B = constantOf(n.input[1], refuse);
      if (B.dims.length !== 2) refuse(`its weight '${n.input[1]}' has ${B.dims.length} dimensions, not 2`);
      let W: Float32Array;
      let rows: number;
      let cols: number;
      let b: Float32Array;
      if (op === 'Gemm') {
        if (intAttr(n, 'transA', 0) !== 0) refuse('transA = 1 (the rows would be transposed)');
        const transB = intAttr(n, 'transB', 0);
        const alpha = floatAttr(n, 'alpha', 1);
        const beta = floatAttr(n, 'beta', 1);
        [rows, cols] = transB ? [B.dims[1]!, B.dims[0]!] : [B.dims[0]!, B.dims[1]!];
        const values = floats(B, refuse);
        // Y = α · A · B' + β · C, B' = Bᵀ when transB: deltaprop's W (rows × cols) is α · B'.
        W = new Float32Array(rows * cols);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) W[i * cols + j] = alpha * values[transB ? j * rows + i : i * cols + j]!;
        }
        b = new Float32Array(cols);
        if (n.input.length >= 3 && n.input[2] !== '') addBias(b, constantOf(n.input[2], refuse), beta, refuse);
      } else {
        [rows, cols] = [B.dims[0]!, B.dims[1]!];
        W = floats(B, refuse);
        b = new Float32Array(cols);
      }
      const previous = found.layers.length ? found.layers[found.layers.length - 1]! : null;
      if (previous !== null && rows !== previous)
        fail('CORRUPT_MODEL', `${what}: its weights take ${rows} inputs but the previous layer has ${previous} outputs`, { op, node: n.name ?? '' });
      open = { W, b, rows, cols, activation: null };
    } else if (op === 'Add') {
      if (!open || open.activation !== null) refuse('an Add that is not the bias of a MatMul or Gemm');
      const other = n.input.find((name) => name !== current);
      if (n.input.length !== 2 || other === undefined) refuse('an Add of anything but the layer and a constant bias');
      addBias(open.b, constantOf(other, refuse), 1, refuse);
    } else if (Object.hasOwn(imported, op)) {
      if (!open || open.activation !== null) refuse(`an activation that does not follow a dense layer directly`);
      const activation = imported[op]!(n, opset);
      if (!Object.hasOwn(exported, activation)) refuse(activation);
      open.activation = activation as ActivationName;
    } else {
      refuse(`deltaprop networks are made of dense layers (Gemm, or MatMul + Add) and the activations ${Object.keys(imported).join(', ')}`);
    }
    current = out;
  }
  close();
  if (found.layers.length === 0) fail('UNSUPPORTED_MODEL', 'the ONNX graph has no dense layer (Gemm or MatMul)');
  const outputs = graph.output;
  if (outputs.length !== 1 || outputs[0]!.name !== current) {
    fail(
      'UNSUPPORTED_MODEL',
      `the ONNX graph's outputs (${outputs.map((v) => `'${v.name}'`).join(', ')}) are not the single end of its chain of layers ('${current}')`,
    );
  }
  const softmaxAt = found.activation.indexOf('softmax');
  if (softmaxAt !== -1 && softmaxAt !== found.activation.length - 1) {
    fail('UNSUPPORTED_MODEL', `a Softmax on hidden layer ${softmaxAt + 1}; deltaprop takes softmax on the output layer only`, { layer: softmaxAt + 1 });
  }
  // The declared input width, where the file states it, must be what the first layer takes.
  if (inputDims && inputDims.length >= 2) {
    const known = inputDims.slice(1);
    if (known.length > 1 && !flattened)
      fail('UNSUPPORTED_MODEL', `the ONNX graph's input '${input.name}' has ${inputDims.length} dimensions and no Flatten; deltaprop takes rows`);
    if (known.every((d) => d !== null && d > 0)) {
      const width = known.reduce((a, d) => a! * d!, 1)!;
      if (width !== found.layers[0])
        fail('CORRUPT_MODEL', `the ONNX graph's input '${input.name}' has ${width} values a row but its first layer takes ${found.layers[0]}`);
    }
  }
  return found;
}

function intAttr(n: Node, name: string, fallback: number): number {
  const a = n.attribute.find((x) => x.name === name);
  return a?.i ?? fallback;
}

function stringAttr(n: Node, name: string, fallback: string): string {
  const a = n.attribute.find((x) => x.name === name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}

function floatAttr(n: Node, name: string, fallback: number): number {
  const a = n.attribute.find((x) => x.name === name);
  return a?.f ?? fallback;
}

/** A float32 tensor's values, from raw_data (little-endian) or float_data. */
function floats(t: Tensor, refuse: (why: string) => never): Float32Array {
  if (t.dataType !== FLOAT) refuse(`its tensor '${t.name}' has data type ${t.dataType}, not float32 (1)`);
  if (t.dataLocation === EXTERNAL) refuse(`its tensor '${t.name}' is stored in an external file`);
  let count = 1;
  for (const d of t.dims) {
    if (!(d >= 0)) fail('CORRUPT_MODEL', `tensor '${t.name}' has a negative dimension ${d}`);
    count *= d;
  }
  if (t.rawData !== undefined) {
    if (t.rawData.length !== 4 * count)
      fail('CORRUPT_MODEL', `tensor '${t.name}' of shape [${t.dims.join(', ')}] needs ${4 * count} bytes, raw_data has ${t.rawData.length}`);
    return readFloats(t.rawData, count);
  }
  if (t.floatData.length !== count)
    fail('CORRUPT_MODEL', `tensor '${t.name}' of shape [${t.dims.join(', ')}] needs ${count} values, float_data has ${t.floatData.length}`);
  return Float32Array.from(t.floatData);
}

/** b += β · C, C a bias of b's length or a scalar broadcast to it (shapes [cols], [1, cols], [1] or []). */
function addBias(b: Float32Array, C: Tensor, beta: number, refuse: (why: string) => never): void {
  const values = floats(C, refuse);
  const rowLike = C.dims.length <= 2 && C.dims.slice(0, -1).every((d) => d === 1);
  if (!rowLike || (values.length !== b.length && values.length !== 1)) {
    refuse(`its bias '${C.name}' of shape [${C.dims.join(', ')}] is not one value per output (${b.length})`);
  }
  for (let j = 0; j < b.length; j++) b[j]! += beta * values[values.length === 1 ? 0 : j]!;
}
