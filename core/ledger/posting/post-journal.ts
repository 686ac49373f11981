import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { account, legalEntity } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { LedgerError } from "../errors";
import { fiscalPeriod, journalEntry, journalLine } from "../schema";

export const JOURNAL_LINES_MAX = 20_000;

export type JournalLineDraft = {
  accountId: number;
  debitMinor: bigint;
  creditMinor: bigint;
  documentCurrency?: string;
  documentDebitMinor?: bigint;
  documentCreditMinor?: bigint;
  itemId?: number | null;
  warehouseId?: number | null;
  customerId?: number | null;
  supplierId?: number | null;
  memo?: string | null;
};

export type JournalDraft = {
  entityId: number;
  postingDate: string;
  eventType: string;
  sourceType: string;
  sourceId: number | null;
  description: string;
  idempotencyKey?: string | null;
  reversesEntryId?: number | null;
  lines: JournalLineDraft[];
};

export type PostedEntry = {
  id: number;
  entryNumber: string;
  entityId: number;
  postingDate: string;
  periodId: number;
  debitTotalMinor: bigint;
  replayed: boolean;
};

/** Sums each side and checks they are equal; pure, so it is tested directly. */
export function balanceOf(lines: readonly JournalLineDraft[]): { debitMinor: bigint; creditMinor: bigint } {
  let debitMinor = 0n;
  let creditMinor = 0n;
  for (const line of lines) {
    debitMinor += line.debitMinor;
    creditMinor += line.creditMinor;
  }
  return { debitMinor, creditMinor };
}

function checkLines(draft: JournalDraft): void {
  if (draft.lines.length === 0) {
    throw new DomainError(LedgerError.ENTRY_EMPTY, "unprocessable", "A journal entry needs at least one line");
  }
  assert(draft.lines.length <= JOURNAL_LINES_MAX, "journal entry exceeds JOURNAL_LINES_MAX lines");
  draft.lines.forEach((line, index) => {
    const documentDebit = line.documentDebitMinor ?? 0n;
    const documentCredit = line.documentCreditMinor ?? 0n;
    const oneSided = (line.debitMinor > 0n && line.creditMinor === 0n && documentCredit === 0n)
      || (line.creditMinor > 0n && line.debitMinor === 0n && documentDebit === 0n)
      // Document-only lines: the base amount rounded to zero, the document amount did not.
      || (line.debitMinor === 0n && line.creditMinor === 0n && ((documentDebit > 0n) !== (documentCredit > 0n)));
    if (!oneSided) {
      throw new DomainError(LedgerError.ENTRY_UNBALANCED, "invalid",
        `lines.${index}: exactly one side must be positive, the same side in base and document currency`, { index });
    }
  });
  const { debitMinor, creditMinor } = balanceOf(draft.lines);
  if (debitMinor !== creditMinor) {
    throw new DomainError(LedgerError.ENTRY_UNBALANCED, "unprocessable",
      `Journal entry does not balance: debits ${debitMinor} and credits ${creditMinor} (minor units)`,
      { debitMinor: debitMinor.toString(), creditMinor: creditMinor.toString() });
  }
}

function checkDocumentBalance(lines: readonly Required<Pick<JournalLineDraft, "documentCurrency" | "documentDebitMinor" | "documentCreditMinor">>[]): void {
  const perCurrency = new Map<string, bigint>();
  for (const line of lines) {
    perCurrency.set(line.documentCurrency, (perCurrency.get(line.documentCurrency) ?? 0n) + line.documentDebitMinor - line.documentCreditMinor);
  }
  for (const [currency, difference] of perCurrency) {
    if (difference !== 0n) {
      throw new DomainError(LedgerError.ENTRY_UNBALANCED, "unprocessable",
        `Journal entry does not balance in ${currency}: off by ${difference} minor units`, { currency });
    }
  }
}

/** Finds the period holding the date and locks it against a concurrent close. */
export async function lockPostingPeriod(tx: Tx, actor: Actor, entityId: number, postingDate: string) {
  const [period] = await tx.select().from(fiscalPeriod)
    .where(and(eq(fiscalPeriod.entityId, entityId), lte(fiscalPeriod.startDate, postingDate), gte(fiscalPeriod.endDate, postingDate)))
    .limit(1).for("share");
  if (!period) {
    throw new DomainError(LedgerError.PERIOD_NOT_FOUND, "unprocessable",
      `postingDate: no fiscal period of entity ${entityId} contains ${postingDate}`, { entityId, postingDate });
  }
  if (period.status === "closed") {
    throw new DomainError(LedgerError.PERIOD_CLOSED, "unprocessable",
      `postingDate: period ${period.code} is closed and accepts no postings`, { periodId: period.id, code: period.code });
  }
  if (period.status === "soft_closed" && !actor.roles.some((r) => r === "controller" || r === "admin")) {
    throw new DomainError(LedgerError.PERIOD_SOFT_CLOSED, "unprocessable",
      `postingDate: period ${period.code} is soft-closed; only controllers may post`, { periodId: period.id, code: period.code });
  }
  return period;
}

async function checkAccounts(tx: Tx, entityId: number, accountIds: number[]): Promise<void> {
  const unique = [...new Set(accountIds)];
  const rows = await tx.select({ id: account.id, active: account.active, code: account.code })
    .from(account).where(and(eq(account.entityId, entityId), inArray(account.id, unique)));
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const row = found.get(id);
    if (!row) throw new DomainError(LedgerError.ACCOUNT_NOT_FOUND, "unprocessable", `Account ${id} does not exist in entity ${entityId}`, { accountId: id, entityId });
    if (!row.active) throw new DomainError(LedgerError.ACCOUNT_INACTIVE, "unprocessable", `Account ${row.code} is inactive`, { accountId: id });
  }
}

/**
 * The one place in Keel that writes journal lines. Checks balance (base and document
 * currency), the period, the accounts, and idempotency, then appends entry and lines.
 * The database re-checks balance, period and immutability with its own triggers.
 */
export async function postJournal(tx: Tx, actor: Actor, draft: JournalDraft): Promise<PostedEntry> {
  checkLines(draft);
  if (draft.idempotencyKey) {
    const [existing] = await tx.select().from(journalEntry)
      .where(and(eq(journalEntry.entityId, draft.entityId), eq(journalEntry.idempotencyKey, draft.idempotencyKey))).limit(1);
    if (existing) {
      const [totals] = await tx.select({ debit: sql<string>`coalesce(sum(${journalLine.debitMinor}), 0)` }).from(journalLine).where(eq(journalLine.entryId, existing.id));
      return { id: existing.id, entryNumber: existing.entryNumber, entityId: existing.entityId, postingDate: existing.postingDate,
        periodId: existing.periodId, debitTotalMinor: BigInt(totals?.debit ?? "0"), replayed: true };
    }
  }
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, draft.entityId)).limit(1);
  if (!entity) throw new DomainError(LedgerError.ENTITY_NOT_FOUND, "not_found", `Legal entity ${draft.entityId} does not exist`);
  const period = await lockPostingPeriod(tx, actor, draft.entityId, draft.postingDate);
  await checkAccounts(tx, draft.entityId, draft.lines.map((l) => l.accountId));

  const lines = draft.lines.map((line) => ({
    ...line,
    documentCurrency: line.documentCurrency ?? entity.baseCurrency,
    documentDebitMinor: line.documentDebitMinor ?? line.debitMinor,
    documentCreditMinor: line.documentCreditMinor ?? line.creditMinor,
  }));
  checkDocumentBalance(lines);

  const [{ id } = { id: 0 }] = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('journal_entry', 'id'))::int8 as id`)
    .then((rows) => rows.map((r) => ({ id: Number(r.id) })));
  assert(id > 0, "journal entry id from sequence");
  const entryNumber = `JE-${entity.code}-${String(id).padStart(8, "0")}`;
  await tx.insert(journalEntry).values({
    id, entityId: draft.entityId, entryNumber, postingDate: draft.postingDate, periodId: period.id,
    eventType: draft.eventType, sourceType: draft.sourceType, sourceId: draft.sourceId, description: draft.description,
    baseCurrency: entity.baseCurrency, reversesEntryId: draft.reversesEntryId ?? null,
    idempotencyKey: draft.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(journalLine).values(lines.map((line, index) => ({
    entryId: id, entityId: draft.entityId, lineNumber: index + 1, accountId: line.accountId,
    debitMinor: line.debitMinor, creditMinor: line.creditMinor,
    documentCurrency: line.documentCurrency, documentDebitMinor: line.documentDebitMinor, documentCreditMinor: line.documentCreditMinor,
    itemId: line.itemId ?? null, warehouseId: line.warehouseId ?? null, customerId: line.customerId ?? null,
    supplierId: line.supplierId ?? null, memo: line.memo ?? null,
  })));
  const { debitMinor } = balanceOf(draft.lines);
  return { id, entryNumber, entityId: draft.entityId, postingDate: draft.postingDate, periodId: period.id, debitTotalMinor: debitMinor, replayed: false };
}
