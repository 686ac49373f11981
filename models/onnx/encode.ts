// Serializes an OnnxModel to the ONNX protobuf wire format. Field numbers are those of onnx/onnx.proto
// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
// TensorShapeProto, OperatorSetIdProto, StringStringEntryProto); a wrong number makes onnxruntime refuse
// the model, which the tests in tests/models/onnx.test.ts would catch.
import { assert, assertNever } from "../../core/shared/assert";
import { ProtoWriter } from "./protobuf";
import {
  ONNX_DATA_TYPE, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo,
} from "./types";

const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, domain: 4, modelVersion: 5, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 };
const OPSET = { domain: 1, version: 2 };
const ENTRY = { key: 1, value: 2 };
const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensorType: 1 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIMENSION = { dimValue: 1, dimParam: 2 };

const UTF8 = new TextEncoder();

function tensorRawData(tensor: OnnxTensor): Uint8Array {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  assert(tensor.values.length === count, `tensor ${tensor.name} has ${tensor.values.length} values for dims [${tensor.dims}]`);
  const width = tensor.dataType === "float" ? 4 : 8;
  const raw = new Uint8Array(count * width);
  const view = new DataView(raw.buffer);
  for (let index = 0; index < count; index += 1) {
    const value = tensor.values[index]!;
    if (tensor.dataType === "float") view.setFloat32(index * 4, Number(value), true);
    else if (tensor.dataType === "double") view.setFloat64(index * 8, Number(value), true);
    else view.setBigInt64(index * 8, typeof value === "bigint" ? value : BigInt(value), true);
  }
  return raw;
}

function writeTensor(writer: ProtoWriter, tensor: OnnxTensor): void {
  writer.packedInt64s(TENSOR.dims, tensor.dims);
  writer.int64(TENSOR.dataType, ONNX_DATA_TYPE[tensor.dataType]);
  writer.string(TENSOR.name, tensor.name);
  writer.bytes(TENSOR.rawData, tensorRawData(tensor));
}

function writeAttribute(writer: ProtoWriter, attribute: OnnxAttribute): void {
  writer.string(ATTRIBUTE.name, attribute.name);
  writer.int64(ATTRIBUTE.type, ATTRIBUTE_TYPE[attribute.kind]);
  switch (attribute.kind) {
    case "float": writer.float(ATTRIBUTE.f, attribute.value); return;
    case "int": writer.int64(ATTRIBUTE.i, attribute.value); return;
    case "string": writer.string(ATTRIBUTE.s, attribute.value); return;
    case "tensor": writer.message(ATTRIBUTE.t, (inner) => writeTensor(inner, attribute.value)); return;
    case "floats": writer.packedFloats(ATTRIBUTE.floats, attribute.value); return;
    case "ints": writer.packedInt64s(ATTRIBUTE.ints, attribute.value); return;
    case "strings":
      for (const value of attribute.value) writer.bytes(ATTRIBUTE.strings, UTF8.encode(value));
      return;
    default: assertNever(attribute, "attribute kind");
  }
}

function writeNode(writer: ProtoWriter, node: OnnxNode): void {
  assert(node.opType.length > 0, "node needs an op type");
  for (const input of node.inputs) writer.string(NODE.input, input);
  for (const output of node.outputs) writer.string(NODE.output, output);
  if (node.name) writer.string(NODE.name, node.name);
  writer.string(NODE.opType, node.opType);
  for (const attribute of node.attributes ?? []) writer.message(NODE.attribute, (inner) => writeAttribute(inner, attribute));
  if (node.domain) writer.string(NODE.domain, node.domain);
}

function writeValueInfo(writer: ProtoWriter, info: OnnxValueInfo): void {
  writer.string(VALUE_INFO.name, info.name);
  writer.message(VALUE_INFO.type, (type) =>
    type.message(TYPE.tensorType, (tensorType) => {
      tensorType.int64(TENSOR_TYPE.elemType, ONNX_DATA_TYPE[info.elemType]);
      tensorType.message(TENSOR_TYPE.shape, (shape) => {
        for (const dim of info.shape) {
          shape.message(SHAPE.dim, (dimension) => {
            if (typeof dim === "number") dimension.int64(DIMENSION.dimValue, dim);
            else dimension.string(DIMENSION.dimParam, dim);
          });
        }
      });
    }));
}

function writeGraph(writer: ProtoWriter, graph: OnnxGraph): void {
  assert(graph.inputs.length > 0, "graph needs an input");
  assert(graph.outputs.length > 0, "graph needs an output");
  for (const node of graph.nodes) writer.message(GRAPH.node, (inner) => writeNode(inner, node));
  writer.string(GRAPH.name, graph.name);
  for (const tensor of graph.initializers) writer.message(GRAPH.initializer, (inner) => writeTensor(inner, tensor));
  if (graph.docString) writer.string(GRAPH.docString, graph.docString);
  for (const input of graph.inputs) writer.message(GRAPH.input, (inner) => writeValueInfo(inner, input));
  for (const output of graph.outputs) writer.message(GRAPH.output, (inner) => writeValueInfo(inner, output));
}

/** Encodes a model as ONNX ModelProto bytes, loadable by onnxruntime's InferenceSession.create(buffer). */
export function encodeModel(model: OnnxModel): Uint8Array {
  assert(model.opsetImports.length > 0, "a model must import at least one opset");
  const writer = new ProtoWriter();
  writer.int64(MODEL.irVersion, model.irVersion);
  writer.string(MODEL.producerName, model.producerName);
  writer.string(MODEL.producerVersion, model.producerVersion);
  if (model.modelVersion !== undefined) writer.int64(MODEL.modelVersion, model.modelVersion);
  if (model.docString) writer.string(MODEL.docString, model.docString);
  writer.message(MODEL.graph, (inner) => writeGraph(inner, model.graph));
  for (const opset of model.opsetImports) {
    writer.message(MODEL.opsetImport, (inner) => {
      inner.string(OPSET.domain, opset.domain);
      inner.int64(OPSET.version, opset.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writer.message(MODEL.metadataProps, (inner) => inner.string(ENTRY.key, key).string(ENTRY.value, value));
  }
  return writer.finish();
}
