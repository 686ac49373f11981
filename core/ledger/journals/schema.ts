import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, refColumn, updatedAtColumn } from "../../shared/columns";
import { account, legalEntity } from "../../masters/schema";
import { approvalRequest } from "../../governance/schema";
import { journalEntry } from "../schema";

/**
 * A manual journal before it reaches the ledger: draft -> submitted (an approval request is
 * pending) -> posted, or rejected / cancelled. Base currency only. Posting goes through postJournal.
 */
export const manualJournal = pgTable("manual_journal", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  journalNumber: text("journal_number").notNull(),
  postingDate: date("posting_date").notNull(),
  description: text("description").notNull(),
  status: text("status").notNull().default("draft"),
  /** Sum of the debit side, base currency minor units: the approval policy's amountMinor. */
  totalMinor: moneyColumn("total_minor").notNull(),
  /** Accruals: reversed on the first day of the next period by the auto-reversal job. */
  autoReverse: boolean("auto_reverse").notNull().default(false),
  recurringJournalId: refColumn("recurring_journal_id"),
  approvalRequestId: refColumn("approval_request_id").references(() => approvalRequest.id),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  submittedAt: timestamp("submitted_at", { withTimezone: true }),
  postedAt: timestamp("posted_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("manual_journal_number_key").on(t.entityId, t.journalNumber),
  uniqueIndex("manual_journal_idempotency_key").on(t.entityId, t.idempotencyKey),
  uniqueIndex("manual_journal_recurring_date_key").on(t.recurringJournalId, t.postingDate),
  index("manual_journal_status_idx").on(t.entityId, t.status, t.postingDate),
  check("manual_journal_status_known", sql`${t.status} in ('draft', 'submitted', 'posted', 'rejected', 'cancelled')`),
  check("manual_journal_total_positive", sql`${t.totalMinor} > 0`),
]);

export const manualJournalLine = pgTable("manual_journal_line", {
  id: idColumn(),
  manualJournalId: refColumn("manual_journal_id").notNull().references(() => manualJournal.id),
  lineNumber: integer("line_number").notNull(),
  accountId: refColumn("account_id").notNull().references(() => account.id),
  debitMinor: moneyColumn("debit_minor").notNull(),
  creditMinor: moneyColumn("credit_minor").notNull(),
  memo: text("memo"),
}, (t) => [
  uniqueIndex("manual_journal_line_key").on(t.manualJournalId, t.lineNumber),
  check("manual_journal_line_one_side", sql`${t.debitMinor} >= 0 and ${t.creditMinor} >= 0 and (${t.debitMinor} = 0) <> (${t.creditMinor} = 0)`),
]);

/** A template that creates one manual journal per month on dayOfMonth, from nextRunDate until endDate. */
export const recurringJournal = pgTable("recurring_journal", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  name: text("name").notNull(),
  description: text("description").notNull(),
  /** [{ accountId, debitMinor: "123", creditMinor: "0", memo }] */
  lines: jsonb("lines").notNull(),
  autoReverse: boolean("auto_reverse").notNull().default(false),
  dayOfMonth: integer("day_of_month").notNull(),
  nextRunDate: date("next_run_date").notNull(),
  endDate: date("end_date"),
  active: boolean("active").notNull().default(true),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  index("recurring_journal_due_idx").on(t.active, t.nextRunDate),
  check("recurring_journal_day_range", sql`${t.dayOfMonth} between 1 and 28`),
]);

/**
 * An entry that must be reversed on a later date (accruals, FX revaluation, unbilled shipments).
 * The auto-reversal job posts the reversal when reverse_on arrives and links it here.
 */
export const scheduledReversal = pgTable("scheduled_reversal", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  journalEntryId: refColumn("journal_entry_id").notNull().references(() => journalEntry.id),
  reverseOn: date("reverse_on").notNull(),
  /** manual_journal, fx_revaluation, unbilled_accrual. */
  origin: text("origin").notNull(),
  reversalEntryId: refColumn("reversal_entry_id").references(() => journalEntry.id),
  reversedAt: timestamp("reversed_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("scheduled_reversal_entry_key").on(t.journalEntryId),
  index("scheduled_reversal_due_idx").on(t.reverseOn),
]);
