import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, refColumn } from "../../shared/columns";
import { legalEntity } from "../../masters/schema";
import { fiscalPeriod } from "../schema";

/** One FX revaluation of an entity at a period end: open AR, open AP and foreign-currency bank balances. */
export const revaluationRun = pgTable("revaluation_run", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  fiscalPeriodId: refColumn("fiscal_period_id").notNull().references(() => fiscalPeriod.id),
  revaluationDate: date("revaluation_date").notNull(),
  /** Net unrealized result, base currency: positive = gain. */
  netGainMinor: moneyColumn("net_gain_minor").notNull(),
  gainMinor: moneyColumn("gain_minor").notNull(),
  lossMinor: moneyColumn("loss_minor").notNull(),
  /** Journal entry ids, one per document currency. */
  journalEntryIds: text("journal_entry_ids").array().notNull(),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  index("revaluation_run_period_idx").on(t.entityId, t.fiscalPeriodId),
]);

export const revaluationLine = pgTable("revaluation_line", {
  id: idColumn(),
  runId: refColumn("run_id").notNull().references(() => revaluationRun.id),
  /** ar, ap, bank. */
  target: text("target").notNull(),
  /** sales_invoice, supplier_invoice, account. */
  subjectType: text("subject_type").notNull(),
  subjectId: refColumn("subject_id").notNull(),
  customerId: refColumn("customer_id"),
  supplierId: refColumn("supplier_id"),
  currency: text("currency").notNull(),
  openDocumentMinor: moneyColumn("open_document_minor").notNull(),
  carryingBaseMinor: moneyColumn("carrying_base_minor").notNull(),
  ratePpm: moneyColumn("rate_ppm").notNull(),
  revaluedBaseMinor: moneyColumn("revalued_base_minor").notNull(),
  /** Positive = gain. */
  gainMinor: moneyColumn("gain_minor").notNull(),
}, (t) => [
  index("revaluation_line_run_idx").on(t.runId),
  check("revaluation_line_target_known", sql`${t.target} in ('ar', 'ap', 'bank')`),
]);
