// Public surface of the ONNX toolkit: model shapes, the protobuf encoder and the graph builders.
export { encodeModel } from "./encode";
export { ProtoWriter } from "./protobuf";
export {
  buildLinearGraph, buildTreeEnsembleGraph, modelFromGraph, BATCH_DIMENSION, PRODUCER_NAME, PRODUCER_VERSION,
  type GraphNames, type LinearGraphInput,
} from "./builders";
export {
  predictTreeEnsemble, treeLeafValue, assertTreeEnsemble, type TreeEnsemble, type RegressionTree, type TreeNode,
} from "./tree-ensemble";
export {
  ONNX_DATA_TYPE, DEFAULT_IR_VERSION, DEFAULT_OPSETS,
  type OnnxAttribute, type OnnxDataType, type OnnxDimension, type OnnxGraph, type OnnxModel, type OnnxNode,
  type OnnxOpsetImport, type OnnxTensor, type OnnxValueInfo,
} from "./types";
