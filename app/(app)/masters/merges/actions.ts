"use server";
// Server actions of the merge pages: the owner of the domain approves or rejects the merge's
// approval step, and the owner reverses an applied merge. Importing the merge module registers
// the master_merge approval handler in this server bundle.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import "../../../../core/governance/bootstrap";
import { decideApprovalStep } from "../../../../core/governance/approvals";
import { reverseMasterMerge } from "../../../../core/masters/merge";
import { isDomainError } from "../../../../core/shared/errors";
import { write } from "../../../_lib/db";
import { requireUser } from "../../../_lib/session";

function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

async function run(mergeId: number, done: string, command: () => Promise<unknown>): Promise<never> {
  let outcome: string;
  try {
    await command();
    outcome = `done=${done}`;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    outcome = `error=${encodeURIComponent(error.userMessage)}`;
  }
  revalidatePath(`/masters/merges/${mergeId}`);
  revalidatePath("/masters/merges");
  redirect(`/masters/merges/${mergeId}?${outcome}`);
}

export async function decideMergeAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const mergeId = Number(formText(form, "mergeId"));
  const requestId = Number(formText(form, "requestId"));
  const decision = formText(form, "decision") === "reject" ? "reject" : "approve";
  const comment = formText(form, "comment");
  await run(mergeId, decision === "approve" ? "approved" : "rejected",
    () => write((tx) => decideApprovalStep(tx, user, { requestId, decision, comment: comment.length > 0 ? comment : null })));
}

export async function reverseMergeAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const mergeId = Number(formText(form, "mergeId"));
  await run(mergeId, "reversed", () => write((tx) => reverseMasterMerge(tx, user, { mergeId, reason: formText(form, "reason") })));
}
