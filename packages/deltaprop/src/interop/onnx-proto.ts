/**
 * The ONNX messages an MLP needs, with the field numbers of onnx.proto (ONNX
 * 1.x, `onnx/onnx.proto`, syntax proto2). Fields not listed here are skipped when
 * reading (training_info, functions, sparse initializers, …): a graph that relies
 * on them is refused later, by the node or tensor that needs them.
 */
import type { Schema } from './protobuf.js';

/** TensorProto.DataType.FLOAT */
export const FLOAT = 1;
/** AttributeProto.AttributeType */
export const ATTRIBUTE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;
/** TensorProto.DataLocation.EXTERNAL */
export const EXTERNAL = 1;

export interface StringStringEntry {
  key?: string;
  value?: string;
}
export interface OperatorSetId {
  domain?: string;
  version?: number;
}
export interface Tensor {
  dims: number[];
  dataType?: number;
  floatData: number[];
  name?: string;
  rawData?: Uint8Array;
  dataLocation?: number;
}
export interface Attribute {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: Tensor;
  floats: number[];
  ints: number[];
}
export interface Node {
  input: string[];
  output: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute: Attribute[];
}
export interface Dimension {
  dimValue?: number;
  dimParam?: string;
}
export interface ValueInfo {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim: Dimension[] } } };
}
export interface Graph {
  node: Node[];
  name?: string;
  initializer: Tensor[];
  input: ValueInfo[];
  output: ValueInfo[];
}
export interface Model {
  irVersion?: number;
  opsetImport: OperatorSetId[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: Graph;
  metadataProps: StringStringEntry[];
}

// message StringStringEntryProto { key = 1; value = 2; }
export const StringStringEntryProto: Schema = {
  name: 'StringStringEntryProto',
  fields: [
    [1, { name: 'key', kind: 'string' }],
    [2, { name: 'value', kind: 'string' }],
  ],
};

// message OperatorSetIdProto { domain = 1; version = 2; }
export const OperatorSetIdProto: Schema = {
  name: 'OperatorSetIdProto',
  fields: [
    [1, { name: 'domain', kind: 'string' }],
    [2, { name: 'version', kind: 'int64' }],
  ],
};

// message TensorProto { dims = 1; data_type = 2; float_data = 4 [packed]; name = 8;
//   raw_data = 9; data_location = 14; }
export const TensorProto: Schema = {
  name: 'TensorProto',
  fields: [
    [1, { name: 'dims', kind: 'int64', repeated: true }],
    [2, { name: 'dataType', kind: 'int64' }],
    [8, { name: 'name', kind: 'string' }],
    [4, { name: 'floatData', kind: 'float', repeated: true }],
    [9, { name: 'rawData', kind: 'bytes' }],
    [14, { name: 'dataLocation', kind: 'int64' }],
  ],
};

// message AttributeProto { name = 1; type = 20; f = 2; i = 3; s = 4; t = 5; floats = 7; ints = 8; }
export const AttributeProto: Schema = {
  name: 'AttributeProto',
  fields: [
    [1, { name: 'name', kind: 'string' }],
    [20, { name: 'type', kind: 'int64' }],
    [2, { name: 'f', kind: 'float' }],
    [3, { name: 'i', kind: 'int64' }],
    [4, { name: 's', kind: 'bytes' }],
    [5, { name: 't', kind: 'message', message: () => TensorProto }],
    [7, { name: 'floats', kind: 'float', repeated: true }],
    [8, { name: 'ints', kind: 'int64', repeated: true }],
  ],
};

// message NodeProto { input = 1; output = 2; name = 3; op_type = 4; domain = 7; attribute = 5; }
export const NodeProto: Schema = {
  name: 'NodeProto',
  fields: [
    [1, { name: 'input', kind: 'string', repeated: true }],
    [2, { name: 'output', kind: 'string', repeated: true }],
    [3, { name: 'name', kind: 'string' }],
    [4, { name: 'opType', kind: 'string' }],
    [7, { name: 'domain', kind: 'string' }],
    [5, { name: 'attribute', kind: 'message', repeated: true, message: () => AttributeProto }],
  ],
};

// message TensorShapeProto.Dimension { oneof value { dim_value = 1; dim_param = 2; } }
const Dimension: Schema = {
  name: 'Dimension',
  fields: [
    [1, { name: 'dimValue', kind: 'int64' }],
    [2, { name: 'dimParam', kind: 'string' }],
  ],
};
// message TensorShapeProto { repeated Dimension dim = 1; }
const TensorShapeProto: Schema = { name: 'TensorShapeProto', fields: [[1, { name: 'dim', kind: 'message', repeated: true, message: () => Dimension }]] };
// message TypeProto.Tensor { elem_type = 1; shape = 2; }
const TypeProtoTensor: Schema = {
  name: 'Tensor',
  fields: [
    [1, { name: 'elemType', kind: 'int64' }],
    [2, { name: 'shape', kind: 'message', message: () => TensorShapeProto }],
  ],
};
// message TypeProto { oneof value { Tensor tensor_type = 1; … } }
const TypeProto: Schema = { name: 'TypeProto', fields: [[1, { name: 'tensorType', kind: 'message', message: () => TypeProtoTensor }]] };

// message ValueInfoProto { name = 1; type = 2; }
export const ValueInfoProto: Schema = {
  name: 'ValueInfoProto',
  fields: [
    [1, { name: 'name', kind: 'string' }],
    [2, { name: 'type', kind: 'message', message: () => TypeProto }],
  ],
};

// message GraphProto { node = 1; name = 2; initializer = 5; input = 11; output = 12; }
export const GraphProto: Schema = {
  name: 'GraphProto',
  fields: [
    [1, { name: 'node', kind: 'message', repeated: true, message: () => NodeProto }],
    [2, { name: 'name', kind: 'string' }],
    [5, { name: 'initializer', kind: 'message', repeated: true, message: () => TensorProto }],
    [11, { name: 'input', kind: 'message', repeated: true, message: () => ValueInfoProto }],
    [12, { name: 'output', kind: 'message', repeated: true, message: () => ValueInfoProto }],
  ],
};

// message ModelProto { ir_version = 1; opset_import = 8; producer_name = 2;
//   producer_version = 3; domain = 4; model_version = 5; doc_string = 6;
//   metadata_props = 14; graph = 7; }
// The graph is written last (any field order is valid protobuf): a file cut short
// anywhere then loses part of its graph, which the reader notices, rather than
// trailing metadata, which it could not.
export const ModelProto: Schema = {
  name: 'ModelProto',
  fields: [
    [1, { name: 'irVersion', kind: 'int64' }],
    [8, { name: 'opsetImport', kind: 'message', repeated: true, message: () => OperatorSetIdProto }],
    [2, { name: 'producerName', kind: 'string' }],
    [3, { name: 'producerVersion', kind: 'string' }],
    [4, { name: 'domain', kind: 'string' }],
    [5, { name: 'modelVersion', kind: 'int64' }],
    [6, { name: 'docString', kind: 'string' }],
    [14, { name: 'metadataProps', kind: 'message', repeated: true, message: () => StringStringEntryProto }],
    [7, { name: 'graph', kind: 'message', message: () => GraphProto }],
  ],
};
