// Injects the known anomalies and duplicates after the history has loaded, one transaction per
// entity (the two side by side: they share no documents, stock, customers or accounts), and
// records each in demo_ground_truth in the same transaction as the command that made it.
import type { Db, Tx } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import { supplier } from "../../masters/schema";
import { and, eq } from "drizzle-orm";
import { historyWindow } from "../history-sales/plan";
import { planSalesHistory } from "../history-sales";
import type { DemoIds } from "../ids";
import { createRandom } from "../random";
import type { DemoData, DemoEntity } from "../types";
import { GROUND_TRUTH_STREAM, GroundTruthRun } from "./context";
import { loadDuplicates } from "./duplicates";
import { injectDuplicatePayments, injectManualJournals } from "./finance";
import { injectAdjustments, injectLargeOrders, injectPriceChanges, injectSupplierTermChanges } from "./operations";
import { planDuplicates, type DuplicatePlan } from "./plan-duplicates";
import { recordGroundTruth } from "./record";

/** Months of everyday manual journals before the end of the history. */
export const MANUAL_JOURNAL_MONTHS = 17;
const LARGE_ORDERS_BY_ENTITY: Record<string, number> = { US01: 2, CA01: 1 };
export const SUPPLIERS_PER_ENTITY_MAX = 500;

export type GroundTruthSummary = { anomalies: number; duplicates: number; elapsedMs: number };

async function supplierIdsOf(tx: Tx, entityId: number): Promise<Map<string, number>> {
  const rows = await tx.select({ id: supplier.id, code: supplier.code }).from(supplier).where(and(eq(supplier.entityId, entityId))).limit(SUPPLIERS_PER_ENTITY_MAX);
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function injectEntity(tx: Tx, data: DemoData, ids: DemoIds, entity: DemoEntity, endDate: string, plan: DuplicatePlan, assortment: Parameters<typeof injectAdjustments>[2]): Promise<GroundTruthRun> {
  const run = await GroundTruthRun.build(tx, data, ids, entity, endDate);
  await injectManualJournals(tx, run, MANUAL_JOURNAL_MONTHS);
  await injectDuplicatePayments(tx, run);
  await injectPriceChanges(tx, run);
  await injectAdjustments(tx, run, assortment);
  await injectLargeOrders(tx, run, assortment, LARGE_ORDERS_BY_ENTITY[entity.code] ?? 1);
  await injectSupplierTermChanges(tx, run);
  await loadDuplicates(tx, run, plan, await supplierIdsOf(tx, run.entityId));
  await recordGroundTruth(tx, run.recorded);
  return run;
}

/** The ground truth of issue 8: anomalies and duplicates injected through the real commands and recorded. */
export async function loadGroundTruth(db: Db, log: (line: string) => void, data: DemoData, ids: DemoIds): Promise<GroundTruthSummary> {
  const startedMs = Date.now();
  const { endDate } = historyWindow(data);
  const plan = planDuplicates(data, createRandom(data.seed).fork(GROUND_TRUTH_STREAM));
  const salesPlan = planSalesHistory(data);
  const runs = await Promise.all(data.entities.map((entity) => inTransaction(db, (tx) => injectEntity(tx, data, ids, entity, endDate, plan,
    salesPlan.entities.find((e) => e.entityCode === entity.code)?.assortment ?? []))));
  const recorded = runs.flatMap((r) => r.recorded);
  const summary = { anomalies: recorded.filter((r) => r.kind === "anomaly").length, duplicates: recorded.filter((r) => r.kind === "duplicate").length, elapsedMs: Date.now() - startedMs };
  log(`ground truth: ${summary.anomalies} anomalies and ${summary.duplicates} duplicate pairs injected (${summary.elapsedMs} ms)`);
  return summary;
}
