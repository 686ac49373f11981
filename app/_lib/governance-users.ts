import type { Tx } from "../../core/db/client";
import { hasPermission, type Actor, type Permission, type Role } from "../../core/governance";
import { listUsers, type UserListRow } from "../../core/governance/queries/list-users";
import type { UserChoice } from "./governance-forms";

function choiceOf(user: UserListRow): UserChoice {
  return { id: user.id, label: `${user.displayName} (${user.username}: ${user.roles.join(", ")})` };
}

/**
 * People who may hold exceptions owned by these roles: holders of the roles, and admins (core
 * accepts either). Empty for users who cannot assign.
 */
export async function assigneeChoices(tx: Tx, actor: Actor, ownerRoles: readonly Role[]): Promise<UserChoice[]> {
  if (!hasPermission(actor, "exceptions:manage")) return [];
  const byId = new Map<number, UserListRow>();
  for (const role of [...new Set<Role>([...ownerRoles, "admin"])]) {
    for (const user of await listUsers(tx, actor, { role })) byId.set(user.id, user);
  }
  return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)).map(choiceOf);
}

/** Everyone active but the actor, for delegating approvals. */
export async function delegateChoices(tx: Tx, actor: Actor): Promise<UserChoice[]> {
  const users = await listUsers(tx, actor, {});
  return users.filter((user) => user.id !== actor.userId).map(choiceOf);
}

/** The permissions core's user list accepts; others see ids instead of names. */
const NAME_READERS: readonly Permission[] = ["exceptions:manage", "approvals:decide", "users:manage"];

/** Display names by user id, for pages that show who closed or decided something. */
export async function userNames(tx: Tx, actor: Actor): Promise<Map<number, string>> {
  if (!NAME_READERS.some((permission) => hasPermission(actor, permission))) return new Map();
  const users = await listUsers(tx, actor, { includeInactive: true, limit: 500 });
  return new Map(users.map((user) => [user.id, user.displayName]));
}
