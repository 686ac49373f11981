// Plain TypeScript shapes for the parts of the ONNX ModelProto Keel writes. encodeModel turns them into bytes.

export type OnnxDataType = "float" | "double" | "int64" | "int32" | "string" | "bool";

/** ONNX TensorProto.DataType numbers (onnx.proto). */
export const ONNX_DATA_TYPE: Record<OnnxDataType, number> = {
  float: 1,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  double: 11,
};

/** A dimension is a fixed size or a symbolic name such as "N" for the batch. */
export type OnnxDimension = number | string;

export type OnnxTensor = {
  name: string;
  dataType: "float" | "double" | "int64";
  dims: number[];
  values: ArrayLike<number> | ArrayLike<bigint>;
};

export type OnnxValueInfo = { name: string; elemType: OnnxDataType; shape: OnnxDimension[] };

export type OnnxAttribute =
  | { name: string; kind: "float"; value: number }
  | { name: string; kind: "int"; value: number | bigint }
  | { name: string; kind: "string"; value: string }
  | { name: string; kind: "tensor"; value: OnnxTensor }
  | { name: string; kind: "floats"; value: ArrayLike<number> }
  | { name: string; kind: "ints"; value: ArrayLike<number | bigint> }
  | { name: string; kind: "strings"; value: readonly string[] };

export type OnnxNode = {
  opType: string;
  /** "" is the default ONNX domain; "ai.onnx.ml" for the classical-ML operators. */
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
};

export type OnnxGraph = {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
};

export type OnnxOpsetImport = { domain: string; version: number };

export type OnnxModel = {
  irVersion: number;
  opsetImports: OnnxOpsetImport[];
  producerName: string;
  producerVersion: string;
  modelVersion?: number;
  docString?: string;
  graph: OnnxGraph;
  metadata?: Record<string, string>;
};

/** IR 8 and opsets onnxruntime 1.30 runs: ONNX 17 and ai.onnx.ml 3 (TreeEnsembleRegressor v3). */
export const DEFAULT_IR_VERSION = 8;
export const DEFAULT_OPSETS: OnnxOpsetImport[] = [
  { domain: "", version: 17 },
  { domain: "ai.onnx.ml", version: 3 },
];
