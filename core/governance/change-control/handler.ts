import type { Tx } from "../../db/client";
import { applyAccountRule, type SetAccountRuleInput } from "../../ledger/commands/set-account-rule";
import { applyMasterUpdate } from "../../masters/commands/update-master";
import { isMasterKind } from "../../masters/registry";
import type { z } from "zod";
import { DomainError } from "../../shared/errors";
import type { ApprovalHandler, ApprovalRequestRow } from "../approvals/types";
import type { Actor } from "../permissions";
import { ChangeControlError } from "./errors";
import { parseChangePayload, requestIdOf, staleFields, throwIfStale } from "./payload";
import { ACCOUNT_RULE_KIND } from "./rules";

const ACCOUNT_RULE_FIELDS = ["accountId", "priority"] as const;

/**
 * Applies an approved master_data_change on behalf of the approver (the audit row names them
 * and the request). The row is re-read FOR UPDATE; when a changed field no longer holds the
 * value the request was made against, the change is refused with GOVERNANCE_CHANGE_STALE and
 * the deciding transaction rolls back, so nothing half-applies.
 */
async function applyApprovedChange(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const payload = parseChangePayload(request.id, request.payload);
  const requestId = requestIdOf(request.id);
  const { kind, key, before, patch } = payload;
  if (kind === ACCOUNT_RULE_KIND) {
    await applyAccountRule(tx, actor, patch as z.input<typeof SetAccountRuleInput>, {
      requestId,
      guard: (current) => throwIfStale(request.id, kind, key, staleFields(current, before, ACCOUNT_RULE_FIELDS)),
    });
    return;
  }
  if (!isMasterKind(kind)) {
    throw new DomainError(ChangeControlError.CHANGE_PAYLOAD_INVALID, "unprocessable", `Change request ${request.id} names an unknown kind ${kind}`,
      { requestId: request.id, kind });
  }
  await applyMasterUpdate(tx, actor, kind, key, patch, {
    requestId,
    guard: (current) => throwIfStale(request.id, kind, key, staleFields(current, before, Object.keys(patch))),
  });
}

export const masterDataChangeHandler: ApprovalHandler = {
  onApproved: applyApprovedChange,
  // A rejected change has nothing to undo: the row never changed.
};
