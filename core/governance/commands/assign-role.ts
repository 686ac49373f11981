import { z } from "zod";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { parseInput } from "../../shared/errors";
import { recordAudit } from "../audit";
import { requirePermission, ROLES, type Actor, type Role } from "../permissions";
import { userRole } from "../schema";
import { checkRoleChange, raiseCompensatingReview } from "../sod/enforce";
import type { SodConflict } from "../sod/rules";
import { lockUserWithRoles } from "../sod/users";

export const JUSTIFICATION_LENGTH_MAX = 1_000;

export const AssignRoleInput = z.object({
  userId: z.number().int().positive(),
  role: z.enum(ROLES),
  justification: z.string().trim().min(1).max(JUSTIFICATION_LENGTH_MAX).optional(),
});
export type AssignRoleInput = z.input<typeof AssignRoleInput>;

export type RoleAssignment = {
  userId: number;
  role: Role;
  roles: Role[];
  /** False when the user already held the role (nothing changed). */
  assigned: boolean;
  /** Conflicts the new role brought; none of them blocking. */
  conflicts: SodConflict[];
  /** The compensating review raised for them, if any. */
  reviewExceptionId: number | null;
};

/**
 * Gives a user one more role after checking the conflict matrix over the roles they would then
 * hold: a block conflict refuses it (GOVERNANCE_SOD_CONFLICT) and nothing changes; a review
 * conflict, or any conflict the superuser role brings, assigns it and raises a compensating
 * review for the controller.
 */
export async function assignRole(tx: Tx, actor: Actor, raw: AssignRoleInput): Promise<RoleAssignment> {
  requirePermission(actor, "users:manage");
  const input = parseInput(AssignRoleInput, raw);
  const user = await lockUserWithRoles(tx, input.userId);
  if (user.roles.includes(input.role)) {
    return { userId: user.id, role: input.role, roles: user.roles, assigned: false, conflicts: [], reviewExceptionId: null };
  }
  const change = { userId: user.id, username: user.username, rolesBefore: user.roles, rolesAfter: [...user.roles, input.role] };
  const conflicts = await checkRoleChange(tx, change);
  const inserted = await tx.insert(userRole).values({ userId: user.id, role: input.role }).returning();
  assert(inserted.length === 1, `role ${input.role} of user ${user.id} was not inserted`);
  await recordAudit(tx, actor, {
    action: "update", objectKind: "user", objectId: user.id,
    before: { roles: change.rolesBefore },
    after: { roles: change.rolesAfter, assignedRole: input.role, justification: input.justification ?? null, sodConflicts: conflicts },
  });
  const reviewExceptionId = await raiseCompensatingReview(tx, actor, change, conflicts, input.justification ?? null);
  return { userId: user.id, role: input.role, roles: change.rolesAfter, assigned: true, conflicts, reviewExceptionId };
}
