import { assertNever } from "../../shared/assert";
import { formatMinor } from "../../shared/money";
import { csvRecords } from "./csv";
import type { TrialBalanceExportRow, TrialBalanceFormat } from "./types";

export const TRIAL_BALANCE_CSV_COLUMNS = [
  "entity", "account_code", "account_name", "account_type", "debit", "credit", "balance", "currency",
] as const;

/** CSV: debit and credit are the totals posted up to the date, balance is debit minus credit. */
function trialBalanceCsv(rows: readonly TrialBalanceExportRow[]): string {
  const records: string[][] = [[...TRIAL_BALANCE_CSV_COLUMNS]];
  for (const row of rows) {
    const money = (minor: bigint) => formatMinor(minor, row.minorUnitDigits);
    records.push([row.entityCode, row.accountCode, row.accountName, row.accountType,
      money(row.debitMinor), money(row.creditMinor), money(row.balanceMinor), row.currency]);
  }
  return csvRecords(records);
}

function groupByEntity(rows: readonly TrialBalanceExportRow[]): Map<string, TrialBalanceExportRow[]> {
  const groups = new Map<string, TrialBalanceExportRow[]>();
  for (const row of rows) {
    const key = `${row.entityCode} (${row.currency})`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function alignTable(cells: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length))) ?? [];
  return cells.map((row) => row.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
    .join("  ").trimEnd());
}

/** One entity's block: each account's balance in the debit or the credit column, and the totals. */
function entityTable(title: string, rows: readonly TrialBalanceExportRow[]): string[] {
  const digits = rows[0]?.minorUnitDigits ?? 2;
  let debitTotal = 0n;
  let creditTotal = 0n;
  const cells: string[][] = [["Account", "Name", "Type", "Debit", "Credit"]];
  for (const row of rows) {
    const debit = row.balanceMinor > 0n ? row.balanceMinor : 0n;
    const credit = row.balanceMinor < 0n ? -row.balanceMinor : 0n;
    debitTotal += debit;
    creditTotal += credit;
    cells.push([row.accountCode, row.accountName, row.accountType,
      debit > 0n ? formatMinor(debit, digits) : "", credit > 0n ? formatMinor(credit, digits) : ""]);
  }
  cells.push(["Total", "", "", formatMinor(debitTotal, digits), formatMinor(creditTotal, digits)]);
  const lines = alignTable(cells, new Set([3, 4]));
  const rule = "-".repeat(Math.max(...lines.map((line) => line.length)));
  return [title, lines[0] ?? "", rule, ...lines.slice(1, -1), rule, lines[lines.length - 1] ?? "", ""];
}

/**
 * Formats a trial balance. The CSV carries debit and credit totals and the balance per account;
 * the table shows each balance in its debit or credit column, one block per entity with totals.
 */
export function formatTrialBalance(rows: readonly TrialBalanceExportRow[], format: TrialBalanceFormat): string {
  switch (format) {
    case "csv":
      return trialBalanceCsv(rows);
    case "table": {
      if (rows.length === 0) return "No postings.\n";
      const blocks = [...groupByEntity(rows).entries()].flatMap(([title, group]) => entityTable(title, group));
      return `${blocks.join("\n").trimEnd()}\n`;
    }
    default:
      return assertNever(format, "trial balance format");
  }
}
