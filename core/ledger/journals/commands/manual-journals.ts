import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { submitApproval } from "../../../governance/approvals";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { legalEntity } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { LedgerError } from "../../errors";
import { lockPostingPeriod } from "../../posting/post-journal";
import { JournalError } from "../errors";
import { balancedTotalOrThrow, checkManualAccounts, ManualLinesInput, type ManualLine } from "../lines";
import { manualJournal, manualJournalLine } from "../schema";

export type ManualJournalRow = typeof manualJournal.$inferSelect;

export const CreateManualJournalInput = z.object({
  entityId: z.number().int().positive(),
  postingDate: z.iso.date(),
  description: z.string().trim().min(3).max(500),
  autoReverse: z.boolean().default(false),
  lines: ManualLinesInput,
  idempotencyKey: z.string().trim().min(1).max(200).nullish(),
});

/** Inserts a draft and its lines; shared by the command and the recurring-journal run. */
export async function insertDraft(tx: Tx, actor: Actor, input: {
  entityId: number; postingDate: string; description: string; autoReverse: boolean; lines: ManualLine[];
  idempotencyKey?: string | null; recurringJournalId?: number | null;
}): Promise<ManualJournalRow> {
  const totalMinor = balancedTotalOrThrow(input.lines);
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  if (!entity) throw new DomainError(LedgerError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${input.entityId} does not exist`);
  await checkManualAccounts(tx, input.entityId, input.lines);
  // Refuses a date in a closed (or, for non-controllers, soft-closed) period now rather than at approval.
  await lockPostingPeriod(tx, actor, input.entityId, input.postingDate);
  const [{ id } = { id: 0 }] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('manual_journal', 'id'))::int8 as id`)
    .then((rows) => rows.map((r) => ({ id: Number(r.id) })));
  assert(id > 0, "manual journal id from its sequence");
  const [row] = await tx.insert(manualJournal).values({
    id, entityId: input.entityId, journalNumber: `MJ-${entity.code}-${String(id).padStart(6, "0")}`, postingDate: input.postingDate,
    description: input.description, status: "draft", totalMinor, autoReverse: input.autoReverse, recurringJournalId: input.recurringJournalId ?? null,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  }).returning();
  assert(row !== undefined, "manual journal insert returned its row");
  await tx.insert(manualJournalLine).values(input.lines.map((line, index) => ({
    manualJournalId: id, lineNumber: index + 1, accountId: line.accountId, debitMinor: line.debitMinor, creditMinor: line.creditMinor, memo: line.memo ?? null,
  })));
  await recordAudit(tx, actor, { action: "create", objectKind: "manual_journal", objectId: id, entityId: row.entityId,
    after: { ...row, lines: input.lines } });
  return row;
}

/** Saves a balanced manual journal as a draft. A replay with the same idempotency key returns the first draft. */
export async function createManualJournal(tx: Tx, actor: Actor, raw: z.input<typeof CreateManualJournalInput>): Promise<ManualJournalRow> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(CreateManualJournalInput, raw);
  if (input.idempotencyKey) {
    const [existing] = await tx.select().from(manualJournal)
      .where(and(eq(manualJournal.entityId, input.entityId), eq(manualJournal.idempotencyKey, input.idempotencyKey))).limit(1);
    if (existing) return existing;
  }
  return insertDraft(tx, actor, input);
}

export async function lockManualJournalOrThrow(tx: Tx, journalId: number): Promise<ManualJournalRow> {
  const [row] = await tx.select().from(manualJournal).where(eq(manualJournal.id, journalId)).for("update").limit(1);
  if (!row) throw new DomainError(JournalError.JOURNAL_NOT_FOUND, "not_found", `journalId: manual journal ${journalId} does not exist`);
  return row;
}

export const SubmitManualJournalInput = z.object({ journalId: z.number().int().positive() });

export type SubmittedManualJournal = { journal: ManualJournalRow; approvalRequestId: number; autoApproved: boolean };

/**
 * Sends a draft through the approval engine (kind manual_journal, amountMinor = debit total).
 * Below the policy's threshold it is approved at once and the handler posts it in this
 * transaction; above, it waits for a controller (and an admin for large amounts).
 */
export async function submitManualJournal(tx: Tx, actor: Actor, raw: z.input<typeof SubmitManualJournalInput>): Promise<SubmittedManualJournal> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(SubmitManualJournalInput, raw);
  const journal = await lockManualJournalOrThrow(tx, input.journalId);
  if (journal.status !== "draft") {
    throw new DomainError(JournalError.JOURNAL_STATE, "conflict", `Manual journal ${journal.journalNumber} is ${journal.status}, not a draft`, { status: journal.status });
  }
  await tx.update(manualJournal).set({ status: "submitted", submittedAt: new Date(), updatedAt: new Date() }).where(eq(manualJournal.id, journal.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "manual_journal", objectId: journal.id, entityId: journal.entityId,
    before: { status: "draft" }, after: { status: "submitted" } });
  const submitted = await submitApproval(tx, actor, {
    kind: "manual_journal", entityId: journal.entityId, subjectType: "manual_journal", subjectId: journal.id,
    title: `${journal.journalNumber}: ${journal.description}`, facts: { amountMinor: journal.totalMinor },
    payload: { journalId: journal.id }, idempotencyKey: `manual_journal:${journal.id}`,
  });
  await tx.update(manualJournal).set({ approvalRequestId: submitted.request.id }).where(eq(manualJournal.id, journal.id));
  const [after] = await tx.select().from(manualJournal).where(eq(manualJournal.id, journal.id)).limit(1);
  assert(after !== undefined, "the submitted journal still exists");
  return { journal: after, approvalRequestId: submitted.request.id, autoApproved: submitted.autoApproved };
}

export const CancelManualJournalInput = z.object({ journalId: z.number().int().positive() });

/** Withdraws a draft (a submitted journal is withdrawn by cancelling its approval request). */
export async function cancelManualJournal(tx: Tx, actor: Actor, raw: z.input<typeof CancelManualJournalInput>): Promise<ManualJournalRow> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(CancelManualJournalInput, raw);
  const journal = await lockManualJournalOrThrow(tx, input.journalId);
  if (journal.status !== "draft") {
    throw new DomainError(JournalError.JOURNAL_STATE, "conflict", `Manual journal ${journal.journalNumber} is ${journal.status}; only a draft can be cancelled here`);
  }
  const [after] = await tx.update(manualJournal).set({ status: "cancelled", updatedAt: new Date() }).where(eq(manualJournal.id, journal.id)).returning();
  assert(after !== undefined, "cancel updated the journal");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "manual_journal", objectId: journal.id, entityId: journal.entityId,
    before: { status: "draft" }, after: { status: "cancelled" } });
  return after;
}

export async function linesOfJournal(tx: Tx, journalId: number) {
  return tx.select().from(manualJournalLine).where(eq(manualJournalLine.manualJournalId, journalId)).orderBy(asc(manualJournalLine.lineNumber)).limit(500);
}
