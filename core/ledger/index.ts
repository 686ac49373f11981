export { LedgerError } from "./errors";
export * from "./posting/types";
export { postEvent } from "./posting/post-event";
export { postJournal, balanceOf, type JournalDraft, type JournalLineDraft, type PostedEntry } from "./posting/post-journal";
export { pickRule } from "./posting/account-determination";
export { roleLinesForEvent } from "./posting/event-rules";
export { reverseEntry, ReverseEntryInput } from "./commands/reverse-entry";
export { createFiscalYear, setPeriodStatus, PERIOD_STATUSES, type FiscalPeriod, type PeriodStatus } from "./commands/fiscal-periods";
export { trialBalance, type TrialBalanceRow } from "./queries/trial-balance";
export { listJournalEntries, getJournalEntryOrThrow, accountLedger, type JournalEntrySummary, type JournalEntryDetail, type AccountLedgerRow, type Page } from "./queries/journal";
export { setAccountRule, listAccountRules, SetAccountRuleInput, type AccountRule } from "./commands/set-account-rule";
// Manual journals, recurring templates and auto-reversals; importing registers the manual_journal approval handler.
export * from "./journals";
export * from "./statements";
export * from "./consolidation";
export * from "./intercompany";
// Registers the period_reopen approval handler wherever the ledger is loaded (the checklist itself is core/ledger/close).
export { requestPeriodReopen, RequestPeriodReopenInput, periodReopenApprovalHandler } from "./close/reopen";
