"use server";
// Server actions of the governance pages: each reads the form, runs one core command in one
// transaction as the signed-in user, and answers with the command's own refusal when it fails.
// The bootstrap import registers every approval handler (master-data changes among them), so
// a decision taken in this server bundle finds the handler that applies it.
import { attempt, idOf, text } from "./form-actions";
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  cancelApprovalRequest, createPolicyVersion, type CreatePolicyVersionInput, decideApprovalStep, delegateApprovals, listMyApprovals, revokeDelegation, type ApprovalKind,
} from "../../core/governance/approvals";
import { verifyAuditChain } from "../../core/governance/audit-chain";
import { assignException, bulkAssignExceptions, dismissException, resolveException } from "../../core/governance/exceptions";
import { hasPermission, requirePermission } from "../../core/governance";
import { DomainError, SharedError } from "../../core/shared/errors";
import { read, write } from "./db";
import type { GovernanceActionState } from "./governance-action-types";
import { hrefWith } from "./query";
import { requireUser } from "./session";




export async function decideApprovalAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const decision = text(form, "decision") === "reject" ? "reject" : "approve";
  const comment = text(form, "comment");
  let requestId = 0;
  const state = await attempt(previous, ["comment"], async () => {
    requestId = idOf(form, "requestId");
    const result = await write((tx) => decideApprovalStep(tx, user, { requestId, decision, comment: comment.trim() === "" ? null : comment }));
    return result.status;
  });
  if (state.ok === null) return state;
  revalidatePath("/approvals", "layout");
  redirect(`/approvals/${requestId}?done=${decision === "approve" ? (state.ok === "approved" ? "approved" : "step") : "rejected"}`);
}

export async function cancelApprovalAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const reason = text(form, "reason");
  let requestId = 0;
  const state = await attempt(previous, ["reason"], async () => {
    requestId = idOf(form, "requestId");
    await write((tx) => cancelApprovalRequest(tx, user, { requestId, reason }));
    return "cancelled";
  });
  if (state.ok === null) return state;
  revalidatePath("/approvals", "layout");
  redirect(`/approvals/${requestId}?done=cancelled`);
}

/** The nav badge: pending requests the user may decide now, or null for users who decide none. */
export async function pendingApprovalsCountAction(): Promise<number | null> {
  const user = await requireUser();
  if (!hasPermission(user, "approvals:decide")) return null;
  return (await read((tx) => listMyApprovals(tx, user, { limit: 200 }))).length;
}

export async function savePolicyAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const values = { name: text(form, "name"), rules: text(form, "rules") };
  const kind = text(form, "kind") as ApprovalKind;
  const entityText = text(form, "entityId");
  const saved = { version: 0 };
  const state = await attempt(previous, ["name", "rules"], async () => {
    let rules: CreatePolicyVersionInput["rules"];
    try {
      rules = JSON.parse(values.rules) as CreatePolicyVersionInput["rules"];
    } catch (error) {
      const message = `not valid JSON (${(error as Error).message})`;
      throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `rules: ${message}`, {}, { issues: [{ field: "rules", rule: "json", message }] });
    }
    const entityId = entityText === "" ? null : idOf(form, "entityId");
    saved.version = (await write((tx) => createPolicyVersion(tx, user, { kind, entityId, name: values.name, rules }))).version;
    return `Saved version ${saved.version}`;
  });
  if (state.ok === null) return state;
  revalidatePath("/governance/policies", "layout");
  redirect(hrefWith(`/governance/policies/${encodeURIComponent(kind)}`, { entity: entityText, saved: saved.version }));
}

export async function verifyAuditChainAction(previous: GovernanceActionState): Promise<GovernanceActionState> {
  const user = await requireUser();
  const finding: { broken: string | null } = { broken: null };
  const state = await attempt(previous, [], async () => {
    requirePermission(user, "audit:read");
    // Verification seals the rows not yet in the chain first, so it writes.
    const result = await write((tx) => verifyAuditChain(tx));
    if (result.ok) return `Chain intact: ${result.checked} rows checked.`;
    const first = result.firstBroken;
    finding.broken = `Chain broken at sequence ${first.chainSeq} (audit row ${first.auditId}): ${first.problem.replaceAll("_", " ")}; the ${result.checked} rows before it are intact.`;
    return finding.broken;
  });
  // A broken chain is a finding, not a refusal: shown as an error without an error code.
  return finding.broken === null ? state : { ...state, ok: null, error: finding.broken };
}

function exceptionIdsOf(form: FormData): number[] {
  return form.getAll("ids").map((value) => Number(value)).filter((id) => Number.isSafeInteger(id) && id > 0);
}

export async function bulkAssignExceptionsAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const ids = exceptionIdsOf(form);
  const state = await attempt(previous, ["ids", "userId"], async () => {
    const userId = idOf(form, "userId");
    if (ids.length === 0) {
      throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "ids: tick the exceptions to assign", {}, { issues: [{ field: "ids", rule: "required", message: "tick the exceptions to assign" }] });
    }
    const assigned = await write((tx) => bulkAssignExceptions(tx, user, { exceptionIds: ids, userId }));
    return `Assigned ${assigned.length} exception${assigned.length === 1 ? "" : "s"} (${assigned.map((item) => `#${item.id}`).join(", ")}).`;
  });
  if (state.ok !== null) revalidatePath("/exceptions", "layout");
  return state;
}

export async function assignExceptionAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["userId"], async () => {
    const item = await write((tx) => assignException(tx, user, { exceptionId: idOf(form, "exceptionId"), userId: idOf(form, "userId") }));
    return `Assigned exception #${item.id}.`;
  });
  if (state.ok !== null) revalidatePath("/exceptions", "layout");
  return state;
}

export async function closeExceptionAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const reason = text(form, "reason");
  const outcome = text(form, "outcome") === "dismiss" ? "dismiss" : "resolve";
  let exceptionId = 0;
  const state = await attempt(previous, ["reason"], async () => {
    exceptionId = idOf(form, "exceptionId");
    const item = await write((tx) => (outcome === "dismiss" ? dismissException(tx, user, { exceptionId, reason }) : resolveException(tx, user, { exceptionId, reason })));
    return item.state;
  });
  if (state.ok === null) return state;
  // A closed item has no actions left, so its page (not the vanished form) confirms it.
  revalidatePath("/exceptions", "layout");
  redirect(`/exceptions/${exceptionId}?done=${state.ok}`);
}

/** datetime-local text is read as UTC: the form labels it so. */
function instantOf(textValue: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(textValue) ? `${textValue}:00Z` : textValue;
}

export async function createDelegationAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const values = { toUserId: text(form, "toUserId"), startsAt: text(form, "startsAt"), endsAt: text(form, "endsAt"), reason: text(form, "reason") };
  const state = await attempt(previous, ["toUserId", "startsAt", "endsAt", "reason"], async () => {
    const created = await write((tx) => delegateApprovals(tx, user, {
      toUserId: idOf(form, "toUserId"), startsAt: instantOf(values.startsAt), endsAt: instantOf(values.endsAt),
      reason: values.reason.trim() === "" ? null : values.reason,
    }));
    return `Delegation #${created.id} created.`;
  });
  if (state.ok !== null) revalidatePath("/governance/delegations");
  return state;
}

export async function revokeDelegationAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, [], async () => {
    const revoked = await write((tx) => revokeDelegation(tx, user, { delegationId: idOf(form, "delegationId") }));
    return `Delegation #${revoked.id} revoked.`;
  });
  if (state.ok !== null) revalidatePath("/governance/delegations");
  return state;
}
