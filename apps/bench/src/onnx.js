/**
 * The W2 network as an ONNX file, for onnxruntime-web, until deltaprop writes ONNX
 * itself: a fixture built from the network's own parameters.
 */
import protobuf from 'protobufjs';

/**
 * The fixture: a minimal ONNX file (the ModelProto fields onnxruntime reads, numbered
 * as in onnx.proto) for y = softmax(relu(relu(x·W1 + b1)·W2 + b2)·W3 + b3), written
 * with protobufjs. The weights are deltaprop's, W stored [in, out] as MatMul wants.
 */
const ONNX_PROTO = `
syntax = "proto3";
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message AttributeProto { string name = 1; int64 i = 3; int32 type = 20; }
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; string name = 8; bytes raw_data = 9; }
message Dimension { int64 dim_value = 1; string dim_param = 2; }
message TensorShapeProto { repeated Dimension dim = 1; }
message TensorType { int32 elem_type = 1; TensorShapeProto shape = 2; }
message TypeProto { TensorType tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; repeated AttributeProto attribute = 5; }
message GraphProto { repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message ModelProto { int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

export function onnxModel(layers, activation, { weights, biases }) {
  const root = protobuf.parse(ONNX_PROTO).root;
  const Model = root.lookupType('ModelProto');
  const FLOAT = 1;
  const tensor = (name, dims, values) => ({ name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
  const nodes = [];
  const initializer = [];
  let t = 'x';
  for (let l = 0; l < layers.length - 1; l++) {
    initializer.push(tensor(`W${l + 1}`, [layers[l], layers[l + 1]], weights[l]), tensor(`b${l + 1}`, [layers[l + 1]], biases[l]));
    nodes.push({ opType: 'MatMul', input: [t, `W${l + 1}`], output: [`m${l + 1}`], name: `matmul${l + 1}` });
    nodes.push({ opType: 'Add', input: [`m${l + 1}`, `b${l + 1}`], output: [`u${l + 1}`], name: `add${l + 1}` });
    const out = l === layers.length - 2 ? 'y' : `t${l + 1}`;
    if (activation[l] === 'relu') nodes.push({ opType: 'Relu', input: [`u${l + 1}`], output: [out], name: `relu${l + 1}` });
    else if (activation[l] === 'softmax')
      nodes.push({ opType: 'Softmax', input: [`u${l + 1}`], output: [out], name: `softmax${l + 1}`, attribute: [{ name: 'axis', i: -1, type: 2 }] });
    else throw new Error(`the fixture writes relu and softmax only, not ${activation[l]}`);
    t = out;
  }
  const io = (name, cols) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: cols }] } } } });
  const model = {
    irVersion: 8,
    producerName: 'deltaprop-bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'w2', node: nodes, initializer, input: [io('x', layers[0])], output: [io('y', layers.at(-1))] },
  };
  return Model.encode(Model.fromObject(model)).finish();
}
