import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { requirePermission, type Actor, type Role } from "../../permissions";
import { exceptionItem } from "../../schema";

export const CYCLE_TIME_ROWS_MAX = 1_000;

export const ExceptionCycleTimesInput = z.object({
  kind: z.string().trim().min(1).max(64).optional(),
  /** Items created at or after this instant. */
  from: z.date().optional(),
  /** Items created before this instant. */
  to: z.date().optional(),
}).refine((v) => v.from === undefined || v.to === undefined || v.from < v.to, { message: "from must be before to", path: ["to"] });
export type ExceptionCycleTimesInput = z.input<typeof ExceptionCycleTimesInput>;

/** Hours, rounded to 0.01; null when no item in the group reached that point. */
export type CycleTimeRow = {
  kind: string;
  ownerRole: Role;
  count: number;
  assignedCount: number;
  closedCount: number;
  assignMedianHours: number | null;
  assignP90Hours: number | null;
  closeMedianHours: number | null;
  closeP90Hours: number | null;
};

const hoursTo = (column: typeof exceptionItem.assignedAt | typeof exceptionItem.closedAt) =>
  sql`extract(epoch from (${column} - ${exceptionItem.createdAt})) / 3600.0`;

// percentile_cont skips nulls, so items not yet assigned or closed drop out of those figures.
const percentile = (fraction: number, column: typeof exceptionItem.assignedAt | typeof exceptionItem.closedAt) =>
  sql<number | null>`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${hoursTo(column)})`;

function roundHours(value: number | string | null): number | null {
  if (value === null) return null;
  return Math.round(Number(value) * 100) / 100;
}

/**
 * Workflow cycle times per kind and owner role: how long items waited to be picked up
 * (created → assigned) and to be closed (created → resolved or dismissed), median and p90.
 * An aggregate over every queue, so any exceptions:read holder sees all kinds.
 */
export async function exceptionCycleTimes(tx: Tx, actor: Actor, raw: ExceptionCycleTimesInput = {}): Promise<CycleTimeRow[]> {
  requirePermission(actor, "exceptions:read");
  const input = parseInput(ExceptionCycleTimesInput, raw);
  const conditions: SQL[] = [];
  if (input.kind !== undefined) conditions.push(eq(exceptionItem.kind, input.kind));
  if (input.from !== undefined) conditions.push(gte(exceptionItem.createdAt, input.from));
  if (input.to !== undefined) conditions.push(lt(exceptionItem.createdAt, input.to));
  const rows = await tx.select({
    kind: exceptionItem.kind,
    ownerRole: sql<Role>`${exceptionItem.ownerRole}`,
    count: sql<number>`count(*)::int`,
    assignedCount: sql<number>`count(${exceptionItem.assignedAt})::int`,
    closedCount: sql<number>`count(${exceptionItem.closedAt})::int`,
    assignMedianHours: percentile(0.5, exceptionItem.assignedAt),
    assignP90Hours: percentile(0.9, exceptionItem.assignedAt),
    closeMedianHours: percentile(0.5, exceptionItem.closedAt),
    closeP90Hours: percentile(0.9, exceptionItem.closedAt),
  }).from(exceptionItem).where(and(...conditions))
    .groupBy(exceptionItem.kind, exceptionItem.ownerRole)
    .orderBy(asc(exceptionItem.kind), asc(exceptionItem.ownerRole))
    .limit(CYCLE_TIME_ROWS_MAX);
  return rows.map((row) => {
    assert(row.assignedCount <= row.count, "assigned items are counted among all");
    assert(row.closedCount <= row.count, "closed items are counted among all");
    return {
      ...row,
      assignMedianHours: roundHours(row.assignMedianHours),
      assignP90Hours: roundHours(row.assignP90Hours),
      closeMedianHours: roundHours(row.closeMedianHours),
      closeP90Hours: roundHours(row.closeP90Hours),
    };
  });
}
