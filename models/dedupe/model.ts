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
import { prepareRecords, type DedupeInput, type PreparedRecords } from "./fields";
import { perturbRecord } from "./perturb";

export const TRAINING_POSITIVES_MAX = 3_000;
export const NEGATIVES_PER_POSITIVE = 3;
export const DUPLICATE_THRESHOLD = 0.5;

export type DedupeModel = { fieldNames: string[]; weights: number[]; bias: number; onnx: Uint8Array; trainingPairs: number };

/** The scanned records, prepared and blocked once: training draws its negatives from the same pairs the scan scores. */
export type BlockedRecords = { records: PreparedRecords; pairs: CandidatePairs };

export function blockRecords(input: DedupeInput, window?: number): BlockedRecords {
  const records = prepareRecords(input);
  return { records, pairs: blockPairs(records, window) };
}

/** Training rows: each sampled record against its perturbed copy (1), and blocked pairs of the data (0). */
function trainingSet(input: DedupeInput, blocked: BlockedRecords, seed: number): { features: Float32Array; labels: Float64Array; rows: number } {
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
  const { records: real, pairs } = blocked;
  const negatives = Math.min(pairs.count, positives * NEGATIVES_PER_POSITIVE);
  const width = featureCount(input.fieldNames.length);
  const features = new Float32Array((positives + negatives) * width);
  const labels = new Float64Array(positives + negatives);
  for (let i = 0; i < positives; i += 1) {
    writePairFeatures(prepared, i, positives + i, features, i * width);
    labels[i] = 1;
  }
  for (let k = 0; k < negatives; k += 1) {
    const p = Math.floor(random() * pairs.count);
    writePairFeatures(real, pairs.left[p]!, pairs.right[p]!, features, (positives + k) * width);
  }
  return { features, labels, rows: positives + negatives };
}

export function trainDedupeModel(input: DedupeInput, seed = 42, blocked: BlockedRecords = blockRecords(input)): DedupeModel {
  assert(input.ids.length >= 2, "at least two records are needed");
  const set = trainingSet(input, blocked, seed);
  const width = featureCount(input.fieldNames.length);
  const fitted: LogisticModel = trainLogistic(set.features, set.labels, set.rows, width, { l2: 1e-2 });
  const graph = buildLinearGraph({ inputName: INPUT_NAME, outputName: OUTPUT_NAME, weights: fitted.weights, bias: fitted.bias, sigmoid: true });
  const onnx = encodeModel(modelFromGraph(graph, { model: "dedupe-pairs", fields: input.fieldNames.join(",") }));
  return { fieldNames: input.fieldNames, weights: fitted.weights, bias: fitted.bias, onnx, trainingPairs: set.rows };
}

export type ScoredPairs = CandidatePairs & { scores: Float32Array };

/** Scores every blocked pair through onnxruntime (features for all pairs, then one batched run). */
async function scoreBlocked(model: DedupeModel, blocked: BlockedRecords): Promise<ScoredPairs> {
  const { records, pairs } = blocked;
  if (pairs.count === 0) return { ...pairs, scores: new Float32Array(0) };
  const session = await createSession(model.onnx);
  try {
    const scores = await runSingleOutput(session, { data: pairFeatureMatrix(records, pairs), rows: pairs.count, columns: featureCount(records.roles.length) });
    assert(scores.length === pairs.count, "one score per pair");
    return { ...pairs, scores };
  } finally {
    await releaseSession(session);
  }
}

/** Blocks the records and scores every candidate pair through onnxruntime. */
export async function scorePairs(model: DedupeModel, input: DedupeInput, window?: number): Promise<ScoredPairs> {
  return scoreBlocked(model, blockRecords(input, window));
}

/** The whole scan: prepare and block once, train the classifier on this data, score every candidate pair. */
export async function scanDuplicates(input: DedupeInput, options: { seed?: number; window?: number } = {}): Promise<{ model: DedupeModel; scored: ScoredPairs }> {
  const blocked = blockRecords(input, options.window);
  const model = trainDedupeModel(input, options.seed, blocked);
  return { model, scored: await scoreBlocked(model, blocked) };
}
