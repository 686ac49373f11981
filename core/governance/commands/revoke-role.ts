import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { recordAudit } from "../audit";
import { requirePermission, ROLES, type Actor, type Role } from "../permissions";
import { appUser, userRole } from "../schema";
import { SodError } from "../sod/errors";
import { SUPERUSER_ROLE } from "../sod/rules";
import { lockUserWithRoles } from "../sod/users";

export const RevokeRoleInput = z.object({
  userId: z.number().int().positive(),
  role: z.enum(ROLES),
});
export type RevokeRoleInput = z.input<typeof RevokeRoleInput>;

/**
 * Refuses to remove the last active admin: nobody could manage users afterwards. The admin
 * role rows are locked first, so two concurrent revocations cannot both pass the count.
 */
async function refuseLastAdmin(tx: Tx, userId: number): Promise<void> {
  await tx.select({ userId: userRole.userId }).from(userRole).where(eq(userRole.role, SUPERUSER_ROLE)).for("update");
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(userRole)
    .innerJoin(appUser, eq(appUser.id, userRole.userId))
    .where(and(eq(userRole.role, SUPERUSER_ROLE), eq(appUser.active, true), sql`${userRole.userId} <> ${userId}`));
  if ((row?.n ?? 0) > 0) return;
  throw new DomainError(SodError.LAST_ADMIN, "conflict", "This is the last active admin; give another user the admin role first", { userId });
}

/** Takes one role from a user; the user must hold it. */
export async function revokeRole(tx: Tx, actor: Actor, raw: RevokeRoleInput): Promise<{ userId: number; role: Role; roles: Role[] }> {
  requirePermission(actor, "users:manage");
  const input = parseInput(RevokeRoleInput, raw);
  const user = await lockUserWithRoles(tx, input.userId);
  if (!user.roles.includes(input.role)) {
    throw new DomainError(SodError.ROLE_NOT_HELD, "conflict", `${user.username} does not hold the role ${input.role}`, { userId: user.id, role: input.role });
  }
  if (input.role === SUPERUSER_ROLE) await refuseLastAdmin(tx, user.id);
  const deleted = await tx.delete(userRole).where(and(eq(userRole.userId, user.id), eq(userRole.role, input.role))).returning();
  assert(deleted.length === 1, `role ${input.role} of user ${user.id} was not deleted`);
  const roles = user.roles.filter((role) => role !== input.role);
  await recordAudit(tx, actor, { action: "update", objectKind: "user", objectId: user.id,
    before: { roles: user.roles }, after: { roles, revokedRole: input.role } });
  return { userId: user.id, role: input.role, roles };
}
