// Isolation forest (Liu, Ting, Zhou 2008) trained in TypeScript and exported to ONNX as an
// ai.onnx.ml TreeEnsembleRegressor: each leaf holds (depth + c(leaf size)) / trees, so the SUM of
// the ensemble is the mean path length E[h(x)] and onnxruntime computes it exactly. The final
// anomaly score 2^(-E[h(x)] / c(sampleSize)) is one scalar transform done in TypeScript
// (anomalyScoreFromPathLength), so the graph stays a single standard operator.
import { assert } from "../../core/shared/assert";
import type { RegressionTree, TreeEnsemble, TreeNode } from "../onnx";
import { seededRandom } from "../train/random";

export type IsolationForestOptions = { trees?: number; sampleSize?: number; seed?: number };
export type IsolationForest = { ensemble: TreeEnsemble; sampleSize: number; normalizer: number };

export const TREES_DEFAULT = 100;
export const SAMPLE_SIZE_DEFAULT = 256;
const EULER_GAMMA = 0.5772156649;

/** Average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export function anomalyScoreFromPathLength(meanPathLength: number, normalizer: number): number {
  assert(normalizer > 0, "normalizer is positive");
  return Math.pow(2, -meanPathLength / normalizer);
}

type Builder = { nodes: TreeNode[]; random: () => number; features: Float32Array | Float64Array; width: number; depthMax: number; trees: number };

function buildNode(b: Builder, rows: number[], depth: number): number {
  const index = b.nodes.length;
  b.nodes.push({ kind: "leaf", value: 0 });
  const leaf = () => { b.nodes[index] = { kind: "leaf", value: (depth + averagePathLength(rows.length)) / b.trees }; return index; };
  if (depth >= b.depthMax || rows.length <= 1) return leaf();
  // Pick a feature that still varies among these rows; try each at most once in random order.
  const order = Array.from({ length: b.width }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(b.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const feature of order) {
    let low = Infinity;
    let high = -Infinity;
    for (const row of rows) {
      const value = Math.fround(b.features[row * b.width + feature]!);
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (!(high > low)) continue;
    const threshold = Math.fround(low + b.random() * (high - low));
    const left = rows.filter((row) => Math.fround(b.features[row * b.width + feature]!) <= threshold);
    const right = rows.filter((row) => Math.fround(b.features[row * b.width + feature]!) > threshold);
    if (left.length === 0 || right.length === 0) continue;
    const leftIndex = buildNode(b, left, depth + 1);
    const rightIndex = buildNode(b, right, depth + 1);
    b.nodes[index] = { kind: "split", featureIndex: feature, threshold, left: leftIndex, right: rightIndex };
    return index;
  }
  return leaf();
}

/** Trains on rows x width features (row-major). Deterministic for a seed. */
export function trainIsolationForest(features: Float32Array | Float64Array, rows: number, width: number, options: IsolationForestOptions = {}): IsolationForest {
  assert(rows >= 2, "an isolation forest needs at least two rows");
  assert(width >= 1 && features.length === rows * width, "feature matrix is rows x width");
  const trees = options.trees ?? TREES_DEFAULT;
  const sampleSize = Math.min(options.sampleSize ?? SAMPLE_SIZE_DEFAULT, rows);
  const random = seededRandom(options.seed ?? 17);
  const depthMax = Math.ceil(Math.log2(Math.max(2, sampleSize)));
  const built: RegressionTree[] = [];
  for (let t = 0; t < trees; t += 1) {
    const sample: number[] = [];
    for (let i = 0; i < sampleSize; i += 1) sample.push(Math.floor(random() * rows));
    const builder: Builder = { nodes: [], random, features, width, depthMax, trees };
    buildNode(builder, sample, 0);
    built.push({ nodes: builder.nodes });
  }
  return { ensemble: { featureCount: width, targetCount: 1, baseValues: [0], trees: built }, sampleSize, normalizer: averagePathLength(sampleSize) };
}
