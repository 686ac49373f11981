"use server";
// Server actions of the manual journal pages: create (and optionally submit) a journal, submit or
// cancel a draft. Refusals come back in the query string; approvals happen on the approvals page.
import "../../../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cancelManualJournal, createManualJournal, submitManualJournal } from "../../../../core/ledger";
import { isDomainError } from "../../../../core/shared/errors";
import { parseMajorToMinor } from "../../../../core/shared/money";
import { write } from "../../../_lib/db";
import { requireUser } from "../../../_lib/session";

const LINE_ROWS = 6;

function minorOf(text: string): bigint {
  return text.trim() === "" ? 0n : parseMajorToMinor(text.trim(), 2);
}

function linesOf(form: FormData) {
  const lines = [];
  for (let index = 0; index < LINE_ROWS; index++) {
    const accountId = Number(form.get(`account-${index}`) ?? "");
    if (!Number.isSafeInteger(accountId) || accountId <= 0) continue;
    lines.push({ accountId, debitMinor: minorOf(String(form.get(`debit-${index}`) ?? "")), creditMinor: minorOf(String(form.get(`credit-${index}`) ?? "")),
      memo: String(form.get(`memo-${index}`) ?? "") || null });
  }
  return lines;
}

export async function createJournalAction(form: FormData): Promise<void> {
  const user = await requireUser();
  let target: string;
  try {
    const journal = await write(async (tx) => {
      const draft = await createManualJournal(tx, user, {
        entityId: Number(form.get("entityId")), postingDate: String(form.get("postingDate") ?? ""), description: String(form.get("description") ?? ""),
        autoReverse: form.get("autoReverse") === "on", lines: linesOf(form), idempotencyKey: String(form.get("idempotencyKey") ?? "") || null,
      });
      return form.get("submit") === "on" ? (await submitManualJournal(tx, user, { journalId: draft.id })).journal : draft;
    });
    target = `/ledger/journals/${journal.id}?done=${encodeURIComponent(`${journal.journalNumber} is ${journal.status}`)}`;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    target = `/ledger/journals?error=${encodeURIComponent(error.userMessage)}`;
  }
  revalidatePath("/ledger/journals");
  redirect(target);
}

export async function journalStepAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const journalId = Number(form.get("journalId"));
  let target: string;
  try {
    const journal = await write(async (tx) => form.get("step") === "cancel"
      ? cancelManualJournal(tx, user, { journalId })
      : (await submitManualJournal(tx, user, { journalId })).journal);
    target = `/ledger/journals/${journalId}?done=${encodeURIComponent(`${journal.journalNumber} is ${journal.status}`)}`;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    target = `/ledger/journals/${journalId}?error=${encodeURIComponent(error.userMessage)}`;
  }
  revalidatePath("/ledger/journals");
  redirect(target);
}
