// What applies when a manual journal's approval request is decided: approval posts it through
// postJournal (and schedules its reversal when it is an accrual); rejection or withdrawal ends it.
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { registerApprovalHandler, type ApprovalHandler, type ApprovalRequestRow } from "../../governance/approvals";
import type { Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { postJournal } from "../posting/post-journal";
import { linesOfJournal, lockManualJournalOrThrow } from "./commands/manual-journals";
import { scheduleReversal } from "./reversals";
import { manualJournal } from "./schema";

function journalIdOf(request: ApprovalRequestRow): number {
  const payload = request.payload as { journalId?: number } | null;
  assert(payload !== null && typeof payload.journalId === "number", `approval request ${request.id} names its manual journal`);
  return payload.journalId;
}

async function postApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const journal = await lockManualJournalOrThrow(tx, journalIdOf(request));
  assert(journal.status === "submitted", `manual journal ${journal.id} is submitted when approved`);
  const lines = await linesOfJournal(tx, journal.id);
  const posted = await postJournal(tx, actor, {
    entityId: journal.entityId, postingDate: journal.postingDate, eventType: "ledger.manual_journal",
    sourceType: "manual_journal", sourceId: journal.id, description: `${journal.journalNumber}: ${journal.description}`,
    idempotencyKey: `manual_journal:${journal.id}`,
    lines: lines.map((l) => ({ accountId: l.accountId, debitMinor: l.debitMinor, creditMinor: l.creditMinor, memo: l.memo })),
  });
  if (journal.autoReverse) {
    await scheduleReversal(tx, { entityId: journal.entityId, journalEntryId: posted.id, postingDate: journal.postingDate, origin: "manual_journal" });
  }
  await tx.update(manualJournal).set({ status: "posted", journalEntryId: posted.id, postedAt: new Date(), updatedAt: new Date() })
    .where(eq(manualJournal.id, journal.id));
  await recordAudit(tx, actor, { action: "post", objectKind: "manual_journal", objectId: journal.id, entityId: journal.entityId,
    before: { status: "submitted" }, after: { status: "posted", journalEntryId: posted.id, entryNumber: posted.entryNumber } });
}

async function endWith(tx: Tx, actor: Actor, request: ApprovalRequestRow, status: "rejected" | "cancelled"): Promise<void> {
  const journal = await lockManualJournalOrThrow(tx, journalIdOf(request));
  if (journal.status !== "submitted") return;
  await tx.update(manualJournal).set({ status, updatedAt: new Date() }).where(eq(manualJournal.id, journal.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "manual_journal", objectId: journal.id, entityId: journal.entityId,
    before: { status: "submitted" }, after: { status, approvalRequestId: request.id } });
}

export const manualJournalApprovalHandler: ApprovalHandler = {
  onApproved: postApproved,
  onRejected: (tx, actor, request) => endWith(tx, actor, request, "rejected"),
  onCancelled: (tx, actor, request) => endWith(tx, actor, request, "cancelled"),
};

registerApprovalHandler("manual_journal", manualJournalApprovalHandler);
