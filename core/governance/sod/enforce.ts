import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { raiseException } from "../exceptions";
import type { Actor, Role } from "../permissions";
import { SodError } from "./errors";
import { describeConflict, isBlocking, newConflicts, SUPERUSER_ROLE, type SodConflict } from "./rules";
import { rulesInForce } from "./store";

export type RoleChange = {
  /** Null while the user is being created. */
  userId: number | null;
  username: string;
  rolesBefore: readonly Role[];
  rolesAfter: readonly Role[];
};

function added(change: RoleChange): Role[] {
  return change.rolesAfter.filter((role) => !change.rolesBefore.includes(role));
}

/**
 * The conflicts a role change brings (only those the user did not already have). Throws
 * GOVERNANCE_SOD_CONFLICT, naming both permissions and the roles granting them, when one is a
 * block rule and the user is not a superuser. Writes nothing, so the caller checks first.
 */
export async function checkRoleChange(tx: Tx, change: RoleChange): Promise<SodConflict[]> {
  const conflicts = newConflicts(change.rolesBefore, change.rolesAfter, await rulesInForce(tx));
  const blocking = conflicts.filter(isBlocking);
  if (blocking.length === 0) return conflicts;
  const roles = added(change);
  throw new DomainError(SodError.SOD_CONFLICT, "forbidden",
    `Giving ${change.username} the role ${roles.join(", ")} breaks segregation of duties: ${blocking.map(describeConflict).join("; ")}`,
    { userId: change.userId, username: change.username, roles, conflicts: blocking });
}

function severityOf(conflicts: readonly SodConflict[]): "medium" | "high" {
  // A block rule waived only because the user is a superuser deserves more attention than a review rule.
  return conflicts.some((conflict) => conflict.mode === "block") ? "high" : "medium";
}

/**
 * Raises one compensating review (owner: controller) for the conflicts a role change brought,
 * whether they came from review rules or from the superuser role. One open review per user and
 * role set: raising the same combination again returns the open one.
 */
export async function raiseCompensatingReview(tx: Tx, actor: Actor, change: RoleChange & { userId: number },
  conflicts: readonly SodConflict[], justification: string | null): Promise<number | null> {
  if (conflicts.length === 0) return null;
  assert(conflicts.every((conflict) => !isBlocking(conflict)), "blocking conflicts never reach a compensating review");
  const roles = [...new Set(change.rolesAfter)].sort();
  const superuser = roles.includes(SUPERUSER_ROLE);
  const lines = conflicts.map((conflict) => `- ${describeConflict(conflict)}`);
  const item = await raiseException(tx, actor, {
    kind: "compensating_review",
    severity: severityOf(conflicts),
    ownerRole: "controller",
    title: `SoD review: ${change.username} holds conflicting rights${superuser ? " (superuser)" : ""}`,
    explanation: [
      `${actor.username} gave ${change.username} the role ${added(change).join(", ")}; the user now holds ${roles.join(", ")}.`,
      "Review the activity of this user for these conflicts:", ...lines,
      ...(justification ? [`Justification: ${justification}`] : []),
    ].join("\n"),
    links: [{ type: "user", id: String(change.userId), label: change.username }],
    details: { userId: change.userId, roles, addedRoles: added(change), superuser, conflicts, justification },
    dedupeKey: `sod:user:${change.userId}:${roles.join(",")}`,
  });
  return item.id;
}
