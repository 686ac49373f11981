import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { LedgerError } from "../errors";
import { scheduleReversal } from "../journals/reversals";
import { scheduledReversal } from "../journals/schema";
import { postEvent } from "../posting/post-event";
import { fiscalPeriod } from "../schema";
import { computeRevaluation, type RevaluationLineDraft } from "./compute";
import { RevaluationError } from "./errors";
import { revaluationLine, revaluationRun } from "./schema";

export type RevaluationRunRow = typeof revaluationRun.$inferSelect;
export type RevaluationLineRow = typeof revaluationLine.$inferSelect;
export type RevaluationResult = { run: RevaluationRunRow; lines: RevaluationLineRow[] };

export const RevaluePeriodInput = z.object({ periodId: z.number().int().positive() });

const TARGET_ROLE = { ar: "ar", ap: "ap", bank: "cash" } as const;

/** A run whose entries are not all reversed yet still stands: revaluing again would count it twice. */
async function standingRun(tx: Tx, entityId: number, periodId: number): Promise<RevaluationRunRow | null> {
  const runs = await tx.select().from(revaluationRun).where(and(eq(revaluationRun.entityId, entityId), eq(revaluationRun.fiscalPeriodId, periodId)))
    .orderBy(desc(revaluationRun.id)).limit(1);
  const run = runs[0];
  if (!run) return null;
  if (run.journalEntryIds.length === 0) return run;
  const pending = await tx.select({ id: scheduledReversal.id }).from(scheduledReversal)
    .where(and(inArray(scheduledReversal.journalEntryId, run.journalEntryIds.map(Number)), isNull(scheduledReversal.reversalEntryId))).limit(1);
  return pending.length > 0 ? run : null;
}

async function postCurrency(tx: Tx, actor: Actor, entityId: number, date: string, currency: string, lines: RevaluationLineDraft[]): Promise<number | null> {
  const entry = await postEvent(tx, actor, {
    entityId, postingDate: date, description: `Unrealized FX revaluation ${currency} at ${date}`,
    sourceType: "fx_revaluation", sourceId: null, documentCurrency: currency,
  }, { type: "ledger.fx_revaluation", lines: lines.map((l) => ({ target: TARGET_ROLE[l.target], customerId: l.customerId, supplierId: l.supplierId, gainMinor: l.gainMinor })) });
  if (!entry) return null;
  await scheduleReversal(tx, { entityId, journalEntryId: entry.id, postingDate: date, origin: "fx_revaluation" });
  return entry.id;
}

/**
 * Revalues the entity's open foreign-currency AR, AP and bank balances at the period end's rates
 * and posts the unrealized gain or loss (one entry per currency), each reversed on the first day
 * of the next period. Refused while an earlier run of the period is still unreversed.
 */
export async function revaluePeriod(tx: Tx, actor: Actor, raw: z.input<typeof RevaluePeriodInput>): Promise<RevaluationResult> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(RevaluePeriodInput, raw);
  const [period] = await tx.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, input.periodId)).limit(1);
  if (!period) throw new DomainError(LedgerError.PERIOD_NOT_FOUND, "not_found", `periodId: period ${input.periodId} does not exist`);
  const standing = await standingRun(tx, period.entityId, period.id);
  if (standing) {
    throw new DomainError(RevaluationError.ALREADY_REVALUED, "conflict",
      `Period ${period.code} was already revalued (run ${standing.id}); its entries reverse on the first day of the next period`, { runId: standing.id });
  }
  const preview = await computeRevaluation(tx, period.entityId, period.endDate);
  const moving = preview.lines.filter((l) => l.gainMinor !== 0n);
  const currencies = [...new Set(moving.map((l) => l.currency))].sort();
  const entryIds: number[] = [];
  for (const currency of currencies) {
    const id = await postCurrency(tx, actor, period.entityId, period.endDate, currency, moving.filter((l) => l.currency === currency));
    if (id !== null) entryIds.push(id);
  }
  const gainMinor = moving.reduce((s, l) => s + (l.gainMinor > 0n ? l.gainMinor : 0n), 0n);
  const lossMinor = moving.reduce((s, l) => s + (l.gainMinor < 0n ? -l.gainMinor : 0n), 0n);
  assert(gainMinor - lossMinor === preview.netGainMinor, "gains and losses sum to the net result");
  const [run] = await tx.insert(revaluationRun).values({
    entityId: period.entityId, fiscalPeriodId: period.id, revaluationDate: period.endDate, netGainMinor: preview.netGainMinor, gainMinor, lossMinor,
    journalEntryIds: entryIds.map(String), createdByUserId: actor.userId,
  }).returning();
  assert(run !== undefined, "revaluation run insert returned its row");
  const lines = preview.lines.length === 0 ? [] : await tx.insert(revaluationLine).values(preview.lines.map((l) => ({ runId: run.id, ...l }))).returning();
  await recordAudit(tx, actor, { action: "post", objectKind: "revaluation_run", objectId: run.id, entityId: run.entityId,
    after: { period: period.code, netGainMinor: run.netGainMinor, journalEntryIds: entryIds } });
  return { run, lines };
}

export async function listRevaluationRuns(tx: Tx, actor: Actor, options: { entityId: number; periodId?: number | null }): Promise<RevaluationRunRow[]> {
  requirePermission(actor, "ledger:read");
  return tx.select().from(revaluationRun)
    .where(and(eq(revaluationRun.entityId, options.entityId), options.periodId ? eq(revaluationRun.fiscalPeriodId, options.periodId) : undefined))
    .orderBy(desc(revaluationRun.id)).limit(100);
}

export async function getRevaluationRunOrThrow(tx: Tx, actor: Actor, runId: number): Promise<RevaluationResult> {
  requirePermission(actor, "ledger:read");
  const [run] = await tx.select().from(revaluationRun).where(eq(revaluationRun.id, runId)).limit(1);
  if (!run) throw new DomainError(RevaluationError.RUN_NOT_FOUND, "not_found", `Revaluation run ${runId} does not exist`);
  const lines = await tx.select().from(revaluationLine).where(eq(revaluationLine.runId, runId)).orderBy(asc(revaluationLine.id)).limit(10_000);
  return { run, lines };
}

/** Whether the period has a revaluation run (the close checklist's question). */
export async function revaluationRunOf(tx: Tx, entityId: number, periodId: number): Promise<RevaluationRunRow | null> {
  const [run] = await tx.select().from(revaluationRun).where(and(eq(revaluationRun.entityId, entityId), eq(revaluationRun.fiscalPeriodId, periodId)))
    .orderBy(desc(revaluationRun.id)).limit(1);
  return run ?? null;
}
