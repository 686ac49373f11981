import { formatMinor } from "../../shared/money";
import { csvRecords } from "../export/csv";
import type { StatementSection, TrialBalanceLine } from "./types";

export const STATEMENT_KINDS = ["trial-balance", "income-statement", "balance-sheet", "cash-flow"] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Sections as CSV: section, line, account, amount (and the comparison), in major units. */
export function sectionsCsv(sections: readonly StatementSection[], digits: number, compare: boolean): string {
  const rows: string[][] = [["section", "line", "account_code", "amount", ...(compare ? ["compare_amount"] : [])]];
  for (const section of sections) {
    for (const line of section.lines) {
      rows.push([section.title, line.label, line.accountCode ?? "", formatMinor(line.amountMinor, digits),
        ...(compare ? [formatMinor(line.compareMinor ?? 0n, digits)] : [])]);
    }
    rows.push([section.title, `Total ${section.title.toLowerCase()}`, "", formatMinor(section.totalMinor, digits),
      ...(compare ? [formatMinor(section.compareTotalMinor ?? 0n, digits)] : [])]);
  }
  return csvRecords(rows);
}

export function trialBalanceCsv(lines: readonly TrialBalanceLine[], digits: number): string {
  const rows: string[][] = [["account_code", "account_name", "type", "opening", "debit", "credit", "closing"]];
  for (const line of lines) {
    rows.push([line.accountCode, line.accountName, line.accountType, formatMinor(line.openingMinor, digits),
      formatMinor(line.debitMinor, digits), formatMinor(line.creditMinor, digits), formatMinor(line.closingMinor, digits)]);
  }
  return csvRecords(rows);
}
