// The anomaly scan of one entity over a date window: per subject type, extract features, train an
// isolation forest on the window (leaving out subjects a controller confirmed as anomalies: the
// labels of earlier reviews), score every subject through ONNX, and record the top-scoring ones
// as flags with their reasons through core/governance/anomalies, as the system.
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import {
  ANOMALY_SUBJECT_TYPES, listAnomalyFlags, recordAnomalyFlags, type AnomalySeverity, type AnomalySubjectType,
} from "../../core/governance/anomalies";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { explainRow, featureStats } from "./explain";
import { EXTRACTORS, type SubjectRows } from "./extract";
import { trainIsolationForest } from "./isolation-forest";
import { isolationForestOnnx, scoreWithOnnx } from "./model";

export const MODEL_VERSION = "isolation-forest-v2"; // v2: duplicate-payment and share-of-stock features
/** Fewer subjects than this give no notion of normal: the type is skipped. */
export const ROWS_MIN = 8;
/**
 * A flag needs at least this score and a rank within the top share of its type (at least the
 * type's minimum count: journals are many and mix several kinds of oddity, so they get more room).
 * Small sets (a dozen adjustments) cannot score far above 0.6, hence the modest floor.
 */
export const FLAG_SCORE_MIN = 0.55;
export const FLAG_SHARE_MAX = 0.004;
export const FLAGS_PER_TYPE_MIN: Record<AnomalySubjectType, number> = {
  journal_entry: 8, inventory_adjustment: 4, price_change: 4, sales_order: 4, supplier_terms: 3,
};
export const HIGH_SCORE_MIN = 0.7;
export const MEDIUM_SCORE_MIN = 0.65;

export type ScanOptions = { entityId: number; fromDate: string; toDate: string; subjectTypes?: AnomalySubjectType[]; seed?: number };
export type TypeScan = { subjectType: AnomalySubjectType; subjects: number; flagged: number; skipped?: string };
export type ScannedFlag = { subjectType: AnomalySubjectType; subjectId: string; occurredOn: string; score: number; severity: AnomalySeverity;
  reasons: { summary: string; features: ReturnType<typeof explainRow> } };

export function severityOf(score: number): AnomalySeverity {
  return score >= HIGH_SCORE_MIN ? "high" : score >= MEDIUM_SCORE_MIN ? "medium" : "low";
}

function withoutRows(rows: SubjectRows, excluded: Set<string>): Float64Array {
  if (excluded.size === 0) return rows.features;
  const kept: number[] = [];
  rows.ids.forEach((id, r) => { if (!excluded.has(id)) for (let c = 0; c < rows.width; c += 1) kept.push(rows.features[r * rows.width + c]!); });
  return Float64Array.from(kept);
}

/** Scores one subject type and returns the flags it would raise (nothing is written here). */
export async function scoreSubjectType(tx: Tx, subjectType: AnomalySubjectType, options: ScanOptions, confirmed: Set<string>): Promise<{ scan: TypeScan; flags: ScannedFlag[] }> {
  const extractor = EXTRACTORS[subjectType];
  const rows = await extractor.extract(tx, options.entityId, options.fromDate, options.toDate);
  const count = rows.ids.length;
  if (count < ROWS_MIN) return { scan: { subjectType, subjects: count, flagged: 0, skipped: `fewer than ${ROWS_MIN} subjects` }, flags: [] };
  const training = withoutRows(rows, confirmed);
  const trainingRows = training.length / rows.width;
  const forest = trainIsolationForest(training, trainingRows, rows.width, { seed: options.seed });
  const scores = await scoreWithOnnx(isolationForestOnnx(forest, { subjectType }), forest.normalizer, rows.features, count, rows.width);
  const stats = featureStats(training, trainingRows, rows.width);
  const limit = Math.max(FLAGS_PER_TYPE_MIN[subjectType], Math.ceil(count * FLAG_SHARE_MAX));
  const ranked = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, limit).filter((r) => scores[r]! >= FLAG_SCORE_MIN);
  const flags = ranked.map((r): ScannedFlag => {
    const features = explainRow(extractor.names, stats, rows.features.subarray(r * rows.width, (r + 1) * rows.width));
    const score = Math.round(scores[r]! * 10_000) / 10_000;
    const summary = features.slice(0, 2).map((f) => `${f.name} ${f.value} (normal ${f.normalLow} to ${f.normalHigh})`).join("; ");
    return { subjectType, subjectId: rows.ids[r]!, occurredOn: rows.dates[r]!, score, severity: severityOf(score), reasons: { summary, features } };
  });
  return { scan: { subjectType, subjects: count, flagged: flags.length }, flags };
}

async function confirmedSubjects(tx: Tx, entityId: number, subjectType: AnomalySubjectType): Promise<Set<string>> {
  const labels = await listAnomalyFlags(tx, SYSTEM_ACTOR, { entityId, statuses: ["confirmed"], subjectTypes: [subjectType], limit: 500 });
  return new Set(labels.map((flag) => flag.subjectId));
}

/** The scoring job: scans every subject type of one entity and records the flags. */
export async function runAnomalyScan(db: Db, options: ScanOptions): Promise<TypeScan[]> {
  const scans: TypeScan[] = [];
  for (const subjectType of options.subjectTypes ?? ANOMALY_SUBJECT_TYPES) {
    const { scan, flags } = await inTransaction(db, async (tx) => scoreSubjectType(tx, subjectType, options, await confirmedSubjects(tx, options.entityId, subjectType)),
      { isolationLevel: "repeatable read" });
    if (flags.length > 0) {
      await inTransaction(db, (tx) => recordAnomalyFlags(tx, SYSTEM_ACTOR, { entityId: options.entityId, modelVersion: MODEL_VERSION, flags }));
    }
    scans.push(scan);
  }
  return scans;
}
