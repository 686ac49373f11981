import { eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { currency, legalEntity } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { assertBalanced } from "../../shared/money";
import { LedgerError } from "../errors";
import { trialBalance } from "../queries/trial-balance";
import { LedgerExportError } from "./errors";
import { ACCOUNT_TYPES, type AccountType, type ExportEntry, type ExportLine, type TrialBalanceExportRow } from "./types";

/** An export reads the whole journal into memory; past this many lines it refuses rather than exhaust it. */
export const EXPORT_LINES_MAX = 500_000;

type ExportLineRow = {
  entry_id: string; entity_id: string; entity_code: string; entry_number: string; posting_date: string;
  event_type: string; source_type: string; source_id: string | null; description: string; base_currency: string;
  base_digits: number; reverses_entry_id: string | null; line_number: number; account_code: string; account_name: string;
  account_type: string; debit_minor: string; credit_minor: string; document_currency: string; document_digits: number;
  document_debit_minor: string; document_credit_minor: string; memo: string | null;
};

function toAccountType(value: string): AccountType {
  const found = ACCOUNT_TYPES.find((type) => type === value);
  assert(found !== undefined, `unknown account type ${value}`);
  return found;
}

function toLine(row: ExportLineRow): ExportLine {
  return {
    lineNumber: Number(row.line_number), accountCode: row.account_code, accountName: row.account_name,
    accountType: toAccountType(row.account_type), debitMinor: BigInt(row.debit_minor), creditMinor: BigInt(row.credit_minor),
    documentCurrency: row.document_currency, documentMinorUnitDigits: Number(row.document_digits),
    documentDebitMinor: BigInt(row.document_debit_minor), documentCreditMinor: BigInt(row.document_credit_minor), memo: row.memo,
  };
}

function toEntry(row: ExportLineRow): ExportEntry {
  return {
    id: Number(row.entry_id), entityId: Number(row.entity_id), entityCode: row.entity_code, entryNumber: row.entry_number,
    postingDate: row.posting_date, eventType: row.event_type, sourceType: row.source_type,
    sourceId: row.source_id === null ? null : Number(row.source_id), description: row.description,
    currency: row.base_currency, minorUnitDigits: Number(row.base_digits),
    reversesEntryId: row.reverses_entry_id === null ? null : Number(row.reverses_entry_id), lines: [],
  };
}

/** Groups rows (ordered by entry, then line) into entries and checks each one balances as loaded. */
function groupEntries(rows: readonly ExportLineRow[]): ExportEntry[] {
  const entries: ExportEntry[] = [];
  let current: ExportEntry | null = null;
  for (const row of rows) {
    if (current === null || current.id !== Number(row.entry_id)) {
      current = toEntry(row);
      entries.push(current);
    }
    current.lines.push(toLine(row));
  }
  for (const entry of entries) {
    const debits = entry.lines.reduce((sum, line) => sum + line.debitMinor, 0n);
    const credits = entry.lines.reduce((sum, line) => sum + line.creditMinor, 0n);
    assertBalanced(debits, credits, `journal entry ${entry.entryNumber} as loaded`);
  }
  return entries;
}

/**
 * Every posted journal entry with its lines, account, entity and currency scale, ordered by
 * posting date then id; every entity when none is named. Read it in one snapshot (repeatable
 * read) when the export must be consistent across entities.
 */
export async function loadJournalForExport(tx: Tx, actor: Actor, options: { entityId?: number | null } = {}): Promise<ExportEntry[]> {
  requirePermission(actor, "ledger:read");
  const entityFilter = options.entityId ? sql`and e.entity_id = ${options.entityId}` : sql``;
  const rows = await tx.execute<ExportLineRow>(sql`
    select e.id as entry_id, e.entity_id, le.code as entity_code, e.entry_number, e.posting_date::text as posting_date,
           e.event_type, e.source_type, e.source_id, e.description, e.base_currency, bc.minor_unit_digits as base_digits,
           e.reverses_entry_id, l.line_number, a.code as account_code, a.name as account_name, a.type as account_type,
           l.debit_minor, l.credit_minor, l.document_currency, dc.minor_unit_digits as document_digits,
           l.document_debit_minor, l.document_credit_minor, l.memo
      from journal_line l
      join journal_entry e on e.id = l.entry_id
      join legal_entity le on le.id = e.entity_id
      join account a on a.id = l.account_id
      join currency bc on bc.code = e.base_currency
      join currency dc on dc.code = l.document_currency
     where true ${entityFilter}
     order by e.posting_date, e.id, l.line_number
     limit ${EXPORT_LINES_MAX + 1}`);
  if (rows.length > EXPORT_LINES_MAX) {
    throw new DomainError(LedgerExportError.EXPORT_TOO_LARGE, "unprocessable",
      `The journal has more than ${EXPORT_LINES_MAX} lines; export one entity at a time`, { linesMax: EXPORT_LINES_MAX });
  }
  return groupEntries(rows);
}

/** The id of the legal entity with this code, for commands that name entities by code. */
export async function entityIdByCodeOrThrow(tx: Tx, actor: Actor, code: string): Promise<number> {
  requirePermission(actor, "ledger:read");
  const [row] = await tx.select({ id: legalEntity.id }).from(legalEntity).where(eq(legalEntity.code, code)).limit(1);
  if (!row) throw new DomainError(LedgerError.ENTITY_NOT_FOUND, "not_found", `No legal entity has the code ${code}`, { code });
  return row.id;
}

/** Keel's trial balance with each currency's scale looked up, ready for formatTrialBalance. */
export async function loadTrialBalanceForExport(tx: Tx, actor: Actor, options: { entityId?: number | null; asOf?: string | null } = {}): Promise<TrialBalanceExportRow[]> {
  const rows = await trialBalance(tx, actor, options);
  const codes = [...new Set(rows.map((row) => row.currency))];
  if (codes.length === 0) return [];
  const scales = await tx.select({ code: currency.code, digits: currency.minorUnitDigits }).from(currency)
    .where(inArray(currency.code, codes)).limit(codes.length);
  const digitsByCode = new Map(scales.map((s) => [s.code, s.digits]));
  return rows.map((row) => {
    const digits = digitsByCode.get(row.currency);
    assert(digits !== undefined, `currency ${row.currency} of a trial balance row is not in the currency table`);
    return { ...row, minorUnitDigits: digits };
  });
}
