import { and, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError, parseInput } from "../../shared/errors";
import { LedgerError } from "../errors";
import { fiscalPeriod } from "../schema";

export type FiscalPeriod = typeof fiscalPeriod.$inferSelect;
export const PERIOD_STATUSES = ["open", "soft_closed", "closed"] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export const CreateFiscalYearInput = z.object({
  entityId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
});

/** Creates the twelve calendar-month periods of a year, all open. */
export async function createFiscalYear(tx: Tx, actor: Actor, raw: z.input<typeof CreateFiscalYearInput>): Promise<FiscalPeriod[]> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(CreateFiscalYearInput, raw);
  const first = `${input.year}-01-01`;
  const last = `${input.year}-12-31`;
  const overlapping = await tx.select({ code: fiscalPeriod.code }).from(fiscalPeriod)
    .where(and(eq(fiscalPeriod.entityId, input.entityId), lte(fiscalPeriod.startDate, last), gte(fiscalPeriod.endDate, first))).limit(1);
  if (overlapping.length > 0) {
    throw new DomainError(LedgerError.PERIOD_OVERLAPS, "conflict",
      `year: periods of ${input.year} already exist for entity ${input.entityId}`, { year: input.year });
  }
  const rows = Array.from({ length: 12 }, (_, index) => {
    const month = index + 1;
    return {
      entityId: input.entityId,
      code: `${input.year}-${String(month).padStart(2, "0")}`,
      startDate: `${input.year}-${String(month).padStart(2, "0")}-01`,
      endDate: lastDayOfMonth(input.year, month),
      status: "open",
    };
  });
  const created = await tx.insert(fiscalPeriod).values(rows).returning();
  await recordAudit(tx, actor, { action: "create", objectKind: "fiscal_year", objectId: `${input.entityId}:${input.year}`, entityId: input.entityId,
    after: { periods: created.map((p) => p.code) } });
  return created;
}

export const SetPeriodStatusInput = z.object({
  periodId: z.number().int().positive(),
  status: z.enum(PERIOD_STATUSES),
});

/** Opens, soft-closes or closes a period; the close checklist of record-to-report builds on this. */
export async function setPeriodStatus(tx: Tx, actor: Actor, raw: z.input<typeof SetPeriodStatusInput>): Promise<FiscalPeriod> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(SetPeriodStatusInput, raw);
  // Exclusive lock: waits for postings in flight (they hold FOR SHARE) to finish.
  const [before] = await tx.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, input.periodId)).for("update");
  if (!before) throw new DomainError(LedgerError.PERIOD_NOT_FOUND, "not_found", `periodId: period ${input.periodId} does not exist`);
  const closing = input.status === "closed";
  const [after] = await tx.update(fiscalPeriod).set({
    status: input.status,
    closedAt: closing ? new Date() : null,
    closedByUserId: closing ? actor.userId : null,
    updatedAt: new Date(),
  }).where(eq(fiscalPeriod.id, input.periodId)).returning();
  if (!after) throw new Error("period update affected no row");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "fiscal_period", objectId: after.id, entityId: after.entityId,
    before: { status: before.status }, after: { status: after.status } });
  return after;
}
