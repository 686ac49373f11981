import { and, asc, desc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { account } from "../../../masters/schema";
import { DomainError } from "../../../shared/errors";
import { journalEntry } from "../../schema";
import { JournalError } from "../errors";
import { MANUAL_JOURNALS_LIST_MAX } from "../limits";
import { manualJournal, manualJournalLine, recurringJournal } from "../schema";

export type ManualJournalSummary = typeof manualJournal.$inferSelect & { entryNumber: string | null };
export type ManualJournalDetail = ManualJournalSummary & {
  lines: { lineNumber: number; accountId: number; accountCode: string; accountName: string; debitMinor: bigint; creditMinor: bigint; memo: string | null }[];
};

export async function listManualJournals(tx: Tx, actor: Actor, options: { entityId: number; status?: string | null; limit?: number }): Promise<ManualJournalSummary[]> {
  requirePermission(actor, "ledger:read");
  const limit = Math.min(options.limit ?? 50, MANUAL_JOURNALS_LIST_MAX);
  const rows = await tx.select({ journal: manualJournal, entryNumber: journalEntry.entryNumber }).from(manualJournal)
    .leftJoin(journalEntry, eq(journalEntry.id, manualJournal.journalEntryId))
    .where(and(eq(manualJournal.entityId, options.entityId), options.status ? eq(manualJournal.status, options.status) : undefined))
    .orderBy(desc(manualJournal.id)).limit(limit);
  return rows.map((r) => ({ ...r.journal, entryNumber: r.entryNumber }));
}

export async function getManualJournalOrThrow(tx: Tx, actor: Actor, journalId: number): Promise<ManualJournalDetail> {
  requirePermission(actor, "ledger:read");
  const [row] = await tx.select({ journal: manualJournal, entryNumber: journalEntry.entryNumber }).from(manualJournal)
    .leftJoin(journalEntry, eq(journalEntry.id, manualJournal.journalEntryId)).where(eq(manualJournal.id, journalId)).limit(1);
  if (!row) throw new DomainError(JournalError.JOURNAL_NOT_FOUND, "not_found", `Manual journal ${journalId} does not exist`);
  const lines = await tx.select({
    lineNumber: manualJournalLine.lineNumber, accountId: manualJournalLine.accountId, accountCode: account.code, accountName: account.name,
    debitMinor: manualJournalLine.debitMinor, creditMinor: manualJournalLine.creditMinor, memo: manualJournalLine.memo,
  }).from(manualJournalLine).innerJoin(account, eq(account.id, manualJournalLine.accountId))
    .where(eq(manualJournalLine.manualJournalId, journalId)).orderBy(asc(manualJournalLine.lineNumber)).limit(500);
  return { ...row.journal, entryNumber: row.entryNumber, lines };
}

export async function listRecurringJournals(tx: Tx, actor: Actor, options: { entityId: number }) {
  requirePermission(actor, "ledger:read");
  return tx.select().from(recurringJournal).where(eq(recurringJournal.entityId, options.entityId)).orderBy(asc(recurringJournal.id)).limit(MANUAL_JOURNALS_LIST_MAX);
}
