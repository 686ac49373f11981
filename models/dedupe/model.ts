// The pairwise classifier: logistic regression trained on synthetic duplicates of the records at
// hand (positives) and on blocked pairs of distinct records (negatives), exported to ONNX
// (MatMul + Add + Sigmoid) and scored through onnxruntime in batches.
import { assert } from "../../core/shared/assert";
import { buildLinearGraph, encodeModel, modelFromGraph } from "../onnx";
import { createSession, releaseSession, runSingleOutput } from "../runtime";
import { trainLogistic, type LogisticModel } from "../train/logistic";
import { seededRandom } from "../train/random";
import { blockPairs, type CandidatePairs } from "./blocking";
import { featureCount, INPUT_NAME, OUTPUT_NAME, pairFeatureMatrix, writePairFeatures } from "./features";
import { prepareRecords, type DedupeInput } from "./fields";
import { perturbRecord } from "./perturb";

export const TRAINING_POSITIVES_MAX = 3_000;
export const NEGATIVES_PER_POSITIVE = 3;
export const DUPLICATE_THRESHOLD = 0.5;

export type DedupeModel = { fieldNames: string[]; weights: number[]; bias: number; onnx: Uint8Array; trainingPairs: number };

/** Training rows: each sampled record against its perturbed copy (1), and blocked pairs of the data (0). */
function trainingSet(input: DedupeInput, seed: number): { features: Float32Array; labels: Float64Array; rows: number } {
  const random = seededRandom(seed);
  const n = input.ids.length;
  const positives = Math.min(TRAINING_POSITIVES_MAX, n);
  const base: string[][] = [];
  const copies: string[][] = [];
  for (let i = 0; i < positives; i += 1) {
    const row = input.values[Math.floor(random() * n)]!;
    base.push(row);
    copies.push(perturbRecord(row, input.roles, random));
  }
  const prepared = prepareRecords({ ...input, ids: [...base, ...copies].map((_, i) => String(i)), values: [...base, ...copies] });
  const real = prepareRecords(input);
  const blocked = blockPairs(real);
  const negatives = Math.min(blocked.count, positives * NEGATIVES_PER_POSITIVE);
  const width = featureCount(input.fieldNames.length);
  const features = new Float32Array((positives + negatives) * width);
  const labels = new Float64Array(positives + negatives);
  for (let i = 0; i < positives; i += 1) {
    writePairFeatures(prepared, i, positives + i, features, i * width);
    labels[i] = 1;
  }
  for (let k = 0; k < negatives; k += 1) {
    const p = Math.floor(random() * blocked.count);
    writePairFeatures(real, blocked.left[p]!, blocked.right[p]!, features, (positives + k) * width);
  }
  return { features, labels, rows: positives + negatives };
}

export function trainDedupeModel(input: DedupeInput, seed = 42): DedupeModel {
  assert(input.ids.length >= 2, "at least two records are needed");
  const set = trainingSet(input, seed);
  const width = featureCount(input.fieldNames.length);
  const fitted: LogisticModel = trainLogistic(set.features, set.labels, set.rows, width, { l2: 1e-2 });
  const graph = buildLinearGraph({ inputName: INPUT_NAME, outputName: OUTPUT_NAME, weights: fitted.weights, bias: fitted.bias, sigmoid: true });
  const onnx = encodeModel(modelFromGraph(graph, { model: "dedupe-pairs", fields: input.fieldNames.join(",") }));
  return { fieldNames: input.fieldNames, weights: fitted.weights, bias: fitted.bias, onnx, trainingPairs: set.rows };
}

export type ScoredPairs = CandidatePairs & { scores: Float32Array };

/** Blocks the records and scores every candidate pair through onnxruntime. */
export async function scorePairs(model: DedupeModel, input: DedupeInput, window?: number): Promise<ScoredPairs> {
  const records = prepareRecords(input);
  const pairs = blockPairs(records, window);
  const width = featureCount(input.fieldNames.length);
  if (pairs.count === 0) return { ...pairs, scores: new Float32Array(0) };
  const session = await createSession(model.onnx);
  try {
    const scores = await runSingleOutput(session, { data: pairFeatureMatrix(records, pairs), rows: pairs.count, columns: width });
    assert(scores.length === pairs.count, "one score per pair");
    return { ...pairs, scores };
  } finally {
    await releaseSession(session);
  }
}
