// Benchmarks of the anomaly and duplicate models, each with its time and its quality figure, and a
// baseline measured in the same run so a busy machine cannot fake the result:
// - anomaly: score 100,000 journal lines (grouped as the scan groups them, 7 features each) with
//   the isolation forest through onnxruntime; baseline: the same trees evaluated in TypeScript;
//   quality: share of planted anomalies in the top flags.
// - dedupe: scan 100,000 customers (blocking + classifier through onnxruntime), target < 60 s;
//   baseline: all-pairs comparison, extrapolated from the time per pair measured on a sample;
//   quality: F1 against the generated answer key.
import { pathToFileURL } from "node:url";
import { predictTreeEnsemble } from "../models/onnx";
import { trainIsolationForest } from "../models/anomaly/isolation-forest";
import { isolationForestOnnx, scoreWithOnnx } from "../models/anomaly/model";
import { featureCount, writePairFeatures } from "../models/dedupe/features";
import { prepareRecords } from "../models/dedupe/fields";
import { scanDuplicates } from "../models/dedupe/model";
import { pairQuality } from "../models/dedupe/quality";
import { syntheticParties } from "../models/dedupe/synthetic";
import { seededRandom } from "../models/train/random";

const JOURNAL_LINES = 100_000;
const CUSTOMERS = 100_000;
const WIDTH = 7;
const PLANTED = 50;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Journal-entry features as the scan computes them: amount, roundness, weekend, rarity, amount vs type, lines, repeats. */
function journalFeatures(rows: number): { features: Float64Array; planted: Set<number> } {
  const random = seededRandom(8);
  const features = new Float64Array(rows * WIDTH);
  const planted = new Set<number>();
  while (planted.size < PLANTED) planted.add(Math.floor(random() * rows));
  for (let r = 0; r < rows; r += 1) {
    const odd = planted.has(r);
    const amount = odd ? 100_000 : Math.exp(4 + random() * 5);
    features.set([Math.log(1 + amount), odd ? 5 : random() < 0.1 ? 2 : 0, odd ? 1 : 0, odd ? 4 : random() * 2, odd ? 4 : random() * 2 - 1,
      2 + Math.floor(random() * 4), odd && r % 2 === 0 ? 1 : 0], r * WIDTH);
  }
  return { features, planted };
}

export async function runAnomaly(): Promise<void> {
  // About 2.5 lines per entry: 100,000 lines are 40,000 scored entries.
  const entries = Math.round(JOURNAL_LINES / 2.5);
  const { features, planted } = journalFeatures(entries);
  let started = performance.now();
  const forest = trainIsolationForest(features, entries, WIDTH);
  const trainMs = performance.now() - started;
  started = performance.now();
  const scores = await scoreWithOnnx(isolationForestOnnx(forest), forest.normalizer, features, entries, WIDTH);
  const onnxMs = performance.now() - started;
  started = performance.now();
  predictTreeEnsemble(forest.ensemble, features, entries);
  const baselineMs = performance.now() - started;
  const top = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!).slice(0, PLANTED * 2);
  const recall = top.filter((r) => planted.has(r)).length / PLANTED;
  console.log(`anomaly: ${JOURNAL_LINES} journal lines (${entries} entries) trained in ${seconds(trainMs)}, scored by ONNX in ${seconds(onnxMs)}`
    + ` (TypeScript trees: ${seconds(baselineMs)}, ratio ${(baselineMs / Math.max(onnxMs, 1)).toFixed(2)}x); recall of ${PLANTED} planted in the top ${PLANTED * 2}: ${recall.toFixed(3)}`);
}

export async function runDedupe(): Promise<void> {
  const data = syntheticParties(CUSTOMERS, 0.03, 13);
  const started = performance.now();
  const { scored } = await scanDuplicates(data);
  const scanMs = performance.now() - started;
  const predicted: [string, string][] = [];
  for (let p = 0; p < scored.count; p += 1) if (scored.scores[p]! >= 0.5) predicted.push([data.ids[scored.left[p]!]!, data.ids[scored.right[p]!]!]);
  const quality = pairQuality(predicted, data.duplicatePairs);
  // Baseline: the features of 200,000 arbitrary pairs, timed, extrapolated to all pairs.
  const records = prepareRecords(data);
  const sample = 200_000;
  const out = new Float32Array(featureCount(data.fieldNames.length));
  const random = seededRandom(2);
  const sampleStarted = performance.now();
  for (let i = 0; i < sample; i += 1) writePairFeatures(records, Math.floor(random() * CUSTOMERS), Math.floor(random() * CUSTOMERS), out, 0);
  const perPairMs = (performance.now() - sampleStarted) / sample;
  const allPairsMs = perPairMs * (CUSTOMERS * (CUSTOMERS - 1)) / 2;
  console.log(`dedupe: ${CUSTOMERS} customers scanned in ${seconds(scanMs)} (target < 60 s) with ${scored.count} candidate pairs;`
    + ` all pairs would take about ${seconds(allPairsMs)} (ratio ${(allPairsMs / scanMs).toFixed(0)}x); F1 ${quality.f1.toFixed(3)}`
    + ` (precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAnomaly();
  await runDedupe();
}
