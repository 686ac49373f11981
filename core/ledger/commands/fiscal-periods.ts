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

/** How closed each status is: a change to a lower rank reopens the period. */
const CLOSEDNESS: Record<PeriodStatus, number> = { open: 0, soft_closed: 1, closed: 2 };

/**
 * Soft-closes or closes a period (the close checklist of record-to-report builds on this).
 * Loosening a period (closed to soft-closed or open, soft-closed to open) is refused here: it
 * reopens books others rely on, so it goes through `requestPeriodReopen` and its approval.
 */
export async function setPeriodStatus(tx: Tx, actor: Actor, raw: z.input<typeof SetPeriodStatusInput>): Promise<FiscalPeriod> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(SetPeriodStatusInput, raw);
  return writePeriodStatus(tx, actor, input, { reopenApproved: false });
}

/**
 * The status change itself. `reopenApproved`: only the approved period-reopen handler
 * (core/ledger/close/reopen.ts) passes true; it is not exported from core/ledger.
 */
export async function writePeriodStatus(tx: Tx, actor: Actor, input: z.output<typeof SetPeriodStatusInput>, options: { reopenApproved: boolean }): Promise<FiscalPeriod> {
  // Exclusive lock: waits for postings in flight (they hold FOR SHARE) to finish.
  const [before] = await tx.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, input.periodId)).for("update");
  if (!before) throw new DomainError(LedgerError.PERIOD_NOT_FOUND, "not_found", `periodId: period ${input.periodId} does not exist`);
  if (CLOSEDNESS[input.status] < CLOSEDNESS[before.status as PeriodStatus] && !options.reopenApproved) {
    throw new DomainError(LedgerError.PERIOD_REOPEN_REQUIRES_APPROVAL, "conflict",
      `status: period ${before.code} is ${before.status}; reopening it needs an approved reopen request (requestPeriodReopen)`,
      { periodId: before.id, from: before.status, to: input.status });
  }
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
