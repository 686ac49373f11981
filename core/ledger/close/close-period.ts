import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { setPeriodStatus, type FiscalPeriod } from "../commands/fiscal-periods";
import { anomaliesCheck, exceptionsCheck, revaluationCheck, subledgersCheck } from "./balance-checks";
import { manualJournalsCheck, rebateAccrualsCheck, receivedNotInvoicedCheck, reversalsCheck, shipmentsInvoicedCheck } from "./document-checks";
import { CloseError } from "./errors";
import { periodClose, periodCloseCheck } from "./schema";
import { lockCloseRow, periodOrThrow, updateCloseRow, type PeriodCloseRow } from "./state";
import type { CloseCheck } from "./types";

export const CLOSE_CHECKS = [
  reversalsCheck, manualJournalsCheck, shipmentsInvoicedCheck, receivedNotInvoicedCheck, rebateAccrualsCheck,
  revaluationCheck, subledgersCheck, exceptionsCheck, anomaliesCheck,
] as const;

export type CloseChecklist = { period: FiscalPeriod; close: PeriodCloseRow; checks: CloseCheck[]; blockers: CloseCheck[] };

export const PeriodInput = z.object({ periodId: z.number().int().positive() });

async function evaluate(tx: Tx, actor: Actor, period: FiscalPeriod, close: PeriodCloseRow): Promise<CloseChecklist> {
  const checks: CloseCheck[] = [];
  for (const check of CLOSE_CHECKS) checks.push(await check(tx, period));
  const now = new Date();
  for (const check of checks) {
    const values = { periodCloseId: close.id, entityId: period.entityId, checkCode: check.code, result: check.result, blocking: check.blocking,
      summary: check.summary, details: check.details, checkedAt: now, checkedByUserId: actor.userId };
    await tx.insert(periodCloseCheck).values(values).onConflictDoUpdate({
      target: [periodCloseCheck.periodCloseId, periodCloseCheck.checkCode],
      set: { result: sql`excluded.result`, blocking: sql`excluded.blocking`, summary: sql`excluded.summary`, details: sql`excluded.details`,
        checkedAt: sql`excluded.checked_at`, checkedByUserId: sql`excluded.checked_by_user_id` },
    });
  }
  const blockers = checks.filter((c) => c.blocking);
  const starting = close.status === "open" || close.status === "reopened";
  const updated = await updateCloseRow(tx, close.id, {
    lastCheckedAt: now, blockingCount: blockers.length,
    ...(starting ? { status: "in_progress", startedAt: close.startedAt ?? now } : {}),
  });
  return { period, close: updated, checks, blockers };
}

/** Runs every check of the period's close checklist and records the results; the close starts here. */
export async function runCloseChecks(tx: Tx, actor: Actor, raw: z.input<typeof PeriodInput>): Promise<CloseChecklist> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(PeriodInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  const close = await lockCloseRow(tx, period);
  return evaluate(tx, actor, period, close);
}

function blockedError(period: FiscalPeriod, blockers: CloseCheck[]): DomainError {
  const list = blockers.map((b) => `${b.label}: ${b.summary}`).join("; ");
  return new DomainError(CloseError.CLOSE_BLOCKED, "unprocessable", `Period ${period.code} cannot close: ${list}`,
    { periodId: period.id, blockers: blockers.map((b) => ({ code: b.code, label: b.label, summary: b.summary, details: b.details })) });
}

/**
 * Soft close: the checklist must pass (no blocking check failed); afterwards only controllers
 * post into the period. Refused with the list of blockers otherwise.
 */
export async function softClosePeriod(tx: Tx, actor: Actor, raw: z.input<typeof PeriodInput>): Promise<CloseChecklist> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(PeriodInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  const close = await lockCloseRow(tx, period);
  if (close.status === "soft_closed" || close.status === "hard_closed") {
    throw new DomainError(CloseError.CLOSE_STATE, "conflict", `Period ${period.code} is already ${close.status.replace("_", " ")}`, { status: close.status });
  }
  const checklist = await evaluate(tx, actor, period, close);
  if (checklist.blockers.length > 0) throw blockedError(period, checklist.blockers);
  const softened = await setPeriodStatus(tx, actor, { periodId: period.id, status: "soft_closed" });
  const row = await updateCloseRow(tx, close.id, { status: "soft_closed", softClosedAt: new Date() });
  await recordAudit(tx, actor, { action: "state_change", objectKind: "period_close", objectId: row.id, entityId: row.entityId,
    before: { status: checklist.close.status }, after: { status: row.status, period: period.code } });
  return { ...checklist, period: softened, close: row };
}

/**
 * Hard close from soft close: the checklist runs again (controllers may have posted since) and
 * must pass; then the period accepts no posting at all, enforced by postJournal and by the
 * journal_entry trigger. Records hard_closed_at: close-cycle time = hard_closed_at - started_at.
 */
export async function hardClosePeriod(tx: Tx, actor: Actor, raw: z.input<typeof PeriodInput>): Promise<CloseChecklist> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(PeriodInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  const close = await lockCloseRow(tx, period);
  if (close.status !== "soft_closed") {
    throw new DomainError(CloseError.CLOSE_STATE, "conflict", `Period ${period.code} must be soft-closed before a hard close (it is ${close.status.replace("_", " ")})`, { status: close.status });
  }
  const checklist = await evaluate(tx, actor, period, close);
  if (checklist.blockers.length > 0) throw blockedError(period, checklist.blockers);
  const closed = await setPeriodStatus(tx, actor, { periodId: period.id, status: "closed" });
  const row = await updateCloseRow(tx, close.id, { status: "hard_closed", hardClosedAt: new Date() });
  assert(row.startedAt !== null, "a hard-closed period has a start time");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "period_close", objectId: row.id, entityId: row.entityId,
    before: { status: "soft_closed" }, after: { status: row.status, period: period.code, cycleMs: row.hardClosedAt!.getTime() - row.startedAt.getTime() } });
  return { ...checklist, period: closed, close: row };
}

export const CHECK_CODES = [
  "scheduled_reversals", "manual_journals", "shipments_invoiced", "received_not_invoiced", "rebate_accruals", "fx_revaluation", "subledgers", "exceptions", "anomalies",
] as const;

export type RecordedChecklist = { period: FiscalPeriod; close: PeriodCloseRow | null; checks: (typeof periodCloseCheck.$inferSelect)[] };

/** The period's close row and the results of its last checklist run, in checklist order; runs nothing. */
export async function getCloseChecklist(tx: Tx, actor: Actor, raw: z.input<typeof PeriodInput>): Promise<RecordedChecklist> {
  requirePermission(actor, "ledger:read");
  const input = parseInput(PeriodInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  const [close] = await tx.select().from(periodClose).where(eq(periodClose.fiscalPeriodId, period.id)).limit(1);
  const checks = close ? await tx.select().from(periodCloseCheck).where(eq(periodCloseCheck.periodCloseId, close.id)).limit(100) : [];
  const rank = (code: string) => (CHECK_CODES as readonly string[]).indexOf(code);
  return { period, close: close ?? null, checks: checks.sort((a, b) => rank(a.checkCode) - rank(b.checkCode)) };
}
