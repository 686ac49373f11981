import { eq, sql } from "drizzle-orm";
import { postJournal } from "../../../ledger";
import { journalLine } from "../../../ledger/schema";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { MergeError } from "../errors";
import { MERGE_KIND_SPEC, MERGE_REASON_LENGTH_MAX, MERGE_REASON_LENGTH_MIN } from "../kinds";
import { reclassifyPartyBalances } from "../ledger-reclass";
import { lockRecordsOrThrow, setRecordActive } from "../records";
import { restoreReferences } from "../references";
import { masterMerge, masterMergeReversal } from "../schema";
import { toMasterMerge, type MasterMerge } from "../types";
import { lockMergeOrThrow } from "./apply-merge";

export const ReverseMasterMergeInput = z.object({
  mergeId: z.number().int().positive(),
  reason: z.string().trim().min(MERGE_REASON_LENGTH_MIN).max(MERGE_REASON_LENGTH_MAX),
});
export type ReverseMasterMergeInput = z.input<typeof ReverseMasterMergeInput>;

/**
 * Moves back exactly what the merge's reclassification moved, by posting the mirror of that entry
 * (the survivor's own postings since the merge stay with the survivor).
 */
async function reverseReclass(tx: Tx, actor: Actor, merge: MasterMerge): Promise<number | null> {
  const entryId = merge.summary?.reclassEntryId ?? null;
  if (entryId === null || merge.entityId === null) return null;
  const lines = await tx.select().from(journalLine).where(eq(journalLine.entryId, entryId)).orderBy(journalLine.lineNumber);
  assert(lines.length > 0, `reclassification entry ${entryId} has lines`);
  const [today] = await tx.execute<{ d: string }>(sql`select (now() at time zone time_zone)::date::text as d from legal_entity where id = ${merge.entityId}`);
  const posted = await postJournal(tx, actor, {
    entityId: merge.entityId, postingDate: today!.d, eventType: "masters.merge_reclass", sourceType: "master_merge", sourceId: merge.id,
    description: `Reversal of merge ${merge.id}`, idempotencyKey: `master_merge:${merge.id}:reverse`, reversesEntryId: entryId,
    lines: lines.map((l) => ({
      accountId: l.accountId, debitMinor: l.creditMinor, creditMinor: l.debitMinor, documentCurrency: l.documentCurrency,
      documentDebitMinor: l.documentCreditMinor, documentCreditMinor: l.documentDebitMinor,
      customerId: l.customerId, supplierId: l.supplierId, memo: "Merge reversed",
    })),
  });
  return posted.id;
}

export type ReversedMerge = { merge: MasterMerge; reversalId: number; restored: Record<string, number> };

/**
 * Undoes an applied merge through a reversal record: the rows the merge moved point back at the
 * merged record (rows re-pointed since by someone else are left alone) and it is active again.
 */
export async function reverseMasterMerge(tx: Tx, actor: Actor, raw: ReverseMasterMergeInput): Promise<ReversedMerge> {
  const input = parseInput(ReverseMasterMergeInput, raw);
  const merge = await lockMergeOrThrow(tx, input.mergeId);
  requirePermission(actor, MERGE_KIND_SPEC[merge.masterKind].permission);
  if (merge.status !== "applied") {
    throw new DomainError(MergeError.NOT_APPLIED, "conflict", `Merge ${merge.id} is ${merge.status}: only an applied merge can be reversed`,
      { mergeId: merge.id, status: merge.status });
  }
  await lockRecordsOrThrow(tx, merge.masterKind, [merge.survivorId, merge.mergedId]);
  const restored = await restoreReferences(tx, merge.id, merge.survivorId, merge.mergedId);
  const reclassEntryId = await reverseReclass(tx, actor, merge);
  await setRecordActive(tx, merge.masterKind, merge.mergedId, merge.mergedWasActive ?? true);
  const [reversal] = await tx.insert(masterMergeReversal).values({
    mergeId: merge.id, reason: input.reason, reversedByUserId: actor.userId, restored: { ...restored, reclassEntryId },
  }).returning({ id: masterMergeReversal.id });
  assert(reversal !== undefined, "the reversal record is inserted");
  const [row] = await tx.update(masterMerge).set({ status: "reversed" }).where(eq(masterMerge.id, merge.id)).returning();
  assert(row?.status === "reversed", "the merge is marked reversed");
  await recordAudit(tx, actor, { action: "reverse", objectKind: "master_merge", objectId: merge.id, entityId: merge.entityId,
    before: { status: "applied" }, after: { status: "reversed", reversalId: reversal.id, restored, reason: input.reason } });
  return { merge: toMasterMerge(row), reversalId: reversal.id, restored };
}
