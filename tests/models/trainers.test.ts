// Proves the TypeScript trainers learn and export faithfully: histogram bins cut exactly at float32
// thresholds, gradient-boosted trees fit a nonlinear function far better than the mean and give the
// same predictions in onnxruntime as in TypeScript, quantile loss fits a median, logistic regression
// recovers known weights with a high AUC and calibrated probabilities and exports to MatMul/Add/Sigmoid,
// and a contract check names what is wrong with a graph that does not fit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contractProblems, type FeatureContract } from "../../models/contract";
import { calibrationOf, meanAbsoluteError, relativeBias, rocAuc, seasonalNaiveScale } from "../../models/metrics";
import { buildLinearGraph, buildTreeEnsembleGraph, encodeModel, modelFromGraph, predictTreeEnsemble } from "../../models/onnx";
import { createSession, releaseSession, runSingleOutput } from "../../models/runtime";
import { binFeatures, codeOf, thresholdsOf } from "../../models/train/bins";
import { trainGbt } from "../../models/train/gbt";
import { predictLogistic, trainLogistic } from "../../models/train/logistic";
import { seededRandom } from "../../models/train/random";

function dataset(rows: number, seed: number) {
  const random = seededRandom(seed);
  const features = new Float32Array(rows * 3);
  const targets = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const [a, b, c] = [random() * 6 - 3, random() * 6 - 3, random()];
    features.set([a, b, c], row * 3);
    targets[row] = Math.sin(a) * 3 + (b > 0.5 ? 2 : -1) + (random() - 0.5) * 0.2;
  }
  return { features, targets, rows };
}

test("bins put each value in the first bin whose float32 threshold it does not exceed", () => {
  const thresholds = thresholdsOf([1, 1, 2, 3, 3, 3, 5], 255);
  assert.deepEqual([...thresholds], [1, 2, 3]);
  assert.deepEqual([0.5, 1, 1.5, 2, 3, 4, 5, Number.NaN].map((v) => codeOf(thresholds, v)), [0, 0, 1, 1, 2, 3, 3, 3]);
  const binned = binFeatures([0.1, 7, 0.2, 7, 0.3, 8], 3, 2, 4);
  assert.equal(binned.codes.length, 6);
  assert.ok(binned.thresholds[1]!.length === 1 && binned.thresholds[1]![0] === 7);
});

test("gradient-boosted trees fit a nonlinear function and onnxruntime reproduces their predictions", async () => {
  const train = dataset(4_000, 1);
  const holdout = dataset(1_000, 2);
  const result = trainGbt(train.features, train.targets, train.rows, 3, { treeCount: 120, learningRate: 0.1, maxDepth: 4, minRowsLeaf: 10, seed: 3 });
  const predicted = predictTreeEnsemble(result.ensemble, holdout.features, holdout.rows);
  const mean = train.targets.reduce((s, v) => s + v, 0) / train.rows;
  const modelError = meanAbsoluteError(holdout.targets, predicted);
  const meanError = meanAbsoluteError(holdout.targets, new Float64Array(holdout.rows).fill(mean));
  assert.ok(modelError < meanError * 0.2, `holdout MAE ${modelError} should be far below the mean's ${meanError}`);
  assert.ok(result.trainLoss[result.trainLoss.length - 1]! < result.trainLoss[0]!, "training loss decreases");
  const session = await createSession(encodeModel(modelFromGraph(buildTreeEnsembleGraph(result.ensemble, { inputName: "x", outputName: "y" }))));
  const onnx = await runSingleOutput(session, { data: holdout.features, rows: holdout.rows, columns: 3 });
  for (let row = 0; row < holdout.rows; row += 1) assert.ok(Math.abs(onnx[row]! - predicted[row]!) < 1e-4, `row ${row}: ${onnx[row]} vs ${predicted[row]}`);
  await releaseSession(session);
});

test("early stopping keeps the prefix of trees with the best validation loss", () => {
  const train = dataset(1_500, 4);
  const validation = dataset(500, 5);
  const result = trainGbt(train.features, train.targets, train.rows, 3, {
    treeCount: 400, learningRate: 0.3, maxDepth: 6, minRowsLeaf: 2, seed: 1, validation, earlyStoppingRounds: 10,
  });
  assert.equal(result.ensemble.trees.length, result.bestTreeCount);
  const best = Math.min(...result.validationLoss);
  assert.equal(result.validationLoss[result.bestTreeCount - 1], best);
  assert.ok(result.validationLoss.length < 400, "training stopped before the tree budget");
});

test("quantile loss at 0.5 fits the median, not the mean, of a skewed target", () => {
  const rows = 3_000;
  const random = seededRandom(9);
  const features = new Float32Array(rows);
  const targets = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    features[row] = random();
    targets[row] = random() < 0.8 ? 0 : 10; // median 0, mean 2
  }
  const median = trainGbt(features, targets, rows, 1, { treeCount: 30, learningRate: 0.2, maxDepth: 2, minRowsLeaf: 50, loss: { kind: "quantile", alpha: 0.5 } });
  const mean = trainGbt(features, targets, rows, 1, { treeCount: 30, learningRate: 0.2, maxDepth: 2, minRowsLeaf: 50 });
  const probe = Float32Array.from([0.5]);
  assert.ok(Math.abs(predictTreeEnsemble(median.ensemble, probe, 1)[0]!) < 0.3);
  assert.ok(Math.abs(predictTreeEnsemble(mean.ensemble, probe, 1)[0]! - 2) < 0.5);
});

test("logistic regression recovers known weights, ranks well, is calibrated and exports to ONNX", async () => {
  const rows = 5_000;
  const random = seededRandom(21);
  const features = new Float32Array(rows * 2);
  const labels = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const a = random() * 4 - 2;
    const b = random() * 10;
    features.set([a, b], row * 2);
    const p = 1 / (1 + Math.exp(-(1.5 * a - 0.4 * b + 1)));
    labels[row] = random() < p ? 1 : 0;
  }
  const model = trainLogistic(features, labels, rows, 2, { l2: 0.01 });
  assert.ok(model.converged);
  assert.ok(Math.abs(model.weights[0]! - 1.5) < 0.2 && Math.abs(model.weights[1]! + 0.4) < 0.06 && Math.abs(model.bias - 1) < 0.3, JSON.stringify(model));
  const probabilities = predictLogistic(model, features, rows);
  assert.ok(rocAuc(probabilities, labels) > 0.85);
  const calibration = calibrationOf(probabilities, labels);
  assert.ok(calibration.expectedCalibrationError < 0.03, `ECE ${calibration.expectedCalibrationError}`);
  const session = await createSession(encodeModel(modelFromGraph(buildLinearGraph({ weights: model.weights, bias: model.bias, sigmoid: true, inputName: "x", outputName: "p" }))));
  const onnx = await runSingleOutput(session, { data: features.subarray(0, 200), rows: 100, columns: 2 });
  for (let row = 0; row < 100; row += 1) assert.ok(Math.abs(onnx[row]! - probabilities[row]!) < 1e-5);
  await releaseSession(session);
});

test("metrics: AUC of a perfect and a reversed ranking, MASE scale and bias", () => {
  assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
  assert.equal(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  assert.equal(seasonalNaiveScale([1, 2, 3, 5, 4, 6], 2), (2 + 3 + 1 + 1) / 4);
  assert.equal(relativeBias([10, 10], [12, 9]), 0.05);
});

test("a contract check names a wrong input width, a missing output and an extra input", async () => {
  const contract: FeatureContract = {
    name: "t", version: 1, inputName: "x", outputName: "p",
    features: [{ name: "a", type: "float", description: "" }, { name: "b", type: "float", description: "" }],
    outputs: [{ name: "p", description: "" }],
  };
  const fits = await createSession(encodeModel(modelFromGraph(buildLinearGraph({ weights: [1, 2], bias: 0, sigmoid: true, inputName: "x", outputName: "p" }))));
  assert.deepEqual(contractProblems(contract, fits), []);
  const wrong = await createSession(encodeModel(modelFromGraph(buildLinearGraph({ weights: [1, 2, 3], bias: 0, sigmoid: true, inputName: "x", outputName: "y" }))));
  const problems = contractProblems(contract, wrong);
  assert.ok(problems.some((p) => p.includes("3 columns")), problems.join("; "));
  assert.ok(problems.some((p) => p.includes('no output named "p"')), problems.join("; "));
  await releaseSession(fits);
  await releaseSession(wrong);
});
