// Proves the hand-written ONNX protobuf writer produces models onnxruntime accepts and computes correctly:
// a MatMul+Add+Sigmoid graph and an ai.onnx.ml TreeEnsembleRegressor (including a two-target ensemble)
// give the same numbers as the TypeScript computation, batching splits rows without changing results,
// and malformed bytes or mismatched feeds are refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildLinearGraph, buildTreeEnsembleGraph, encodeModel, modelFromGraph, predictTreeEnsemble, ProtoWriter, type TreeEnsemble,
} from "../../models/onnx";
import { createSession, releaseSession, run, runSingleOutput } from "../../models/runtime";

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function randomMatrix(rows: number, columns: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const data = new Float32Array(rows * columns);
  for (let index = 0; index < data.length; index += 1) data[index] = random() * 4 - 2;
  return data;
}

test("the protobuf writer encodes varints, negative int64s and packed fields per the wire format", () => {
  const bytes = new ProtoWriter().int64(1, 300).int64(2, -1).packedInt64s(3, [1, 2]).string(4, "hi").finish();
  assert.deepEqual([...bytes], [
    0x08, 0xac, 0x02,
    0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    0x1a, 0x02, 0x01, 0x02,
    0x22, 0x02, 0x68, 0x69,
  ]);
});

test("a logistic-regression graph (MatMul, Add, Sigmoid) matches the TypeScript computation", async () => {
  const weights = [0.5, -1.25, 2, 0.125];
  const bias = -0.3;
  const bytes = encodeModel(modelFromGraph(buildLinearGraph({ weights, bias, sigmoid: true, inputName: "features", outputName: "probability" })));
  const session = await createSession(bytes);
  assert.deepEqual(session.inputs.map((input) => [input.name, input.type, input.shape]), [["features", "float32", ["N", 4]]]);
  assert.deepEqual(session.outputs.map((output) => output.name), ["probability"]);
  const rows = 257;
  const data = randomMatrix(rows, 4, 7);
  const probabilities = await runSingleOutput(session, { data, rows, columns: 4 }, { batchRowsMax: 100 });
  assert.equal(probabilities.length, rows);
  for (let row = 0; row < rows; row += 1) {
    let logit = bias;
    for (let column = 0; column < 4; column += 1) logit += weights[column]! * data[row * 4 + column]!;
    const expected = 1 / (1 + Math.exp(-logit));
    assert.ok(Math.abs(probabilities[row]! - expected) < 1e-5, `row ${row}: ${probabilities[row]} vs ${expected}`);
  }
  await releaseSession(session);
});

const ENSEMBLE: TreeEnsemble = {
  featureCount: 3,
  targetCount: 1,
  baseValues: [10],
  trees: [
    { nodes: [
      { kind: "split", featureIndex: 0, threshold: 0.25, left: 1, right: 2 },
      { kind: "split", featureIndex: 2, threshold: -1, left: 3, right: 4 },
      { kind: "leaf", value: 3.5 },
      { kind: "leaf", value: -2 },
      { kind: "leaf", value: 0.75 },
    ] },
    { nodes: [
      { kind: "split", featureIndex: 1, threshold: 0.1, left: 1, right: 2 },
      { kind: "leaf", value: 1.5 },
      { kind: "split", featureIndex: 0, threshold: 1.5, left: 3, right: 4 },
      { kind: "leaf", value: -0.5 },
      { kind: "leaf", value: 4 },
    ] },
    { nodes: [{ kind: "leaf", value: 0.25 }] },
  ],
};

test("a TreeEnsembleRegressor graph matches the TypeScript tree evaluation, thresholds included", async () => {
  const session = await createSession(encodeModel(modelFromGraph(buildTreeEnsembleGraph(ENSEMBLE, { inputName: "x", outputName: "y" }))));
  // Rows on both sides of and exactly at each threshold, plus random rows.
  const fixed = [0.25, 0.1, -1, 0.2500001, 0.1000001, -0.9999, 1.5, 0, 0, 1.5000001, 0.2, -5];
  const random = randomMatrix(500, 3, 11);
  const data = new Float32Array(fixed.length + random.length);
  data.set(fixed);
  data.set(random, fixed.length);
  const rows = data.length / 3;
  const onnx = await runSingleOutput(session, { data, rows, columns: 3 });
  const expected = predictTreeEnsemble(ENSEMBLE, data, rows);
  for (let row = 0; row < rows; row += 1) assert.ok(Math.abs(onnx[row]! - expected[row]!) < 1e-5, `row ${row}: ${onnx[row]} vs ${expected[row]}`);
  assert.equal(expected[0], 10 + -2 + 1.5 + 0.25);
  await releaseSession(session);
});

test("a two-target tree ensemble returns one column per target", async () => {
  const twoTargets: TreeEnsemble = {
    ...ENSEMBLE,
    targetCount: 2,
    baseValues: [1, -1],
    trees: ENSEMBLE.trees.map((tree, index) => ({ ...tree, targetIndex: index % 2 })),
  };
  const session = await createSession(encodeModel(modelFromGraph(buildTreeEnsembleGraph(twoTargets, { inputName: "x", outputName: "y" }))));
  const data = randomMatrix(64, 3, 5);
  const outputs = await run(session, { x: { data, rows: 64, columns: 3 } }, { batchRowsMax: 10 });
  assert.equal(outputs.y!.columns, 2);
  const expected = predictTreeEnsemble(twoTargets, data, 64);
  for (let index = 0; index < expected.length; index += 1) assert.ok(Math.abs(outputs.y!.data[index]! - expected[index]!) < 1e-5);
  await releaseSession(session);
});

test("bytes that are not an ONNX model are refused by createSession", async () => {
  await assert.rejects(createSession(new Uint8Array([1, 2, 3, 4, 5])));
});

test("a feed with the wrong column count is refused before onnxruntime runs", async () => {
  const session = await createSession(encodeModel(modelFromGraph(buildLinearGraph({ weights: [1, 2], bias: 0, sigmoid: false, inputName: "x", outputName: "y" }))));
  await assert.rejects(run(session, { x: { data: new Float32Array(9), rows: 3, columns: 3 } }), /takes 2 columns/);
  await assert.rejects(run(session, { z: { data: new Float32Array(4), rows: 2, columns: 2 } }), /no input named z/);
  await releaseSession(session);
});
