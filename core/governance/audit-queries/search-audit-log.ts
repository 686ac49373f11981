import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { parseInput } from "../../shared/errors";
import { requirePermission, type Actor } from "../permissions";
import { auditLog, auditSeal } from "../schema";

export const AUDIT_PAGE_SIZE_DEFAULT = 50;
export const AUDIT_PAGE_SIZE_MAX = 200;
export const AUDIT_SEARCH_LENGTH_MAX = 200;

const Text = z.string().trim().min(1).max(AUDIT_SEARCH_LENGTH_MAX);

export const SearchAuditLogInput = z.object({
  /** Matched anywhere: action, object kind and id, actor name, request id, before and after values. */
  search: z.string().max(AUDIT_SEARCH_LENGTH_MAX).optional(),
  objectKind: Text.optional(),
  objectId: z.union([Text, z.number().int()]).transform(String).optional(),
  /** Case-insensitive substring of the actor's name. */
  actorName: Text.optional(),
  action: Text.optional(),
  /** occurred_at at or after. */
  from: z.date().optional(),
  /** occurred_at before. */
  to: z.date().optional(),
  page: z.number().int().min(1).default(1),
  /** Larger requests are cut to AUDIT_PAGE_SIZE_MAX. */
  pageSize: z.number().int().min(1).default(AUDIT_PAGE_SIZE_DEFAULT),
});
export type SearchAuditLogInput = z.input<typeof SearchAuditLogInput>;

export type AuditLogRow = typeof auditLog.$inferSelect & {
  /** Whether the row is in the hash chain yet, and where. */
  sealed: boolean;
  chainSeq: number | null;
};
export type AuditLogPage = { rows: AuditLogRow[]; total: number; page: number; pageSize: number };

function likePattern(term: string): string {
  // Escape LIKE wildcards so a search for "50%" means the text, not a pattern.
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim() ?? "";
  if (term.length === 0) return undefined;
  const pattern = likePattern(term);
  return or(
    ilike(auditLog.action, pattern), ilike(auditLog.objectKind, pattern), ilike(auditLog.objectId, pattern),
    ilike(auditLog.actorName, pattern), ilike(auditLog.requestId, pattern),
    sql`${auditLog.before}::text ilike ${pattern}`, sql`${auditLog.after}::text ilike ${pattern}`,
  );
}

function whereOf(input: z.output<typeof SearchAuditLogInput>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    searchCondition(input.search),
    input.objectKind !== undefined ? eq(auditLog.objectKind, input.objectKind) : undefined,
    input.objectId !== undefined ? eq(auditLog.objectId, input.objectId) : undefined,
    input.actorName !== undefined ? ilike(auditLog.actorName, likePattern(input.actorName)) : undefined,
    input.action !== undefined ? eq(auditLog.action, input.action) : undefined,
    input.from !== undefined ? gte(auditLog.occurredAt, input.from) : undefined,
    input.to !== undefined ? lt(auditLog.occurredAt, input.to) : undefined,
  ];
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

/** The audit log viewer: newest first, filtered and searched, each row with its seal status. */
export async function searchAuditLog(tx: Tx, actor: Actor, raw: SearchAuditLogInput = {}): Promise<AuditLogPage> {
  requirePermission(actor, "audit:read");
  const input = parseInput(SearchAuditLogInput, raw);
  const pageSize = Math.min(input.pageSize, AUDIT_PAGE_SIZE_MAX);
  const where = whereOf(input);
  const rows = await tx.select({ entry: auditLog, chainSeq: auditSeal.chainSeq }).from(auditLog)
    .leftJoin(auditSeal, eq(auditSeal.auditId, auditLog.id))
    .where(where).orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(pageSize).offset((input.page - 1) * pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where);
  assert(rows.length <= pageSize, "a page holds at most pageSize rows");
  return {
    rows: rows.map((r) => ({ ...r.entry, sealed: r.chainSeq !== null, chainSeq: r.chainSeq })),
    total: count?.n ?? 0,
    page: input.page,
    pageSize,
  };
}
