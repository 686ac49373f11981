// The period_close row of an entity's period: created on first use, locked for every change.
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { assert } from "../../shared/assert";
import type { FiscalPeriod } from "../commands/fiscal-periods";
import { LedgerError } from "../errors";
import { fiscalPeriod } from "../schema";
import { periodClose } from "./schema";

export type PeriodCloseRow = typeof periodClose.$inferSelect;
export const CLOSE_STATUSES = ["open", "in_progress", "soft_closed", "hard_closed", "reopened"] as const;
export type CloseStatus = (typeof CLOSE_STATUSES)[number];

export async function periodOrThrow(tx: Tx, periodId: number): Promise<FiscalPeriod> {
  const [period] = await tx.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, periodId)).limit(1);
  if (!period) throw new DomainError(LedgerError.PERIOD_NOT_FOUND, "not_found", `periodId: period ${periodId} does not exist`);
  return period;
}

/** The close row of a period, locked; inserted (status open) the first time. */
export async function lockCloseRow(tx: Tx, period: FiscalPeriod): Promise<PeriodCloseRow> {
  await tx.insert(periodClose).values({ entityId: period.entityId, fiscalPeriodId: period.id, status: "open" }).onConflictDoNothing();
  const [row] = await tx.select().from(periodClose)
    .where(and(eq(periodClose.entityId, period.entityId), eq(periodClose.fiscalPeriodId, period.id))).for("update").limit(1);
  assert(row !== undefined, "the period_close row exists after the insert");
  return row;
}

export async function updateCloseRow(tx: Tx, id: number, patch: Partial<typeof periodClose.$inferInsert>): Promise<PeriodCloseRow> {
  const [row] = await tx.update(periodClose).set({ ...patch, updatedAt: new Date() }).where(eq(periodClose.id, id)).returning();
  assert(row !== undefined, `period_close ${id} was updated`);
  return row;
}
