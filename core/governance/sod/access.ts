import { DomainError, SharedError } from "../../shared/errors";
import { hasPermission, type Actor } from "../permissions";

/** The SoD report and rule list are for auditors (audit:read) and those who manage the matrix. */
export function requireSodReader(actor: Actor): void {
  if (hasPermission(actor, "audit:read") || hasPermission(actor, "governance.sod:manage")) return;
  throw new DomainError(SharedError.FORBIDDEN, "forbidden", `${actor.username} lacks the permission audit:read or governance.sod:manage`,
    { permission: "audit:read", username: actor.username });
}
