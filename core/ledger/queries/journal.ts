import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { account, legalEntity } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { LedgerError } from "../errors";
import { journalEntry, journalLine } from "../schema";

export const JOURNAL_PAGE_SIZE_MAX = 200;

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number };

export type JournalEntrySummary = typeof journalEntry.$inferSelect & { entityCode: string; totalMinor: bigint };

export async function listJournalEntries(tx: Tx, actor: Actor, options: {
  entityId?: number | null; search?: string | null; from?: string | null; to?: string | null; page?: number; pageSize?: number;
}): Promise<Page<JournalEntrySummary>> {
  requirePermission(actor, "ledger:read");
  const pageSize = Math.min(options.pageSize ?? 50, JOURNAL_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const conditions: SQL[] = [];
  if (options.entityId) conditions.push(eq(journalEntry.entityId, options.entityId));
  if (options.from) conditions.push(sql`${journalEntry.postingDate} >= ${options.from}`);
  if (options.to) conditions.push(sql`${journalEntry.postingDate} <= ${options.to}`);
  if (options.search) {
    const pattern = `%${options.search}%`;
    conditions.push(or(ilike(journalEntry.entryNumber, pattern), ilike(journalEntry.description, pattern), ilike(journalEntry.eventType, pattern))!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const totalMinor = sql<string>`(select coalesce(sum(debit_minor), 0) from journal_line jl where jl.entry_id = ${journalEntry.id})`;
  const rows = await tx.select({ entry: journalEntry, entityCode: legalEntity.code, totalMinor })
    .from(journalEntry).innerJoin(legalEntity, eq(legalEntity.id, journalEntry.entityId))
    .where(where).orderBy(desc(journalEntry.postingDate), desc(journalEntry.id)).limit(pageSize).offset((page - 1) * pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(journalEntry).where(where);
  return {
    rows: rows.map((r) => ({ ...r.entry, entityCode: r.entityCode, totalMinor: BigInt(r.totalMinor) })),
    total: count?.n ?? 0, page, pageSize,
  };
}

export type JournalEntryDetail = typeof journalEntry.$inferSelect & {
  entityCode: string;
  lines: (typeof journalLine.$inferSelect & { accountCode: string; accountName: string })[];
  reversedBy: { id: number; entryNumber: string } | null;
};

export async function getJournalEntryOrThrow(tx: Tx, actor: Actor, entryId: number): Promise<JournalEntryDetail> {
  requirePermission(actor, "ledger:read");
  const [row] = await tx.select({ entry: journalEntry, entityCode: legalEntity.code }).from(journalEntry)
    .innerJoin(legalEntity, eq(legalEntity.id, journalEntry.entityId)).where(eq(journalEntry.id, entryId)).limit(1);
  if (!row) throw new DomainError(LedgerError.ENTRY_NOT_FOUND, "not_found", `Journal entry ${entryId} does not exist`);
  const lines = await tx.select({ line: journalLine, accountCode: account.code, accountName: account.name }).from(journalLine)
    .innerJoin(account, eq(account.id, journalLine.accountId)).where(eq(journalLine.entryId, entryId)).orderBy(asc(journalLine.lineNumber));
  const [reversal] = await tx.select({ id: journalEntry.id, entryNumber: journalEntry.entryNumber }).from(journalEntry)
    .where(eq(journalEntry.reversesEntryId, entryId)).limit(1);
  return { ...row.entry, entityCode: row.entityCode, lines: lines.map((l) => ({ ...l.line, accountCode: l.accountCode, accountName: l.accountName })), reversedBy: reversal ?? null };
}

export type AccountLedgerRow = {
  entryId: number; entryNumber: string; postingDate: string; description: string; sourceType: string; sourceId: number | null;
  lineId: number; debitMinor: bigint; creditMinor: bigint; runningBalanceMinor: bigint; memo: string | null;
};

export async function accountLedger(tx: Tx, actor: Actor, options: {
  accountId: number; from?: string | null; to?: string | null; page?: number; pageSize?: number;
}): Promise<{ account: typeof account.$inferSelect; openingBalanceMinor: bigint } & Page<AccountLedgerRow>> {
  requirePermission(actor, "ledger:read");
  const pageSize = Math.min(options.pageSize ?? 100, JOURNAL_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const [acct] = await tx.select().from(account).where(eq(account.id, options.accountId)).limit(1);
  if (!acct) throw new DomainError(LedgerError.ACCOUNT_NOT_FOUND, "not_found", `Account ${options.accountId} does not exist`);
  const from = options.from ?? "0001-01-01";
  const to = options.to ?? "9999-12-31";
  const [opening] = await tx.execute<{ balance: string }>(sql`
    select coalesce(sum(l.debit_minor - l.credit_minor), 0) as balance from journal_line l join journal_entry e on e.id = l.entry_id
     where l.account_id = ${acct.id} and e.posting_date < ${from}`);
  const rows = await tx.execute<{
    entry_id: string; entry_number: string; posting_date: string; description: string; source_type: string; source_id: string | null;
    line_id: string; debit_minor: string; credit_minor: string; running: string; memo: string | null; total: string;
  }>(sql`
    select * from (
      select e.id as entry_id, e.entry_number, e.posting_date::text, e.description, e.source_type, e.source_id,
             l.id as line_id, l.debit_minor, l.credit_minor, l.memo,
             sum(l.debit_minor - l.credit_minor) over (order by e.posting_date, e.id, l.id) as running,
             count(*) over () as total
        from journal_line l join journal_entry e on e.id = l.entry_id
       where l.account_id = ${acct.id} and e.posting_date between ${from} and ${to}
    ) t order by posting_date desc, entry_id desc, line_id desc
    limit ${pageSize} offset ${(page - 1) * pageSize}`);
  const openingBalanceMinor = BigInt(opening?.balance ?? "0");
  return {
    account: acct, openingBalanceMinor, page, pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      entryId: Number(r.entry_id), entryNumber: r.entry_number, postingDate: r.posting_date, description: r.description,
      sourceType: r.source_type, sourceId: r.source_id === null ? null : Number(r.source_id), lineId: Number(r.line_id),
      debitMinor: BigInt(r.debit_minor), creditMinor: BigInt(r.credit_minor), runningBalanceMinor: openingBalanceMinor + BigInt(r.running), memo: r.memo,
    })),
  };
}
