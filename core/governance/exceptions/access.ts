import { eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError, SharedError } from "../../shared/errors";
import type { Actor } from "../permissions";
import { exceptionItem } from "../schema";
import { ExceptionError } from "./errors";
import { ACTIVE_EXCEPTION_STATES } from "./kinds";
import { toExceptionItem, type ExceptionItem } from "./types";

/** Admins see every queue; everyone else sees items owned by, or addressed to, one of their roles. */
export function isAddressedTo(actor: Actor, item: Pick<ExceptionItem, "ownerRole" | "audienceRoles">): boolean {
  if (actor.roles.includes("admin")) return true;
  return actor.roles.some((role) => role === item.ownerRole || item.audienceRoles.includes(role));
}

export function requireAddressedTo(actor: Actor, item: ExceptionItem): void {
  if (isAddressedTo(actor, item)) return;
  throw new DomainError(
    SharedError.FORBIDDEN,
    "forbidden",
    `${actor.username} holds none of the roles exception ${item.id} is addressed to (${[item.ownerRole, ...item.audienceRoles].join(", ")})`,
    { exceptionId: item.id, ownerRole: item.ownerRole, audienceRoles: item.audienceRoles, username: actor.username },
  );
}

/** The same rule as isAddressedTo, as a WHERE condition; undefined means no restriction. */
export function visibleToCondition(actor: Actor): SQL | undefined {
  if (actor.roles.includes("admin")) return undefined;
  if (actor.roles.length === 0) return sql`false`;
  const roles = sql`array[${sql.join(actor.roles.map((role) => sql`${role}`), sql`, `)}]::text[]`;
  return sql`(${exceptionItem.ownerRole} = any(${roles}) or ${exceptionItem.audienceRoles} && ${roles})`;
}

export function isActiveState(state: string): boolean {
  return (ACTIVE_EXCEPTION_STATES as readonly string[]).includes(state);
}

export function requireActive(item: ExceptionItem): void {
  if (isActiveState(item.state)) return;
  throw new DomainError(ExceptionError.CLOSED, "conflict", `Exception ${item.id} is already ${item.state} and cannot change again`, {
    exceptionId: item.id, state: item.state,
  });
}

export function notFound(exceptionId: number): DomainError {
  return new DomainError(ExceptionError.NOT_FOUND, "not_found", `Exception ${exceptionId} does not exist`, { exceptionId });
}

/** Reads and row-locks one item, so the state check and the update see the same row. */
export async function lockExceptionOrThrow(tx: Tx, exceptionId: number): Promise<ExceptionItem> {
  const [row] = await tx.select().from(exceptionItem).where(eq(exceptionItem.id, exceptionId)).for("update");
  if (!row) throw notFound(exceptionId);
  return toExceptionItem(row);
}
