import { DomainError } from "../../shared/errors";

/**
 * Error codes of master-data change control. Codes are API: never rename or reuse one.
 * CHANGE_REQUIRES_APPROVAL keeps the MASTERS_ prefix because updateMaster and setAccountRule
 * raise it to the caller of the master-data command.
 */
export const ChangeControlError = {
  CHANGE_REQUIRES_APPROVAL: "MASTERS_CHANGE_REQUIRES_APPROVAL",
  CHANGE_STALE: "GOVERNANCE_CHANGE_STALE",
  CHANGE_PENDING: "GOVERNANCE_CHANGE_PENDING",
  CHANGE_PAYLOAD_INVALID: "GOVERNANCE_CHANGE_PAYLOAD_INVALID",
} as const;

/** Refusal of a direct write that change control routes through approval. */
export function changeRequiresApproval(kind: string, key: string | number, reasons: readonly string[], fields: readonly string[]): DomainError {
  return new DomainError(ChangeControlError.CHANGE_REQUIRES_APPROVAL, "conflict",
    `This change to ${kind} ${key} needs approval (${reasons.join("; ")}); submit it as a change request instead`,
    { kind, key, fields, reasons });
}
