// Writing and reading the demo's ground truth. Rows are written once, by the demo loader, right
// after the command that made the anomaly or duplicate; tests and the model registry read them.
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { demoGroundTruth } from "./schema";

export type GroundTruthKind = "anomaly" | "duplicate";
export type GroundTruthRow = typeof demoGroundTruth.$inferSelect;
export type NewGroundTruth = { kind: GroundTruthKind; subjectType: string; subjectId: number; otherSubjectId?: number | null; description: string };

export const GROUND_TRUTH_ROWS_MAX = 1_000;

export async function recordGroundTruth(tx: Tx, rows: readonly NewGroundTruth[]): Promise<void> {
  if (rows.length === 0) return;
  assert(rows.length <= GROUND_TRUTH_ROWS_MAX, "ground truth comes in small batches");
  for (const row of rows) assert((row.kind === "duplicate") === (row.otherSubjectId !== undefined && row.otherSubjectId !== null), `${row.kind} ${row.subjectType} ${row.subjectId}: a duplicate names both records`);
  const inserted = await tx.insert(demoGroundTruth).values(rows.map((r) => ({ ...r, otherSubjectId: r.otherSubjectId ?? null }))).returning({ id: demoGroundTruth.id });
  assert(inserted.length === rows.length, "every ground-truth row was written");
}

/** The injected anomalies or duplicate pairs, in the order they were made (at most GROUND_TRUTH_ROWS_MAX). */
export async function listGroundTruth(tx: Tx, kind: GroundTruthKind, subjectType?: string): Promise<GroundTruthRow[]> {
  return tx.select().from(demoGroundTruth)
    .where(subjectType === undefined ? eq(demoGroundTruth.kind, kind) : and(eq(demoGroundTruth.kind, kind), eq(demoGroundTruth.subjectType, subjectType)))
    .orderBy(asc(demoGroundTruth.id)).limit(GROUND_TRUTH_ROWS_MAX);
}
