import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { DomainError, parseInput } from "../../shared/errors";
import { recordAudit } from "../audit";
import { GovernanceError } from "../errors";
import { hashPassword } from "../passwords";
import { ROLES, requirePermission, type Actor, type Role } from "../permissions";
import { appUser, userRole } from "../schema";
import { checkRoleChange, raiseCompensatingReview } from "../sod/enforce";

export const PASSWORD_LENGTH_MIN = 10;

export const CreateUserInput = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[a-z0-9._-]+$/, "lowercase letters, digits, dot, dash or underscore"),
  displayName: z.string().trim().min(1).max(120),
  email: z.email().optional(),
  password: z.string().min(PASSWORD_LENGTH_MIN).max(256),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  defaultEntityId: z.number().int().positive().optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export type CreatedUser = { id: number; username: string; roles: Role[] };

export async function createUser(tx: Tx, actor: Actor, raw: CreateUserInput): Promise<CreatedUser> {
  requirePermission(actor, "users:manage");
  const input = parseInput(CreateUserInput, raw);
  const taken = await tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, input.username)).limit(1);
  if (taken.length > 0) {
    throw new DomainError(GovernanceError.USERNAME_TAKEN, "conflict", `username: "${input.username}" is already taken`, { username: input.username });
  }
  const roles = [...new Set(input.roles)];
  // The same conflict matrix as assignRole: a block conflict refuses the user before anything is written.
  const sodChange = { userId: null, username: input.username, rolesBefore: [], rolesAfter: roles };
  const conflicts = await checkRoleChange(tx, sodChange);
  const passwordHash = await hashPassword(input.password);
  const [row] = await tx.insert(appUser).values({
    username: input.username,
    displayName: input.displayName,
    email: input.email ?? null,
    passwordHash,
    defaultEntityId: input.defaultEntityId ?? null,
  }).returning({ id: appUser.id });
  if (!row) throw new Error("insert returned no row");
  await tx.insert(userRole).values(roles.map((role) => ({ userId: row.id, role })));
  await recordAudit(tx, actor, {
    action: "create",
    objectKind: "user",
    objectId: row.id,
    after: { username: input.username, displayName: input.displayName, roles, sodConflicts: conflicts },
  });
  await raiseCompensatingReview(tx, actor, { ...sodChange, userId: row.id }, conflicts, null);
  return { id: row.id, username: input.username, roles };
}
