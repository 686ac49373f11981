import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError, parseInput, SharedError } from "../../shared/errors";
import { hasPermission, isRole, ROLES, type Actor, type Permission, type Role } from "../permissions";
import { appUser, userRole } from "../schema";

export const USERS_LIST_MAX = 500;

export const ListUsersInput = z.object({
  /** Only users holding this role. */
  role: z.enum(ROLES).optional(),
  /** Inactive users are left out unless asked for. */
  includeInactive: z.boolean().default(false),
  limit: z.number().int().min(1).max(USERS_LIST_MAX).default(200),
});
export type ListUsersInput = z.input<typeof ListUsersInput>;

/** A user as pickers show them: no e-mail, no password hash, no session data. */
export type UserListRow = { id: number; username: string; displayName: string; active: boolean; roles: Role[] };

/** Choosing a person to hand work to: assigning exceptions, delegating approvals, administering users. */
const PICKER_PERMISSIONS: readonly Permission[] = ["exceptions:manage", "approvals:decide", "users:manage"];

function requireUserPicker(actor: Actor): void {
  if (PICKER_PERMISSIONS.some((permission) => hasPermission(actor, permission))) return;
  throw new DomainError(SharedError.FORBIDDEN, "forbidden", `${actor.username} lacks the permission exceptions:manage or approvals:decide`,
    { permission: "approvals:decide", username: actor.username });
}

/**
 * Users with their roles, by display name, for the pickers of the governance pages (the
 * assignee of an exception, the delegate of approvals). Filtered by role when one is given.
 */
export async function listUsers(tx: Tx, actor: Actor, raw: ListUsersInput = {}): Promise<UserListRow[]> {
  requireUserPicker(actor);
  const input = parseInput(ListUsersInput, raw);
  const conditions: SQL[] = [];
  if (!input.includeInactive) conditions.push(eq(appUser.active, true));
  if (input.role !== undefined) {
    const holders = tx.select({ userId: userRole.userId }).from(userRole).where(eq(userRole.role, input.role));
    conditions.push(inArray(appUser.id, holders));
  }
  const users = await tx.select({ id: appUser.id, username: appUser.username, displayName: appUser.displayName, active: appUser.active })
    .from(appUser).where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(appUser.displayName), asc(appUser.id)).limit(input.limit);
  if (users.length === 0) return [];
  const roles = await tx.select({ userId: userRole.userId, role: userRole.role }).from(userRole)
    .where(inArray(userRole.userId, users.map((u) => u.id))).orderBy(asc(userRole.role)).limit(users.length * ROLES.length);
  const rows = users.map((user) => ({ ...user, roles: roles.filter((r) => r.userId === user.id).map((r) => r.role).filter(isRole) }));
  assert(input.role === undefined || rows.every((row) => row.roles.includes(input.role!)), "a role filter returns holders of the role");
  return rows;
}
