import { and, asc, eq, lte } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { JournalError } from "../errors";
import { balancedTotalOrThrow, checkManualAccounts, ManualLineInput, ManualLinesInput, type ManualLine } from "../lines";
import { RECURRING_RUN_BATCH_MAX } from "../limits";
import { manualJournal, recurringJournal } from "../schema";
import { insertDraft, submitManualJournal, type SubmittedManualJournal } from "./manual-journals";

export type RecurringJournalRow = typeof recurringJournal.$inferSelect;

export const CreateRecurringJournalInput = z.object({
  entityId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(3).max(500),
  autoReverse: z.boolean().default(false),
  dayOfMonth: z.number().int().min(1).max(28),
  /** The first posting date; later ones fall on dayOfMonth of each following month. */
  firstRunDate: z.iso.date(),
  endDate: z.iso.date().nullish(),
  lines: ManualLinesInput,
});

/** The same day of the next month (dayOfMonth is at most 28, so every month has it). */
export function nextMonthlyDate(date: string, dayOfMonth: number): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  return `${nextYear}-${String(nextMonth).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
}

export async function createRecurringJournal(tx: Tx, actor: Actor, raw: z.input<typeof CreateRecurringJournalInput>): Promise<RecurringJournalRow> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(CreateRecurringJournalInput, raw);
  balancedTotalOrThrow(input.lines);
  await checkManualAccounts(tx, input.entityId, input.lines);
  const [row] = await tx.insert(recurringJournal).values({
    entityId: input.entityId, name: input.name, description: input.description, autoReverse: input.autoReverse, dayOfMonth: input.dayOfMonth,
    nextRunDate: input.firstRunDate, endDate: input.endDate ?? null, createdByUserId: actor.userId,
    lines: input.lines.map((l) => ({ accountId: l.accountId, debitMinor: l.debitMinor.toString(), creditMinor: l.creditMinor.toString(), memo: l.memo ?? null })),
  }).returning();
  assert(row !== undefined, "recurring journal insert returned its row");
  await recordAudit(tx, actor, { action: "create", objectKind: "recurring_journal", objectId: row.id, entityId: row.entityId, after: row });
  return row;
}

function templateLines(template: RecurringJournalRow): ManualLine[] {
  const raw = template.lines as unknown[];
  return raw.map((line) => ManualLineInput.parse(line));
}

export const RunRecurringJournalsInput = z.object({ asOfDate: z.iso.date(), entityId: z.number().int().positive().optional() });

/**
 * Creates and submits the journals of every active template due on or before asOfDate, one per
 * due date; the unique (template, posting date) key makes a second run create nothing.
 */
export async function runRecurringJournals(tx: Tx, actor: Actor, raw: z.input<typeof RunRecurringJournalsInput>): Promise<SubmittedManualJournal[]> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(RunRecurringJournalsInput, raw);
  const due = await tx.select().from(recurringJournal)
    .where(and(eq(recurringJournal.active, true), lte(recurringJournal.nextRunDate, input.asOfDate),
      input.entityId === undefined ? undefined : eq(recurringJournal.entityId, input.entityId)))
    .orderBy(asc(recurringJournal.id)).limit(RECURRING_RUN_BATCH_MAX).for("update", { skipLocked: true });
  const submitted: SubmittedManualJournal[] = [];
  for (const template of due) {
    let runDate = template.nextRunDate;
    for (let count = 0; runDate <= input.asOfDate && (template.endDate === null || runDate <= template.endDate); count += 1) {
      assert(count < 24, "a recurring template is at most two years behind");
      submitted.push(await runOnce(tx, actor, template, runDate));
      runDate = nextMonthlyDate(runDate, template.dayOfMonth);
    }
    const active = template.endDate === null || runDate <= template.endDate;
    await tx.update(recurringJournal).set({ nextRunDate: runDate, active, updatedAt: new Date() }).where(eq(recurringJournal.id, template.id));
  }
  return submitted;
}

async function runOnce(tx: Tx, actor: Actor, template: RecurringJournalRow, runDate: string): Promise<SubmittedManualJournal> {
  const [existing] = await tx.select().from(manualJournal)
    .where(and(eq(manualJournal.recurringJournalId, template.id), eq(manualJournal.postingDate, runDate))).limit(1);
  if (existing) return { journal: existing, approvalRequestId: existing.approvalRequestId ?? 0, autoApproved: false };
  const draft = await insertDraft(tx, actor, {
    entityId: template.entityId, postingDate: runDate, description: `${template.name} ${runDate}: ${template.description}`,
    autoReverse: template.autoReverse, lines: templateLines(template), recurringJournalId: template.id,
  });
  return submitManualJournal(tx, actor, { journalId: draft.id });
}

export async function getRecurringJournalOrThrow(tx: Tx, templateId: number): Promise<RecurringJournalRow> {
  const [row] = await tx.select().from(recurringJournal).where(eq(recurringJournal.id, templateId)).limit(1);
  if (!row) throw new DomainError(JournalError.TEMPLATE_NOT_FOUND, "not_found", `recurring journal ${templateId} does not exist`);
  return row;
}
