import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { ROLES, requirePermission, type Actor } from "../../permissions";
import { appUser, exceptionItem } from "../../schema";
import { notFound, requireAddressedTo, visibleToCondition } from "../access";
import { ACTIVE_EXCEPTION_STATES, EXCEPTION_SEVERITIES, EXCEPTION_STATES } from "../kinds";
import { EXCEPTION_PAGE_SIZE_DEFAULT, EXCEPTION_PAGE_SIZE_MAX, EXCEPTION_SEARCH_LENGTH_MAX } from "../limits";
import { toExceptionItem, type ExceptionItem } from "../types";

export const ListExceptionsInput = z.object({
  kind: z.string().trim().min(1).max(64).optional(),
  /** One state, or "active" for open and assigned together. */
  state: z.enum([...EXCEPTION_STATES, "active"]).optional(),
  severity: z.enum(EXCEPTION_SEVERITIES).optional(),
  ownerRole: z.enum(ROLES).optional(),
  assignedUserId: z.number().int().positive().optional(),
  entityId: z.number().int().positive().optional(),
  /** Only items still active past their due time. */
  overdue: z.boolean().optional(),
  search: z.string().max(EXCEPTION_SEARCH_LENGTH_MAX).optional(),
  page: z.number().int().min(1).default(1),
  /** Larger requests are cut to EXCEPTION_PAGE_SIZE_MAX. */
  pageSize: z.number().int().min(1).default(EXCEPTION_PAGE_SIZE_DEFAULT),
});
export type ListExceptionsInput = z.input<typeof ListExceptionsInput>;

/** An item as a queue shows it: with its assignee's name and whether it is overdue. */
export type ExceptionListRow = ExceptionItem & { assignedUserName: string | null; overdue: boolean };
export type ExceptionPage = { rows: ExceptionListRow[]; total: number; page: number; pageSize: number };

const isActive = sql`${exceptionItem.state} in ('open', 'assigned')`;
const overdueExpression = sql<boolean>`(${isActive} and ${exceptionItem.dueAt} < now())`;
const severityRank = sql`case ${exceptionItem.severity} when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim() ?? "";
  if (term.length === 0) return undefined;
  // Escape LIKE wildcards so a search for "50%" means the text, not a pattern.
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(exceptionItem.title, pattern), ilike(exceptionItem.explanation, pattern), sql`${exceptionItem.links}::text ilike ${pattern}`);
}

function whereOf(actor: Actor, input: z.output<typeof ListExceptionsInput>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    visibleToCondition(actor),
    input.kind !== undefined ? eq(exceptionItem.kind, input.kind) : undefined,
    input.state === "active" ? inArray(exceptionItem.state, [...ACTIVE_EXCEPTION_STATES]) : undefined,
    input.state !== undefined && input.state !== "active" ? eq(exceptionItem.state, input.state) : undefined,
    input.severity !== undefined ? eq(exceptionItem.severity, input.severity) : undefined,
    input.ownerRole !== undefined ? eq(exceptionItem.ownerRole, input.ownerRole) : undefined,
    input.assignedUserId !== undefined ? eq(exceptionItem.assignedUserId, input.assignedUserId) : undefined,
    input.entityId !== undefined ? eq(exceptionItem.entityId, input.entityId) : undefined,
    input.overdue === true ? overdueExpression : undefined,
    input.overdue === false ? sql`not ${overdueExpression}` : undefined,
    searchCondition(input.search),
  ];
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

const listColumns = { item: exceptionItem, assignedUserName: appUser.displayName, overdue: sql<boolean>`coalesce(${overdueExpression}, false)` };

type JoinedRow = { item: typeof exceptionItem.$inferSelect; assignedUserName: string | null; overdue: boolean };

function toListRow(row: JoinedRow): ExceptionListRow {
  return { ...toExceptionItem(row.item), assignedUserName: row.assignedUserName, overdue: row.overdue };
}

/**
 * One page of the queues the actor may see, active items first, then by severity and due
 * time. A non-admin sees items owned by or addressed to one of their roles.
 */
export async function listExceptions(tx: Tx, actor: Actor, raw: ListExceptionsInput = {}): Promise<ExceptionPage> {
  requirePermission(actor, "exceptions:read");
  const input = parseInput(ListExceptionsInput, raw);
  const pageSize = Math.min(input.pageSize, EXCEPTION_PAGE_SIZE_MAX);
  const where = whereOf(actor, input);
  const rows = await tx.select(listColumns).from(exceptionItem)
    .leftJoin(appUser, eq(appUser.id, exceptionItem.assignedUserId))
    .where(where)
    .orderBy(desc(isActive), desc(severityRank), sql`${exceptionItem.dueAt} asc nulls last`, asc(exceptionItem.id))
    .limit(pageSize).offset((input.page - 1) * pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(exceptionItem).where(where);
  assert(rows.length <= pageSize, "a page holds at most pageSize rows");
  return { rows: rows.map(toListRow), total: count?.n ?? 0, page: input.page, pageSize };
}

/** One item, if the actor may see it: not found (404) or not addressed to them (403). */
export async function getExceptionOrThrow(tx: Tx, actor: Actor, exceptionId: number): Promise<ExceptionListRow> {
  requirePermission(actor, "exceptions:read");
  const [row] = await tx.select(listColumns).from(exceptionItem)
    .leftJoin(appUser, eq(appUser.id, exceptionItem.assignedUserId))
    .where(eq(exceptionItem.id, exceptionId)).limit(1);
  if (!row) throw notFound(exceptionId);
  const item = toListRow(row);
  requireAddressedTo(actor, item);
  return item;
}
