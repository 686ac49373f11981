// Logistic regression by Newton's method (iteratively reweighted least squares) with an L2 penalty,
// on standardized features; the weights are mapped back to raw feature units so the exported
// MatMul/Add/Sigmoid graph takes the raw features.
import { assert } from "../../core/shared/assert";

export type LogisticOptions = { l2?: number; iterationsMax?: number; tolerance?: number };
export type LogisticModel = { weights: number[]; bias: number; iterations: number; converged: boolean };

export const LOGISTIC_FEATURES_MAX = 200;

function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}

/** Solves A x = b for symmetric positive-definite A (Cholesky), in place on copies. */
export function solveSymmetric(matrix: Float64Array, vector: Float64Array, size: number): Float64Array {
  const lower = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = matrix[i * size + j]!;
      for (let k = 0; k < j; k += 1) sum -= lower[i * size + k]! * lower[j * size + k]!;
      if (i === j) {
        assert(sum > 0, "matrix is not positive definite");
        lower[i * size + i] = Math.sqrt(sum);
      } else lower[i * size + j] = sum / lower[j * size + j]!;
    }
  }
  const y = new Float64Array(size);
  for (let i = 0; i < size; i += 1) {
    let sum = vector[i]!;
    for (let k = 0; k < i; k += 1) sum -= lower[i * size + k]! * y[k]!;
    y[i] = sum / lower[i * size + i]!;
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i -= 1) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k += 1) sum -= lower[k * size + i]! * x[k]!;
    x[i] = sum / lower[i * size + i]!;
  }
  return x;
}

function standardization(features: ArrayLike<number>, rows: number, featureCount: number) {
  const mean = new Float64Array(featureCount);
  const scale = new Float64Array(featureCount);
  for (let row = 0; row < rows; row += 1) for (let f = 0; f < featureCount; f += 1) mean[f] = mean[f]! + features[row * featureCount + f]!;
  for (let f = 0; f < featureCount; f += 1) mean[f] = mean[f]! / rows;
  for (let row = 0; row < rows; row += 1) {
    for (let f = 0; f < featureCount; f += 1) scale[f] = scale[f]! + (features[row * featureCount + f]! - mean[f]!) ** 2;
  }
  for (let f = 0; f < featureCount; f += 1) {
    const sd = Math.sqrt(scale[f]! / rows);
    scale[f] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/** One Newton step's gradient and Hessian over standardized features plus an intercept column (last). */
function newtonSystem(z: Float64Array, labels: ArrayLike<number>, rows: number, size: number, beta: Float64Array, l2: number) {
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  for (let row = 0; row < rows; row += 1) {
    let logit = 0;
    for (let j = 0; j < size; j += 1) logit += z[row * size + j]! * beta[j]!;
    const p = sigmoid(logit);
    const weight = Math.max(p * (1 - p), 1e-10);
    const residual = p - labels[row]!;
    for (let i = 0; i < size; i += 1) {
      const zi = z[row * size + i]!;
      gradient[i] = gradient[i]! + residual * zi;
      for (let j = 0; j <= i; j += 1) hessian[i * size + j] = hessian[i * size + j]! + weight * zi * z[row * size + j]!;
    }
  }
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < i; j += 1) hessian[j * size + i] = hessian[i * size + j]!;
    // The intercept (last column) is not penalized.
    if (i < size - 1) {
      gradient[i] = gradient[i]! + l2 * beta[i]!;
      hessian[i * size + i] = hessian[i * size + i]! + l2;
    } else hessian[i * size + i] = hessian[i * size + i]! + 1e-9;
  }
  return { gradient, hessian };
}

/** Fits P(label = 1) = sigmoid(x·w + b); labels are 0 or 1. */
export function trainLogistic(features: ArrayLike<number>, labels: ArrayLike<number>, rows: number, featureCount: number, options: LogisticOptions = {}): LogisticModel {
  assert(rows > 0, "training needs rows");
  assert(featureCount > 0 && featureCount <= LOGISTIC_FEATURES_MAX, `featureCount must be 1..${LOGISTIC_FEATURES_MAX}`);
  assert(features.length === rows * featureCount, "feature matrix has the wrong size");
  for (let row = 0; row < rows; row += 1) assert(labels[row] === 0 || labels[row] === 1, "labels must be 0 or 1");
  const { mean, scale } = standardization(features, rows, featureCount);
  const size = featureCount + 1;
  const z = new Float64Array(rows * size);
  for (let row = 0; row < rows; row += 1) {
    for (let f = 0; f < featureCount; f += 1) z[row * size + f] = (features[row * featureCount + f]! - mean[f]!) / scale[f]!;
    z[row * size + featureCount] = 1;
  }
  const l2 = (options.l2 ?? 1) ;
  const beta = new Float64Array(size);
  let iterations = 0;
  let converged = false;
  for (; iterations < (options.iterationsMax ?? 50) && !converged; iterations += 1) {
    const { gradient, hessian } = newtonSystem(z, labels, rows, size, beta, l2);
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let j = 0; j < size; j += 1) {
      beta[j] = beta[j]! - step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    converged = largest < (options.tolerance ?? 1e-8);
  }
  const weights = Array.from({ length: featureCount }, (_, f) => beta[f]! / scale[f]!);
  const bias = beta[featureCount]! - weights.reduce((sum, w, f) => sum + w * mean[f]!, 0);
  return { weights, bias, iterations, converged };
}

export function predictLogistic(model: LogisticModel, features: ArrayLike<number>, rows: number): Float64Array {
  const featureCount = model.weights.length;
  const output = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let logit = model.bias;
    for (let f = 0; f < featureCount; f += 1) logit += model.weights[f]! * features[row * featureCount + f]!;
    output[row] = sigmoid(logit);
  }
  return output;
}
