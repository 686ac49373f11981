import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { notify } from "../../notifications/notify";
import { requirePermission, type Actor } from "../../permissions";
import { appUser, exceptionItem, userRole } from "../../schema";
import { notFound, requireActive, requireAddressedTo } from "../access";
import { recordAudits } from "../../audit";
import { ExceptionError } from "../errors";
import { EXCEPTION_BULK_ASSIGN_MAX } from "../limits";
import { toExceptionItem, type ExceptionItem } from "../types";

const Id = z.number().int().positive();

export const AssignExceptionInput = z.object({ exceptionId: Id, userId: Id });
export type AssignExceptionInput = z.input<typeof AssignExceptionInput>;

export const BulkAssignExceptionsInput = z.object({
  exceptionIds: z.array(Id).min(1).max(EXCEPTION_BULK_ASSIGN_MAX),
  userId: Id,
});
export type BulkAssignExceptionsInput = z.input<typeof BulkAssignExceptionsInput>;

type Assignee = { id: number; username: string; roles: string[] };

async function loadAssignee(tx: Tx, userId: number): Promise<Assignee | null> {
  const [user] = await tx.select({ id: appUser.id, username: appUser.username, active: appUser.active })
    .from(appUser).where(eq(appUser.id, userId)).limit(1);
  if (!user?.active) return null;
  const roles = await tx.select({ role: userRole.role }).from(userRole).where(eq(userRole.userId, userId));
  return { id: user.id, username: user.username, roles: roles.map((r) => r.role) };
}

/** Only someone who can work the queue may hold an item: its owner role, or an admin. */
function requireEligible(assignee: Assignee | null, userId: number, item: ExceptionItem): asserts assignee is Assignee {
  if (assignee && (assignee.roles.includes(item.ownerRole) || assignee.roles.includes("admin"))) return;
  const who = assignee ? assignee.username : `user ${userId}`;
  throw new DomainError(
    ExceptionError.ASSIGNEE_INELIGIBLE,
    "unprocessable",
    assignee
      ? `${who} cannot take exception ${item.id}: it needs the ${item.ownerRole} role (or admin)`
      : `${who} does not exist or is inactive`,
    { exceptionId: item.id, userId, ownerRole: item.ownerRole },
  );
}

/** Locks the items in id order, so two bulk assignments over overlapping sets never deadlock. */
async function lockAll(tx: Tx, exceptionIds: number[]): Promise<ExceptionItem[]> {
  const rows = await tx.select().from(exceptionItem).where(inArray(exceptionItem.id, exceptionIds))
    .orderBy(asc(exceptionItem.id)).for("update");
  const found = new Set(rows.map((row) => row.id));
  const missing = exceptionIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(missing);
  return rows.map(toExceptionItem);
}

async function applyAssignment(tx: Tx, actor: Actor, items: ExceptionItem[], assignee: Assignee): Promise<ExceptionItem[]> {
  const ids = items.map((item) => item.id);
  // The first pickup stays the assignment time, so cycle times measure how long an item waited.
  const updated = await tx.update(exceptionItem).set({
    state: "assigned",
    assignedUserId: assignee.id,
    assignedAt: sql`coalesce(${exceptionItem.assignedAt}, now())`,
  }).where(and(inArray(exceptionItem.id, ids), inArray(exceptionItem.state, ["open", "assigned"]))).returning();
  assert(updated.length === items.length, "every locked item is updated");
  const byId = new Map(items.map((item) => [item.id, item]));
  await recordAudits(tx, actor, updated.map((row) => {
    const before = byId.get(row.id)!;
    return {
      action: "state_change",
      objectKind: "exception_item",
      objectId: row.id,
      entityId: row.entityId,
      before: { state: before.state, assignedUserId: before.assignedUserId, assignedAt: before.assignedAt },
      after: { state: row.state, assignedUserId: row.assignedUserId, assignedAt: row.assignedAt },
    };
  }));
  await notify(tx, {
    userId: assignee.id,
    kind: "exception.assigned",
    title: ids.length === 1 ? `Exception assigned to you: ${items[0]!.title}` : `${ids.length} exceptions assigned to you`,
    body: items.map((item) => `#${item.id} ${item.title}`).join("\n").slice(0, 4_000),
    link: ids.length === 1 ? `/exceptions/${ids[0]}` : "/exceptions?assigned=me",
  });
  return updated.map(toExceptionItem).sort((a, b) => a.id - b.id);
}

async function assignMany(tx: Tx, actor: Actor, exceptionIds: number[], userId: number): Promise<ExceptionItem[]> {
  requirePermission(actor, "exceptions:manage");
  const ids = [...new Set(exceptionIds)].sort((a, b) => a - b);
  const items = await lockAll(tx, ids);
  const assignee = await loadAssignee(tx, userId);
  // Check every item before writing any: a bulk assignment is all or nothing.
  for (const item of items) {
    requireAddressedTo(actor, item);
    requireActive(item);
    requireEligible(assignee, userId, item);
  }
  assert(assignee !== null, "eligibility was checked");
  return applyAssignment(tx, actor, items, assignee);
}

export async function assignException(tx: Tx, actor: Actor, raw: AssignExceptionInput): Promise<ExceptionItem> {
  requirePermission(actor, "exceptions:manage");
  const input = parseInput(AssignExceptionInput, raw);
  const [item] = await assignMany(tx, actor, [input.exceptionId], input.userId);
  assert(item !== undefined, "one item assigned");
  return item;
}

/** Assigns every listed item to one user, or none of them when any check fails. */
export async function bulkAssignExceptions(tx: Tx, actor: Actor, raw: BulkAssignExceptionsInput): Promise<ExceptionItem[]> {
  requirePermission(actor, "exceptions:manage");
  const input = parseInput(BulkAssignExceptionsInput, raw);
  return assignMany(tx, actor, input.exceptionIds, input.userId);
}
