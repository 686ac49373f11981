// Exporting a trained isolation forest to ONNX and scoring a feature matrix through onnxruntime.
import { assert } from "../../core/shared/assert";
import { buildTreeEnsembleGraph, encodeModel, modelFromGraph } from "../onnx";
import { createSession, releaseSession, runSingleOutput } from "../runtime";
import { anomalyScoreFromPathLength, type IsolationForest } from "./isolation-forest";

export const INPUT_NAME = "subject_features";
export const OUTPUT_NAME = "mean_path_length";

export function isolationForestOnnx(forest: IsolationForest, metadata: Record<string, string> = {}): Uint8Array {
  const graph = buildTreeEnsembleGraph(forest.ensemble, { inputName: INPUT_NAME, outputName: OUTPUT_NAME });
  return encodeModel(modelFromGraph(graph, { model: "isolation-forest", normalizer: String(forest.normalizer), ...metadata }));
}

/** Anomaly scores in [0, 1] for every row: ONNX gives the mean path length, the score is 2^(-E[h]/c(n)). */
export async function scoreWithOnnx(onnx: Uint8Array, normalizer: number, features: Float64Array | Float32Array, rows: number, width: number): Promise<Float64Array> {
  assert(features.length === rows * width, "feature matrix is rows x width");
  if (rows === 0) return new Float64Array(0);
  const session = await createSession(onnx);
  try {
    const pathLengths = await runSingleOutput(session, { data: Float32Array.from(features), rows, columns: width });
    assert(pathLengths.length === rows, "one path length per row");
    return Float64Array.from(pathLengths, (length) => anomalyScoreFromPathLength(length, normalizer));
  } finally {
    await releaseSession(session);
  }
}
