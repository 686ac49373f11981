// Pairwise features: per field its similarity, an exact-match flag and whether both records have a
// value, plus the overlap of all words of both records (robust to swapped fields). The feature
// contract names them, so the ONNX graph and this code agree on the columns.
import { sortedTokenJaccard } from "../../core/masters/merge";
import { assert } from "../../core/shared/assert";
import type { FeatureContract } from "../contract";
import type { CandidatePairs } from "./blocking";
import type { FieldRole, PreparedField, PreparedRecords } from "./fields";
import { fastJaroWinkler, fastSoftTokenJaccard } from "./similarity";

export const FEATURES_PER_FIELD = 3;
export const INPUT_NAME = "pair_features";
export const OUTPUT_NAME = "duplicate_probability";

export function featureCount(fieldCount: number): number {
  return fieldCount * FEATURES_PER_FIELD + 1;
}

export function dedupeContract(fieldNames: readonly string[]): FeatureContract {
  const features = fieldNames.flatMap((name) => [
    { name: `${name}_similarity`, type: "float" as const, description: `Jaro-Winkler or word overlap of ${name}, whichever is higher` },
    { name: `${name}_exact`, type: "bool" as const, description: `${name} identical after normalization (phones: last 7 digits)` },
    { name: `${name}_present`, type: "bool" as const, description: `both records have a ${name}` },
  ]);
  features.push({ name: "all_words_jaccard", type: "float", description: "overlap of every word of both records" });
  return {
    name: "dedupe-pairs", version: 1, inputName: INPUT_NAME, features, outputName: OUTPUT_NAME,
    outputs: [{ name: OUTPUT_NAME, description: "probability the two records are the same party" }],
  };
}

function fieldSimilarity(a: PreparedField, b: PreparedField, role: FieldRole): number {
  if (role === "text") {
    const jw = fastJaroWinkler(a.text, b.text);
    return jw >= 0.97 ? jw : Math.max(jw, fastSoftTokenJaccard(a.tokens, b.tokens));
  }
  return fastJaroWinkler(a.text, b.text);
}

/** Writes one pair's features at offset; returns nothing, the matrix is preallocated. */
export function writePairFeatures(records: PreparedRecords, a: number, b: number, out: Float32Array, offset: number): void {
  const left = records.fields[a]!;
  const right = records.fields[b]!;
  let column = offset;
  for (let f = 0; f < records.roles.length; f += 1) {
    const x = left[f]!;
    const y = right[f]!;
    const present = x.text.length > 0 && y.text.length > 0;
    out[column] = present ? fieldSimilarity(x, y, records.roles[f]!) : 0;
    out[column + 1] = present && x.key.length > 0 && x.key === y.key ? 1 : 0;
    out[column + 2] = present ? 1 : 0;
    column += FEATURES_PER_FIELD;
  }
  out[column] = sortedTokenJaccard(records.bags[a]!, records.bags[b]!);
}

export function pairFeatureMatrix(records: PreparedRecords, pairs: CandidatePairs): Float32Array {
  const width = featureCount(records.roles.length);
  const out = new Float32Array(pairs.count * width);
  for (let p = 0; p < pairs.count; p += 1) writePairFeatures(records, pairs.left[p]!, pairs.right[p]!, out, p * width);
  assert(out.length === pairs.count * width, "one feature row per pair");
  return out;
}
