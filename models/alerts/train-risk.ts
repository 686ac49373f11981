// The pipeline both risk models share: a logistic regression trained on the examples dated before a
// cutoff and judged only on those dated from it on (AUC, calibration, and the Brier score of always
// predicting the training base rate), exported to ONNX, registered, and activated when it beats that
// baseline; then the open examples scored by the ACTIVE version with the features that raise their risk.
// What differs between the models (examples, their date, contract, row minimums, holdout) is a RiskModelSpec.
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import type { Actor } from "../../core/governance/permissions";
import { assert } from "../../core/shared/assert";
import { calibrationOf, rocAuc, type Calibration } from "../metrics";
import { buildLinearGraph, encodeModel, modelFromGraph } from "../onnx";
import { activateModelVersion, getActiveVersion, registerTrainedVersion, type ModelDefinition, type ModelVersionRow } from "../registry";
import { createSession, releaseSession, runSingleOutput } from "../runtime";
import { predictLogistic, trainLogistic, type LogisticModel } from "../train/logistic";

const DAY_MS = 86_400_000;

/** One subject (an order line, an invoice): its features in contract order and its outcome (null: not yet known). */
export type RiskExample = { features: number[]; late: 0 | 1 | null };

export type RiskModelSpec<Example extends RiskExample> = {
  /** Registry entry; its contract gives the feature count and names and the ONNX input and output names. */
  definition: ModelDefinition;
  load: (tx: Tx, asOf: string) => Promise<Example[]>;
  /** The date that places an example before or after the cutoff (ISO yyyy-mm-dd). */
  dateOf: (example: Example) => string;
  /** Training needs strictly more labelled examples than these on each side of the cutoff. */
  trainRowsMin: number;
  testRowsMin: number;
  /** What the examples are, for the too-few message: "labelled lines". */
  subjects: string;
  /** The cutoff when the caller gives none: this many days before asOf. */
  holdoutDays: number;
  /** Stored with the weights in the version's params. */
  extraParams?: Record<string, unknown>;
};

export type RiskModelEvaluation = {
  model: LogisticModel;
  trainRows: number;
  testRows: number;
  baseRate: number;
  auc: number;
  calibration: Calibration;
  /** Brier score of always predicting the training base rate: the baseline the model must beat. */
  baselineBrier: number;
  onnx: Uint8Array;
};

export type RiskModelTraining = { version: ModelVersionRow; activated: boolean; evaluation: RiskModelEvaluation };

export type RiskReason = { feature: string; contribution: number; value: number };

function matrixOf(examples: RiskExample[], featureCount: number): { features: Float64Array; labels: Float64Array } {
  const features = new Float64Array(examples.length * featureCount);
  const labels = new Float64Array(examples.length);
  examples.forEach((example, index) => {
    features.set(example.features, index * featureCount);
    labels[index] = example.late ?? 0;
  });
  return { features, labels };
}

/** Trains on labelled examples dated before `cutoff` and evaluates on those dated from it on. */
export function evaluateRiskModel<Example extends RiskExample>(spec: RiskModelSpec<Example>, examples: Example[], cutoff: string): RiskModelEvaluation {
  const { contract } = spec.definition;
  const featureCount = contract.features.length;
  const labelled = examples.filter((example) => example.late !== null);
  const train = labelled.filter((example) => spec.dateOf(example) < cutoff);
  const test = labelled.filter((example) => spec.dateOf(example) >= cutoff);
  assert(train.length > spec.trainRowsMin && test.length > spec.testRowsMin, `too few ${spec.subjects} (train ${train.length}, test ${test.length})`);
  const trainMatrix = matrixOf(train, featureCount);
  const model = trainLogistic(trainMatrix.features, trainMatrix.labels, train.length, featureCount, { l2: 1 });
  const testMatrix = matrixOf(test, featureCount);
  const probabilities = predictLogistic(model, testMatrix.features, test.length);
  const baseRate = trainMatrix.labels.reduce((sum, v) => sum + v, 0) / train.length;
  const baselineBrier = testMatrix.labels.reduce((sum, v) => sum + (baseRate - v) ** 2, 0) / test.length;
  const onnx = encodeModel(modelFromGraph(buildLinearGraph({ weights: model.weights, bias: model.bias, sigmoid: true,
    inputName: contract.inputName, outputName: contract.outputName })));
  return { model, trainRows: train.length, testRows: test.length, baseRate, auc: rocAuc(probabilities, testMatrix.labels),
    calibration: calibrationOf(probabilities, testMatrix.labels, 5), baselineBrier, onnx };
}

/** Scored on held-out examples: ranks better than chance and beats the base-rate Brier score. */
export function beatsBaseRate(evaluation: RiskModelEvaluation): boolean {
  return evaluation.auc > 0.6 && evaluation.calibration.brierScore < evaluation.baselineBrier;
}

/**
 * Loads the examples as of asOf, trains before `holdoutFrom` (default: spec.holdoutDays before asOf),
 * evaluates after it, registers the version with AUC, calibration and the base-rate baseline, and
 * activates it when it beats that baseline.
 */
export async function trainRiskModel<Example extends RiskExample>(
  db: Db, actor: Actor, spec: RiskModelSpec<Example>, options: { asOf: string; holdoutFrom?: string },
): Promise<RiskModelTraining> {
  const examples = await inTransaction(db, (tx) => spec.load(tx, options.asOf));
  const holdoutFrom = options.holdoutFrom ?? new Date(Date.parse(`${options.asOf}T00:00:00Z`) - spec.holdoutDays * DAY_MS).toISOString().slice(0, 10);
  const evaluation = evaluateRiskModel(spec, examples, holdoutFrom);
  const activate = beatsBaseRate(evaluation);
  const first = examples[0];
  const version = await inTransaction(db, async (tx) => {
    const created = await registerTrainedVersion(tx, actor, spec.definition, {
      trainer: "logistic-irls", trainingFrom: first ? spec.dateOf(first) : null, trainingTo: holdoutFrom, trainingRows: evaluation.trainRows,
      params: { weights: evaluation.model.weights, bias: evaluation.model.bias, holdoutFrom, ...spec.extraParams },
      metrics: { evaluation: "time split: trained before holdoutFrom, scored after", testRows: evaluation.testRows, auc: evaluation.auc,
        brier: evaluation.calibration.brierScore, baseRateBrier: evaluation.baselineBrier, expectedCalibrationError: evaluation.calibration.expectedCalibrationError,
        calibration: evaluation.calibration.bins, baseRate: evaluation.baseRate },
      onnx: evaluation.onnx,
    });
    return activate ? activateModelVersion(tx, actor, spec.definition, created.version) : created;
  });
  return { version, activated: activate, evaluation };
}

/** The features that raise one example's risk most: weight x value (the part of the logit each adds), largest first. */
export function topRiskReasons(featureNames: readonly string[], weights: readonly number[], features: number[], top = 3): RiskReason[] {
  return features.map((value, index) => ({ feature: featureNames[index]!, contribution: weights[index]! * value, value }))
    .filter((reason) => reason.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, top);
}

export type ScoredOpenExamples<Example extends RiskExample> = { open: Example[]; probabilities: Float32Array; model: LogisticModel };

/** The examples whose outcome is not yet known as of asOf, scored by the ACTIVE version through onnxruntime; null when no version is active or nothing is open. */
export async function scoreOpenExamples<Example extends RiskExample>(db: Db, spec: RiskModelSpec<Example>, asOf: string): Promise<ScoredOpenExamples<Example> | null> {
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, spec.definition.name));
  if (!active) return null;
  const open = (await inTransaction(db, (tx) => spec.load(tx, asOf))).filter((example) => example.late === null);
  if (open.length === 0) return null;
  const session = await createSession(active.onnx);
  try {
    const features = Float32Array.from(open.flatMap((example) => example.features));
    const probabilities = await runSingleOutput(session, { data: features, rows: open.length, columns: spec.definition.contract.features.length });
    return { open, probabilities, model: modelOf(active.params) };
  } finally {
    await releaseSession(session);
  }
}

/** The stored weights as a model (the iteration figures are not stored: reasons need only the weights). */
function modelOf(params: unknown): LogisticModel {
  const stored = params as { weights: number[]; bias: number };
  return { weights: stored.weights, bias: stored.bias, iterations: 0, converged: true };
}
