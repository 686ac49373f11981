import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError, parseInput } from "../../shared/errors";
import { LedgerError } from "../errors";
import { postJournal, type PostedEntry } from "../posting/post-journal";
import { journalEntry, journalLine } from "../schema";

export const ReverseEntryInput = z.object({
  entryId: z.number().int().positive(),
  postingDate: z.iso.date(),
  reason: z.string().trim().min(3).max(500),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** Posts the mirror image of an entry, linked to it; the original is never touched. */
export async function reverseEntry(tx: Tx, actor: Actor, raw: z.input<typeof ReverseEntryInput>): Promise<PostedEntry> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(ReverseEntryInput, raw);
  const [original] = await tx.select().from(journalEntry).where(eq(journalEntry.id, input.entryId)).limit(1);
  if (!original) throw new DomainError(LedgerError.ENTRY_NOT_FOUND, "not_found", `Journal entry ${input.entryId} does not exist`);
  const [already] = await tx.select({ id: journalEntry.id, entryNumber: journalEntry.entryNumber }).from(journalEntry)
    .where(eq(journalEntry.reversesEntryId, original.id)).limit(1);
  if (already) {
    throw new DomainError(LedgerError.ENTRY_ALREADY_REVERSED, "conflict",
      `Journal entry ${original.entryNumber} was already reversed by ${already.entryNumber}`, { reversalId: already.id });
  }
  const lines = await tx.select().from(journalLine).where(eq(journalLine.entryId, original.id)).orderBy(journalLine.lineNumber);
  const posted = await postJournal(tx, actor, {
    entityId: original.entityId,
    postingDate: input.postingDate,
    eventType: `${original.eventType}.reversal`,
    sourceType: "journal_entry",
    sourceId: original.id,
    description: `Reversal of ${original.entryNumber}: ${input.reason}`,
    idempotencyKey: input.idempotencyKey ?? null,
    reversesEntryId: original.id,
    lines: lines.map((l) => ({
      accountId: l.accountId, debitMinor: l.creditMinor, creditMinor: l.debitMinor,
      documentCurrency: l.documentCurrency, documentDebitMinor: l.documentCreditMinor, documentCreditMinor: l.documentDebitMinor,
      itemId: l.itemId, warehouseId: l.warehouseId, customerId: l.customerId, supplierId: l.supplierId, memo: l.memo,
    })),
  });
  await recordAudit(tx, actor, { action: "reverse", objectKind: "journal_entry", objectId: original.id, entityId: original.entityId,
    after: { reversalEntryId: posted.id, reason: input.reason } });
  return posted;
}
