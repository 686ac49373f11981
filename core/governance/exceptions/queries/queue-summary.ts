import { and, asc, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { requirePermission, type Actor } from "../../permissions";
import { exceptionItem } from "../../schema";
import { visibleToCondition } from "../access";
import type { ExceptionSeverity } from "../kinds";

/** Kinds times severities is small; the bound only guards against a runaway registry. */
export const QUEUE_SUMMARY_ROWS_MAX = 1_000;

export type QueueSummaryRow = {
  kind: string;
  severity: ExceptionSeverity;
  /** Open or assigned. */
  open: number;
  /** Open and nobody has taken it yet. */
  unassigned: number;
  /** Open or assigned, past its due time. */
  overdue: number;
};
export type QueueSummary = { rows: QueueSummaryRow[]; totals: { open: number; unassigned: number; overdue: number } };

/** Active items per kind and severity across the queues the actor may see. */
export async function exceptionQueueSummary(tx: Tx, actor: Actor): Promise<QueueSummary> {
  requirePermission(actor, "exceptions:read");
  const rows = await tx.select({
    kind: exceptionItem.kind,
    severity: sql<ExceptionSeverity>`${exceptionItem.severity}`,
    open: sql<number>`count(*)::int`,
    unassigned: sql<number>`(count(*) filter (where ${exceptionItem.state} = 'open'))::int`,
    overdue: sql<number>`(count(*) filter (where ${exceptionItem.dueAt} < now()))::int`,
  }).from(exceptionItem)
    .where(and(sql`${exceptionItem.state} in ('open', 'assigned')`, visibleToCondition(actor)))
    .groupBy(exceptionItem.kind, exceptionItem.severity)
    .orderBy(asc(exceptionItem.kind), sql`case ${exceptionItem.severity} when 'critical' then 1 when 'high' then 2 when 'medium' then 3 else 4 end`)
    .limit(QUEUE_SUMMARY_ROWS_MAX);
  const totals = { open: 0, unassigned: 0, overdue: 0 };
  for (const row of rows) {
    assert(row.unassigned <= row.open, "unassigned items are a subset of open ones");
    totals.open += row.open;
    totals.unassigned += row.unassigned;
    totals.overdue += row.overdue;
  }
  return { rows, totals };
}
