import { formatMinor } from "../../shared/money";
import type { ExportEntry } from "./types";

export const JOURNAL_CSV_COLUMNS = [
  "entity", "entry_number", "posting_date", "event_type", "source_type", "source_id",
  "account_code", "account_name", "debit", "credit", "currency", "memo",
] as const;

/** RFC 4180: quote a field holding a comma, quote, CR or LF, and double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 records end in CRLF, the last one included. */
export function csvRecords(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** One row per journal line; debit and credit in major units of the entity's base currency. */
export function formatJournalCsv(entries: readonly ExportEntry[]): string {
  const rows: string[][] = [[...JOURNAL_CSV_COLUMNS]];
  for (const entry of entries) {
    for (const line of entry.lines) {
      rows.push([
        entry.entityCode, entry.entryNumber, entry.postingDate, entry.eventType, entry.sourceType,
        entry.sourceId === null ? "" : String(entry.sourceId), line.accountCode, line.accountName,
        formatMinor(line.debitMinor, entry.minorUnitDigits), formatMinor(line.creditMinor, entry.minorUnitDigits),
        entry.currency, line.memo ?? "",
      ]);
    }
  }
  return csvRecords(rows);
}
