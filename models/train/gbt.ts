// Gradient-boosted regression trees with histogram splits (the LightGBM/XGBoost "hist" method, small
// and in TypeScript): features are binned once, each node's split is found by scanning per-feature
// histograms of gradients, and the larger child's histogram is the parent's minus the smaller one's.
// The result is a TreeEnsemble that models/onnx exports as an ai.onnx.ml TreeEnsembleRegressor.
import { assert } from "../../core/shared/assert";
import { treeLeafValue, type RegressionTree, type TreeEnsemble, type TreeNode } from "../onnx/tree-ensemble";
import { binFeatures, BIN_COUNT_MAX, type BinnedFeatures } from "./bins";
import { seededRandom } from "./random";

export type GbtLoss = { kind: "squared" } | { kind: "quantile"; alpha: number };

export type GbtOptions = {
  treeCount: number;
  learningRate: number;
  maxDepth: number;
  minRowsLeaf: number;
  binCount?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  l2?: number;
  loss?: GbtLoss;
  /** Share of rows each tree is grown on (stochastic gradient boosting). */
  rowSampleRate?: number;
  seed?: number;
  validation?: { features: ArrayLike<number>; targets: ArrayLike<number>; rows: number };
  /** Stop when the validation loss has not improved for this many trees; keep the best prefix. */
  earlyStoppingRounds?: number;
};

export type GbtResult = { ensemble: TreeEnsemble; trainLoss: number[]; validationLoss: number[]; bestTreeCount: number };

export const GBT_TREES_MAX = 5_000;
export const GBT_DEPTH_MAX = 12;
const STRIDE = BIN_COUNT_MAX + 1;
const MIN_GAIN = 1e-12;

type Context = {
  binned: BinnedFeatures;
  gradients: Float64Array;
  l2: number;
  minRowsLeaf: number;
  maxDepth: number;
};

type Split = { feature: number; bin: number; gain: number };

function quantileOf(values: number[], alpha: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const position = alpha * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function lossOf(loss: GbtLoss, predictions: ArrayLike<number>, targets: ArrayLike<number>, rows: number): number {
  let total = 0;
  for (let row = 0; row < rows; row += 1) {
    const error = targets[row]! - predictions[row]!;
    total += loss.kind === "squared" ? error * error : error >= 0 ? loss.alpha * error : (loss.alpha - 1) * error;
  }
  return rows === 0 ? 0 : total / rows;
}

function histogramOf(context: Context, index: Uint32Array, start: number, end: number): Float64Array {
  const { binned, gradients } = context;
  const featureCount = binned.featureCount;
  const codes = binned.codes;
  const histogram = new Float64Array(featureCount * STRIDE * 2);
  for (let position = start; position < end; position += 1) {
    const row = index[position]!;
    const gradient = gradients[row]!;
    const offset = row * featureCount;
    for (let feature = 0; feature < featureCount; feature += 1) {
      const slot = (feature * STRIDE + codes[offset + feature]!) * 2;
      histogram[slot] = histogram[slot]! + gradient;
      histogram[slot + 1] = histogram[slot + 1]! + 1;
    }
  }
  return histogram;
}

function bestSplit(context: Context, histogram: Float64Array, gradientSum: number, count: number): Split | null {
  const { l2, minRowsLeaf, binned } = context;
  const parentScore = (gradientSum * gradientSum) / (count + l2);
  let best: Split | null = null;
  for (let feature = 0; feature < binned.featureCount; feature += 1) {
    const cuts = binned.thresholds[feature]!.length;
    const base = feature * STRIDE * 2;
    let leftGradient = 0;
    let leftCount = 0;
    for (let bin = 0; bin < cuts; bin += 1) {
      leftGradient += histogram[base + bin * 2]!;
      leftCount += histogram[base + bin * 2 + 1]!;
      const rightCount = count - leftCount;
      if (leftCount < minRowsLeaf) continue;
      if (rightCount < minRowsLeaf) break;
      const rightGradient = gradientSum - leftGradient;
      const gain = (leftGradient * leftGradient) / (leftCount + l2) + (rightGradient * rightGradient) / (rightCount + l2) - parentScore;
      if (gain > MIN_GAIN && (best === null || gain > best.gain)) best = { feature, bin, gain };
    }
  }
  return best;
}

/** Moves rows going left (code <= bin) to the front of index[start, end); returns the boundary. */
function partition(context: Context, index: Uint32Array, start: number, end: number, split: Split): number {
  const { codes, featureCount } = context.binned;
  let boundary = start;
  for (let position = start; position < end; position += 1) {
    const row = index[position]!;
    if (codes[row * featureCount + split.feature]! <= split.bin) {
      index[position] = index[boundary]!;
      index[boundary] = row;
      boundary += 1;
    }
  }
  return boundary;
}

type PendingNode = { nodeIndex: number; start: number; end: number; depth: number; histogram: Float64Array; gradientSum: number };
type GrownTree = { nodes: TreeNode[]; bins: number[]; leaves: { nodeIndex: number; start: number; end: number }[] };

/** Grows one tree's structure on index[0, count); leaf values are filled by the caller. */
function growTree(context: Context, index: Uint32Array, count: number): GrownTree {
  const nodes: TreeNode[] = [{ kind: "leaf", value: 0 }];
  const bins: number[] = [-1];
  const leaves: GrownTree["leaves"] = [];
  let gradientSum = 0;
  for (let position = 0; position < count; position += 1) gradientSum += context.gradients[index[position]!]!;
  const stack: PendingNode[] = [{ nodeIndex: 0, start: 0, end: count, depth: 0, histogram: histogramOf(context, index, 0, count), gradientSum }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const rows = node.end - node.start;
    const split = node.depth < context.maxDepth && rows >= 2 * context.minRowsLeaf ? bestSplit(context, node.histogram, node.gradientSum, rows) : null;
    if (!split) {
      leaves.push({ nodeIndex: node.nodeIndex, start: node.start, end: node.end });
      continue;
    }
    const boundary = partition(context, index, node.start, node.end, split);
    const leftIndex = nodes.length;
    nodes.push({ kind: "leaf", value: 0 }, { kind: "leaf", value: 0 });
    bins.push(-1, -1);
    nodes[node.nodeIndex] = { kind: "split", featureIndex: split.feature, threshold: context.binned.thresholds[split.feature]![split.bin]!, left: leftIndex, right: leftIndex + 1 };
    bins[node.nodeIndex] = split.bin;
    const leftSmaller = boundary - node.start <= node.end - boundary;
    const small = leftSmaller ? histogramOf(context, index, node.start, boundary) : histogramOf(context, index, boundary, node.end);
    const large = node.histogram;
    for (let slot = 0; slot < large.length; slot += 1) large[slot] = large[slot]! - small[slot]!;
    let leftGradient = 0;
    for (let position = node.start; position < boundary; position += 1) leftGradient += context.gradients[index[position]!]!;
    stack.push(
      { nodeIndex: leftIndex, start: node.start, end: boundary, depth: node.depth + 1, histogram: leftSmaller ? small : large, gradientSum: leftGradient },
      { nodeIndex: leftIndex + 1, start: boundary, end: node.end, depth: node.depth + 1, histogram: leftSmaller ? large : small, gradientSum: node.gradientSum - leftGradient },
    );
  }
  return { nodes, bins, leaves };
}

function leafValue(loss: GbtLoss, context: Context, index: Uint32Array, leaf: GrownTree["leaves"][number], targets: ArrayLike<number>, predictions: Float64Array): number {
  if (loss.kind === "squared") {
    let gradientSum = 0;
    for (let position = leaf.start; position < leaf.end; position += 1) gradientSum += context.gradients[index[position]!]!;
    return -gradientSum / (leaf.end - leaf.start + context.l2);
  }
  // Quantile loss: the leaf moves by the alpha-quantile of its residuals (Friedman's LAD step).
  const residuals: number[] = [];
  for (let position = leaf.start; position < leaf.end; position += 1) {
    const row = index[position]!;
    residuals.push(targets[row]! - predictions[row]!);
  }
  return quantileOf(residuals, loss.alpha);
}

/** Leaf reached by a training row, following split bins over the binned codes. */
function leafOfBinnedRow(tree: GrownTree, binned: BinnedFeatures, row: number): number {
  let nodeIndex = 0;
  for (;;) {
    const node = tree.nodes[nodeIndex]!;
    if (node.kind === "leaf") return node.value;
    nodeIndex = binned.codes[row * binned.featureCount + node.featureIndex]! <= tree.bins[nodeIndex]! ? node.left : node.right;
  }
}

function computeGradients(loss: GbtLoss, predictions: Float64Array, targets: ArrayLike<number>, gradients: Float64Array): void {
  for (let row = 0; row < gradients.length; row += 1) {
    const difference = predictions[row]! - targets[row]!;
    gradients[row] = loss.kind === "squared" ? difference : difference >= 0 ? 1 - loss.alpha : -loss.alpha;
  }
}

function sampleRows(rows: number, rate: number, random: () => number, index: Uint32Array): number {
  if (rate >= 1) {
    for (let row = 0; row < rows; row += 1) index[row] = row;
    return rows;
  }
  let count = 0;
  for (let row = 0; row < rows; row += 1) if (random() < rate) index[count++] = row;
  return count;
}

function checkOptions(options: GbtOptions, rows: number): void {
  assert(rows > 0, "training needs rows");
  assert(Number.isInteger(options.treeCount) && options.treeCount > 0 && options.treeCount <= GBT_TREES_MAX, `treeCount must be 1..${GBT_TREES_MAX}`);
  assert(Number.isInteger(options.maxDepth) && options.maxDepth > 0 && options.maxDepth <= GBT_DEPTH_MAX, `maxDepth must be 1..${GBT_DEPTH_MAX}`);
  assert(options.learningRate > 0 && options.learningRate <= 1, "learningRate must be in (0, 1]");
  assert(options.minRowsLeaf >= 1, "minRowsLeaf must be at least 1");
  const loss = options.loss ?? { kind: "squared" };
  assert(loss.kind === "squared" || (loss.alpha > 0 && loss.alpha < 1), "quantile alpha must be in (0, 1)");
}

/** Trains a boosted ensemble on a row-major float matrix. Deterministic for a given seed. */
export function trainGbt(features: ArrayLike<number>, targets: ArrayLike<number>, rows: number, featureCount: number, options: GbtOptions): GbtResult {
  checkOptions(options, rows);
  assert(targets.length === rows, "one target per row");
  const loss = options.loss ?? { kind: "squared" as const };
  const binned = binFeatures(features, rows, featureCount, options.binCount ?? 64);
  const context: Context = { binned, gradients: new Float64Array(rows), l2: options.l2 ?? 1, minRowsLeaf: options.minRowsLeaf, maxDepth: options.maxDepth };
  const initial = loss.kind === "squared" ? Array.from(targets).reduce((sum, value) => sum + value, 0) / rows : quantileOf(Array.from(targets), loss.alpha);
  const predictions = new Float64Array(rows).fill(Math.fround(initial));
  const validation = options.validation;
  const validationPredictions = new Float64Array(validation?.rows ?? 0).fill(Math.fround(initial));
  const random = seededRandom(options.seed ?? 1);
  const index = new Uint32Array(rows);
  const trees: RegressionTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, treeCount: 0 };
  for (let treeNumber = 0; treeNumber < options.treeCount; treeNumber += 1) {
    computeGradients(loss, predictions, targets, context.gradients);
    const count = sampleRows(rows, options.rowSampleRate ?? 1, random, index);
    if (count < 2 * options.minRowsLeaf) continue;
    const grown = growTree(context, index, count);
    for (const leaf of grown.leaves) {
      grown.nodes[leaf.nodeIndex] = { kind: "leaf", value: Math.fround(options.learningRate * leafValue(loss, context, index, leaf, targets, predictions)) };
    }
    for (let row = 0; row < rows; row += 1) predictions[row] = predictions[row]! + leafOfBinnedRow(grown, binned, row);
    const tree: RegressionTree = { nodes: grown.nodes };
    trees.push(tree);
    trainLoss.push(lossOf(loss, predictions, targets, rows));
    if (!validation) continue;
    for (let row = 0; row < validation.rows; row += 1) validationPredictions[row] = validationPredictions[row]! + treeLeafValue(tree, validation.features, row * featureCount);
    const current = lossOf(loss, validationPredictions, validation.targets, validation.rows);
    validationLoss.push(current);
    if (current < best.loss) best = { loss: current, treeCount: trees.length };
    else if (options.earlyStoppingRounds !== undefined && trees.length - best.treeCount >= options.earlyStoppingRounds) break;
  }
  const bestTreeCount = validation ? Math.max(1, best.treeCount) : trees.length;
  assert(trees.length > 0, "no tree could be grown: too few rows for minRowsLeaf");
  return {
    ensemble: { featureCount, targetCount: 1, baseValues: [Math.fround(initial)], trees: trees.slice(0, bestTreeCount) },
    trainLoss, validationLoss, bestTreeCount,
  };
}
