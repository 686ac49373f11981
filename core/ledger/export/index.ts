export { loadJournalForExport, loadTrialBalanceForExport, entityIdByCodeOrThrow, EXPORT_LINES_MAX } from "./load";
export { formatHledger, hledgerAccountName, hledgerAmount, sanitizeHledgerName, sanitizeHledgerEntityCode, accountTypeGroup } from "./hledger";
export { formatJournalCsv, csvField, csvRecords, JOURNAL_CSV_COLUMNS } from "./csv";
export { formatTrialBalance, TRIAL_BALANCE_CSV_COLUMNS } from "./trial-balance";
export { LedgerExportError } from "./errors";
export * from "./types";
