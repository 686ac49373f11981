// Manual journals, recurring templates and auto-reversing entries. Importing this module
// registers the manual_journal approval handler.
import "./approval-handler";
export { JournalError } from "./errors";
export { MANUAL_JOURNAL_LINES_MAX, MANUAL_JOURNALS_LIST_MAX } from "./limits";
export { balancedTotalOrThrow, ManualLineInput, type ManualLine } from "./lines";
export {
  createManualJournal, submitManualJournal, cancelManualJournal, CreateManualJournalInput, SubmitManualJournalInput, CancelManualJournalInput,
  type ManualJournalRow, type SubmittedManualJournal,
} from "./commands/manual-journals";
export { createRecurringJournal, runRecurringJournals, nextMonthlyDate, CreateRecurringJournalInput, RunRecurringJournalsInput, type RecurringJournalRow } from "./commands/recurring-journals";
export {
  runScheduledReversals, scheduleReversal, firstDayOfNextPeriodOrThrow, pendingReversalsBetween, RunScheduledReversalsInput, REVERSAL_ORIGINS,
  type ReversalOrigin, type ReversalRunResult, type ScheduledReversalRow,
} from "./reversals";
export { manualJournalApprovalHandler } from "./approval-handler";
export { listManualJournals, getManualJournalOrThrow, listRecurringJournals, type ManualJournalSummary, type ManualJournalDetail } from "./queries/manual-journals";
