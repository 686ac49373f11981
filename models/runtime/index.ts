// Inference on ONNX bytes with onnxruntime-node: create a session from a buffer, describe its inputs and
// outputs, and run a float feature matrix through it in bounded batches (whole catalogues at once).
import { InferenceSession, Tensor } from "onnxruntime-node";
import { assert } from "../../core/shared/assert";

/** Rows per onnxruntime call: large enough to amortize the call, small enough to bound memory. */
export const BATCH_ROWS_MAX = 65_536;
export const RUN_TIMEOUT_MS = 60_000;
export const MODEL_BYTES_MAX = 256 * 1024 * 1024;

export type ValueDescription = { name: string; isTensor: boolean; type: string | null; shape: (number | string)[] };

export type ModelSession = {
  session: InferenceSession;
  inputs: ValueDescription[];
  outputs: ValueDescription[];
};

/** A row-major float32 matrix. */
export type FeatureMatrix = { data: Float32Array; rows: number; columns: number };

export type SessionOptions = { threads?: number };

function describe(metadata: readonly InferenceSession.ValueMetadata[]): ValueDescription[] {
  return metadata.map((value) => value.isTensor
    ? { name: value.name, isTensor: true, type: value.type, shape: [...value.shape] }
    : { name: value.name, isTensor: false, type: null, shape: [] });
}

/** Loads ONNX bytes into onnxruntime; throws onnxruntime's error if the bytes are not a valid model. */
export async function createSession(bytes: Uint8Array, options: SessionOptions = {}): Promise<ModelSession> {
  assert(bytes.length > 0, "model bytes are empty");
  assert(bytes.length <= MODEL_BYTES_MAX, "model bytes exceed MODEL_BYTES_MAX");
  const session = await InferenceSession.create(bytes, {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  return { session, inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

export async function releaseSession(model: ModelSession): Promise<void> {
  await model.session.release();
}

function assertMatrixFitsInput(model: ModelSession, name: string, matrix: FeatureMatrix): void {
  assert(matrix.data.length === matrix.rows * matrix.columns, `matrix ${name} has ${matrix.data.length} values, expected rows x columns`);
  const input = model.inputs.find((value) => value.name === name);
  assert(input, `model has no input named ${name}`);
  assert(input.type === "float32", `input ${name} is ${input.type}, only float32 inputs are supported`);
  assert(input.shape.length === 2, `input ${name} must be two-dimensional`);
  const columns = input.shape[1];
  assert(typeof columns !== "number" || columns === matrix.columns, `input ${name} takes ${columns} columns, got ${matrix.columns}`);
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`onnxruntime run exceeded ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type RunOptions = { batchRowsMax?: number; timeoutMs?: number };

/**
 * Runs every row of the feeds through the model, BATCH_ROWS_MAX rows per call, and returns each output as
 * a row-major float matrix over all rows. All feeds must have the same row count.
 */
export async function run(model: ModelSession, feeds: Record<string, FeatureMatrix>, options: RunOptions = {}): Promise<Record<string, FeatureMatrix>> {
  const names = Object.keys(feeds);
  assert(names.length > 0, "run needs at least one feed");
  const rows = feeds[names[0]!]!.rows;
  for (const name of names) {
    assertMatrixFitsInput(model, name, feeds[name]!);
    assert(feeds[name]!.rows === rows, "all feeds must have the same row count");
  }
  const batchRows = Math.max(1, Math.min(options.batchRowsMax ?? BATCH_ROWS_MAX, BATCH_ROWS_MAX));
  const parts: Record<string, { data: Float32Array; columns: number }[]> = {};
  for (let start = 0; start < rows; start += batchRows) {
    const count = Math.min(batchRows, rows - start);
    const batch: Record<string, Tensor> = {};
    for (const name of names) {
      const matrix = feeds[name]!;
      batch[name] = new Tensor("float32", matrix.data.subarray(start * matrix.columns, (start + count) * matrix.columns), [count, matrix.columns]);
    }
    const result = await withTimeout(model.session.run(batch), options.timeoutMs ?? RUN_TIMEOUT_MS);
    for (const [name, tensor] of Object.entries(result)) {
      assert(tensor.type === "float32", `output ${name} is ${tensor.type}, expected float32`);
      const columns = tensor.dims.length > 1 ? Number(tensor.dims[1]) : 1;
      (parts[name] ??= []).push({ data: tensor.data as Float32Array, columns });
    }
  }
  return concatenate(parts, rows);
}

function concatenate(parts: Record<string, { data: Float32Array; columns: number }[]>, rows: number): Record<string, FeatureMatrix> {
  const outputs: Record<string, FeatureMatrix> = {};
  for (const [name, chunks] of Object.entries(parts)) {
    const columns = chunks[0]!.columns;
    const data = new Float32Array(rows * columns);
    let offset = 0;
    for (const chunk of chunks) {
      data.set(chunk.data, offset);
      offset += chunk.data.length;
    }
    assert(offset === rows * columns, `output ${name} has ${offset} values for ${rows} rows`);
    outputs[name] = { data, rows, columns };
  }
  return outputs;
}

/** Convenience for one-input, one-output models: the single output column as numbers. */
export async function runSingleOutput(model: ModelSession, features: FeatureMatrix, options: RunOptions = {}): Promise<Float32Array> {
  assert(model.inputs.length === 1, "runSingleOutput needs a model with one input");
  assert(model.outputs.length >= 1, "model has no output");
  const outputs = await run(model, { [model.inputs[0]!.name]: features }, options);
  const output = outputs[model.outputs[0]!.name];
  assert(output, "model returned no output");
  return output.data;
}
