import { DomainError, SharedError } from "../../shared/errors";
import { hasPermission, type Actor, type Permission } from "../permissions";

/** Reading approval requests and policies: anyone who takes part in approvals or audits them. */
const READ_PERMISSIONS: readonly Permission[] = ["approvals:submit", "approvals:decide", "governance.policies:manage", "audit:read"];

export function requireApprovalReader(actor: Actor): void {
  if (READ_PERMISSIONS.some((permission) => hasPermission(actor, permission))) return;
  throw new DomainError(SharedError.FORBIDDEN, "forbidden", `${actor.username} lacks the permission approvals:submit`,
    { permission: "approvals:submit", username: actor.username });
}
