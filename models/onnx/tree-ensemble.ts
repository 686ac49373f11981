// The tree-ensemble shape shared by the trainers (gradient boosting, isolation forest) and the ONNX
// exporter, plus a reference evaluator with the same float32 semantics as onnxruntime's
// TreeEnsembleRegressor: thresholds and leaf values are float32, a row goes left when x <= threshold.
import { assert } from "../../core/shared/assert";

export type TreeNode =
  | { kind: "split"; featureIndex: number; threshold: number; left: number; right: number }
  | { kind: "leaf"; value: number };

/** Node 0 is the root; `left` is taken when feature <= threshold (ONNX BRANCH_LEQ). NaN goes right. */
export type RegressionTree = { nodes: TreeNode[]; targetIndex?: number };

export type TreeEnsemble = {
  featureCount: number;
  targetCount: number;
  /** Added to every target's sum (ONNX base_values). */
  baseValues: number[];
  trees: RegressionTree[];
};

export function assertTreeEnsemble(ensemble: TreeEnsemble): void {
  assert(ensemble.featureCount > 0, "ensemble needs at least one feature");
  assert(ensemble.targetCount > 0, "ensemble needs at least one target");
  assert(ensemble.baseValues.length === ensemble.targetCount, "one base value per target");
  for (const tree of ensemble.trees) {
    assert(tree.nodes.length > 0, "a tree needs a root");
    assert((tree.targetIndex ?? 0) < ensemble.targetCount, "tree target out of range");
    for (const node of tree.nodes) {
      if (node.kind === "leaf") continue;
      assert(node.featureIndex >= 0 && node.featureIndex < ensemble.featureCount, "split feature out of range");
      assert(node.left > 0 && node.left < tree.nodes.length, "left child out of range");
      assert(node.right > 0 && node.right < tree.nodes.length, "right child out of range");
    }
  }
}

/** Leaf value reached by one row (row-major features starting at `offset`). */
export function treeLeafValue(tree: RegressionTree, features: ArrayLike<number>, offset: number): number {
  let index = 0;
  for (let depth = 0; depth < tree.nodes.length; depth += 1) {
    const node = tree.nodes[index]!;
    if (node.kind === "leaf") return node.value;
    const value = Math.fround(features[offset + node.featureIndex]!);
    index = value <= Math.fround(node.threshold) ? node.left : node.right;
  }
  throw new Error("tree has a cycle");
}

/** Predicts every row: returns rows x targetCount values, row-major. */
export function predictTreeEnsemble(ensemble: TreeEnsemble, features: ArrayLike<number>, rows: number): Float64Array {
  assert(features.length === rows * ensemble.featureCount, "feature matrix has the wrong size");
  const output = new Float64Array(rows * ensemble.targetCount);
  for (let row = 0; row < rows; row += 1) {
    const offset = row * ensemble.featureCount;
    for (let target = 0; target < ensemble.targetCount; target += 1) output[row * ensemble.targetCount + target] = ensemble.baseValues[target]!;
    for (const tree of ensemble.trees) {
      const slot = row * ensemble.targetCount + (tree.targetIndex ?? 0);
      output[slot] = output[slot]! + Math.fround(treeLeafValue(tree, features, offset));
    }
  }
  return output;
}
