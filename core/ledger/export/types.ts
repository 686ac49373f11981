import type { TrialBalanceRow } from "../queries/trial-balance";

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "revenue", "expense"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** One journal line as the exports see it; amounts are base-currency minor units of the entity. */
export type ExportLine = {
  lineNumber: number;
  accountCode: string;
  accountName: string;
  accountType: AccountType;
  debitMinor: bigint;
  creditMinor: bigint;
  /** The document currency kept beside the base amounts, with its own scale. */
  documentCurrency: string;
  documentMinorUnitDigits: number;
  documentDebitMinor: bigint;
  documentCreditMinor: bigint;
  memo: string | null;
};

/** One posted journal entry with its lines, in the entity's base currency. */
export type ExportEntry = {
  id: number;
  entityId: number;
  entityCode: string;
  entryNumber: string;
  /** YYYY-MM-DD business date. */
  postingDate: string;
  eventType: string;
  sourceType: string;
  sourceId: number | null;
  description: string;
  currency: string;
  minorUnitDigits: number;
  reversesEntryId: number | null;
  lines: ExportLine[];
};

/** A trial balance row with the scale of its currency, so it can be printed in major units. */
export type TrialBalanceExportRow = TrialBalanceRow & { minorUnitDigits: number };

export type TrialBalanceFormat = "csv" | "table";
export type JournalFormat = "hledger" | "csv";
