import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { GovernanceError } from "../errors";
import { isRole, ROLES, type Role } from "../permissions";
import { appUser, userRole } from "../schema";

export type UserWithRoles = { id: number; username: string; active: boolean; roles: Role[] };

/**
 * Reads a user FOR UPDATE with their roles, so concurrent role changes of one user run one
 * after the other and each checks the roles the other left.
 */
export async function lockUserWithRoles(tx: Tx, userId: number): Promise<UserWithRoles> {
  const [user] = await tx.select({ id: appUser.id, username: appUser.username, active: appUser.active }).from(appUser)
    .where(eq(appUser.id, userId)).for("update");
  if (!user) throw new DomainError(GovernanceError.USER_NOT_FOUND, "not_found", `User ${userId} does not exist`, { userId });
  const rows = await tx.select({ role: userRole.role }).from(userRole).where(eq(userRole.userId, userId)).limit(ROLES.length);
  return { ...user, roles: rows.map((row) => row.role).filter(isRole) };
}
