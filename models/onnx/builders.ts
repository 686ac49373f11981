// Graph builders for the model families Keel trains: linear/logistic (MatMul + Add [+ Sigmoid]) and tree
// ensembles (ai.onnx.ml TreeEnsembleRegressor). Every graph takes one float input [N, featureCount] and
// returns one float output [N, targets], so the runtime and the contracts treat all models alike.
import { assert } from "../../core/shared/assert";
import { assertTreeEnsemble, type TreeEnsemble } from "./tree-ensemble";
import { DEFAULT_IR_VERSION, DEFAULT_OPSETS, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode } from "./types";

export const BATCH_DIMENSION = "N";
export const PRODUCER_NAME = "keel";
export const PRODUCER_VERSION = "0.1.0";

export type GraphNames = { inputName: string; outputName: string };

/** Wraps a graph into a model with Keel's producer, opsets and optional metadata. */
export function modelFromGraph(graph: OnnxGraph, metadata: Record<string, string> = {}, docString?: string): OnnxModel {
  return {
    irVersion: DEFAULT_IR_VERSION,
    opsetImports: DEFAULT_OPSETS,
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    docString,
    graph,
    metadata,
  };
}

export type LinearGraphInput = GraphNames & { weights: number[]; bias: number; sigmoid: boolean };

/** y = X·w + b, optionally through Sigmoid (logistic regression's probability). */
export function buildLinearGraph(input: LinearGraphInput): OnnxGraph {
  const featureCount = input.weights.length;
  assert(featureCount > 0, "linear graph needs weights");
  assert(input.weights.every(Number.isFinite), "weights must be finite");
  const nodes: OnnxNode[] = [
    { opType: "MatMul", name: "matmul", inputs: [input.inputName, "weights"], outputs: ["linear_product"] },
    { opType: "Add", name: "add_bias", inputs: ["linear_product", "bias"], outputs: [input.sigmoid ? "logit" : input.outputName] },
  ];
  if (input.sigmoid) nodes.push({ opType: "Sigmoid", name: "sigmoid", inputs: ["logit"], outputs: [input.outputName] });
  return {
    name: input.sigmoid ? "logistic_regression" : "linear_regression",
    nodes,
    initializers: [
      { name: "weights", dataType: "float", dims: [featureCount, 1], values: input.weights },
      { name: "bias", dataType: "float", dims: [1], values: [input.bias] },
    ],
    inputs: [{ name: input.inputName, elemType: "float", shape: [BATCH_DIMENSION, featureCount] }],
    outputs: [{ name: input.outputName, elemType: "float", shape: [BATCH_DIMENSION, 1] }],
  };
}

type FlatTreeAttributes = {
  treeIds: number[]; nodeIds: number[]; featureIds: number[]; values: number[]; modes: string[];
  trueIds: number[]; falseIds: number[]; targetTreeIds: number[]; targetNodeIds: number[]; targetIds: number[]; targetWeights: number[];
};

function flattenEnsemble(ensemble: TreeEnsemble): FlatTreeAttributes {
  const flat: FlatTreeAttributes = {
    treeIds: [], nodeIds: [], featureIds: [], values: [], modes: [], trueIds: [], falseIds: [],
    targetTreeIds: [], targetNodeIds: [], targetIds: [], targetWeights: [],
  };
  ensemble.trees.forEach((tree, treeId) => {
    tree.nodes.forEach((node, nodeId) => {
      flat.treeIds.push(treeId);
      flat.nodeIds.push(nodeId);
      if (node.kind === "split") {
        flat.featureIds.push(node.featureIndex);
        flat.values.push(node.threshold);
        flat.modes.push("BRANCH_LEQ");
        flat.trueIds.push(node.left);
        flat.falseIds.push(node.right);
        return;
      }
      flat.featureIds.push(0);
      flat.values.push(0);
      flat.modes.push("LEAF");
      flat.trueIds.push(0);
      flat.falseIds.push(0);
      flat.targetTreeIds.push(treeId);
      flat.targetNodeIds.push(nodeId);
      flat.targetIds.push(tree.targetIndex ?? 0);
      flat.targetWeights.push(node.value);
    });
  });
  return flat;
}

/** A TreeEnsembleRegressor (ai.onnx.ml, SUM aggregation) computing the ensemble exactly as predictTreeEnsemble. */
export function buildTreeEnsembleGraph(ensemble: TreeEnsemble, names: GraphNames): OnnxGraph {
  assertTreeEnsemble(ensemble);
  assert(ensemble.trees.length > 0, "ensemble needs at least one tree");
  const flat = flattenEnsemble(ensemble);
  const attributes: OnnxAttribute[] = [
    { name: "aggregate_function", kind: "string", value: "SUM" },
    { name: "post_transform", kind: "string", value: "NONE" },
    { name: "n_targets", kind: "int", value: ensemble.targetCount },
    { name: "base_values", kind: "floats", value: ensemble.baseValues },
    { name: "nodes_treeids", kind: "ints", value: flat.treeIds },
    { name: "nodes_nodeids", kind: "ints", value: flat.nodeIds },
    { name: "nodes_featureids", kind: "ints", value: flat.featureIds },
    { name: "nodes_values", kind: "floats", value: flat.values },
    { name: "nodes_modes", kind: "strings", value: flat.modes },
    { name: "nodes_truenodeids", kind: "ints", value: flat.trueIds },
    { name: "nodes_falsenodeids", kind: "ints", value: flat.falseIds },
    { name: "target_treeids", kind: "ints", value: flat.targetTreeIds },
    { name: "target_nodeids", kind: "ints", value: flat.targetNodeIds },
    { name: "target_ids", kind: "ints", value: flat.targetIds },
    { name: "target_weights", kind: "floats", value: flat.targetWeights },
  ];
  return {
    name: "tree_ensemble_regressor",
    nodes: [{ opType: "TreeEnsembleRegressor", domain: "ai.onnx.ml", name: "trees", inputs: [names.inputName], outputs: [names.outputName], attributes }],
    initializers: [],
    inputs: [{ name: names.inputName, elemType: "float", shape: [BATCH_DIMENSION, ensemble.featureCount] }],
    outputs: [{ name: names.outputName, elemType: "float", shape: [BATCH_DIMENSION, ensemble.targetCount] }],
  };
}
