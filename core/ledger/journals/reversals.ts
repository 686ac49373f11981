// Auto-reversing entries (accruals, FX revaluation, unbilled shipments): each is scheduled for
// reversal on the first day of the next period, and a job posts the reversals when they fall due.
import { and, asc, eq, gt, gte, isNull, lte } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { reverseEntry } from "../commands/reverse-entry";
import { fiscalPeriod, journalEntry } from "../schema";
import { JournalError } from "./errors";
import { REVERSAL_RUN_BATCH_MAX } from "./limits";
import { scheduledReversal } from "./schema";

export type ScheduledReversalRow = typeof scheduledReversal.$inferSelect;
export const REVERSAL_ORIGINS = ["manual_journal", "fx_revaluation", "unbilled_accrual"] as const;
export type ReversalOrigin = (typeof REVERSAL_ORIGINS)[number];

/** The start date of the period after the one holding `date`. */
export async function firstDayOfNextPeriodOrThrow(tx: Tx, entityId: number, date: string): Promise<string> {
  const [next] = await tx.select({ startDate: fiscalPeriod.startDate }).from(fiscalPeriod)
    .where(and(eq(fiscalPeriod.entityId, entityId), gt(fiscalPeriod.startDate, date))).orderBy(asc(fiscalPeriod.startDate)).limit(1);
  if (!next) {
    throw new DomainError(JournalError.NO_NEXT_PERIOD, "unprocessable",
      `No fiscal period follows ${date} in entity ${entityId}: create the next fiscal year before posting an auto-reversing entry`, { entityId, date });
  }
  return next.startDate;
}

/** Schedules an entry's reversal on the first day of the next period; once per entry. */
export async function scheduleReversal(tx: Tx, input: { entityId: number; journalEntryId: number; postingDate: string; origin: ReversalOrigin }): Promise<ScheduledReversalRow> {
  const reverseOn = await firstDayOfNextPeriodOrThrow(tx, input.entityId, input.postingDate);
  assert(reverseOn > input.postingDate, "a reversal falls after the entry it reverses");
  const [row] = await tx.insert(scheduledReversal).values({ entityId: input.entityId, journalEntryId: input.journalEntryId, reverseOn, origin: input.origin })
    .onConflictDoNothing().returning();
  if (row) return row;
  const [existing] = await tx.select().from(scheduledReversal).where(eq(scheduledReversal.journalEntryId, input.journalEntryId)).limit(1);
  assert(existing !== undefined, "a conflicting scheduled reversal exists");
  return existing;
}

export const RunScheduledReversalsInput = z.object({
  asOfDate: z.iso.date(),
  entityId: z.number().int().positive().optional(),
});

export type ReversalRunResult = { reversed: { scheduledReversalId: number; journalEntryId: number; reversalEntryId: number }[] };

/**
 * Posts every scheduled reversal due on or before asOfDate, dated on its reverse_on day.
 * Idempotent: each reversal carries the key "auto-reversal:<id>" and a reversed row is skipped.
 */
export async function runScheduledReversals(tx: Tx, actor: Actor, raw: z.input<typeof RunScheduledReversalsInput>): Promise<ReversalRunResult> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(RunScheduledReversalsInput, raw);
  const due = await tx.select().from(scheduledReversal)
    .where(and(isNull(scheduledReversal.reversalEntryId), lte(scheduledReversal.reverseOn, input.asOfDate),
      input.entityId === undefined ? undefined : eq(scheduledReversal.entityId, input.entityId)))
    .orderBy(asc(scheduledReversal.reverseOn), asc(scheduledReversal.id)).limit(REVERSAL_RUN_BATCH_MAX).for("update", { skipLocked: true });
  const reversed: ReversalRunResult["reversed"] = [];
  for (const row of due) {
    const reversalEntryId = await reversalOf(tx, actor, row);
    const updated = await tx.update(scheduledReversal).set({ reversalEntryId, reversedAt: new Date() })
      .where(and(eq(scheduledReversal.id, row.id), isNull(scheduledReversal.reversalEntryId))).returning({ id: scheduledReversal.id });
    assert(updated.length === 1, "the scheduled reversal row was locked and unreversed");
    reversed.push({ scheduledReversalId: row.id, journalEntryId: row.journalEntryId, reversalEntryId });
  }
  return { reversed };
}

/** An entry someone already reversed by hand is linked, not reversed twice. */
async function reversalOf(tx: Tx, actor: Actor, row: ScheduledReversalRow): Promise<number> {
  const [existing] = await tx.select({ id: journalEntry.id }).from(journalEntry).where(eq(journalEntry.reversesEntryId, row.journalEntryId)).limit(1);
  if (existing) return existing.id;
  const posted = await reverseEntry(tx, actor, {
    entryId: row.journalEntryId, postingDate: row.reverseOn, reason: `automatic reversal (${row.origin})`, idempotencyKey: `auto-reversal:${row.id}`,
  });
  return posted.id;
}

/** Scheduled reversals of an entity falling due within [fromDate, toDate] and not yet posted. */
export async function pendingReversalsBetween(tx: Tx, entityId: number, fromDate: string, toDate: string): Promise<ScheduledReversalRow[]> {
  return tx.select().from(scheduledReversal)
    .where(and(eq(scheduledReversal.entityId, entityId), isNull(scheduledReversal.reversalEntryId),
      gte(scheduledReversal.reverseOn, fromDate), lte(scheduledReversal.reverseOn, toDate)))
    .orderBy(asc(scheduledReversal.reverseOn)).limit(REVERSAL_RUN_BATCH_MAX);
}
