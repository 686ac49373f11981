import { sql } from "drizzle-orm";
import { check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, refColumn } from "../../shared/columns";
import { customer, itemCategory, legalEntity } from "../../masters/schema";
import { journalEntry } from "../../ledger/schema";
import { salesInvoice } from "../schema";

/**
 * A customer rebate: a percentage of net sales (base currency) over a period, optionally only of
 * one item category, at the rate of the volume tier that cumulative sales reach.
 */
export const customerRebateAgreement = pgTable("customer_rebate_agreement", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  itemCategoryId: refColumn("item_category_id").references(() => itemCategory.id),
  name: text("name").notNull(),
  periodStart: date("period_start").notNull(),
  periodEnd: date("period_end").notNull(),
  /** [{ fromMinor: "0", ratePpm: "10000" }, ...] ascending thresholds of cumulative net sales. */
  tiers: jsonb("tiers").notNull(),
  /** open, settled. */
  status: text("status").notNull().default("open"),
  settledAt: timestamp("settled_at", { withTimezone: true }),
  creditMemoId: refColumn("credit_memo_id").references(() => salesInvoice.id),
  createdAt: createdAtColumn(),
}, (t) => [
  index("customer_rebate_agreement_customer_idx").on(t.customerId, t.periodStart),
  check("customer_rebate_agreement_period", sql`${t.periodStart} <= ${t.periodEnd}`),
  check("customer_rebate_agreement_status_known", sql`${t.status} in ('open', 'settled')`),
]);

/** One accrual per agreement and qualifying invoice (or the settlement true-up): idempotent by the unique key. */
export const customerRebateAccrual = pgTable("customer_rebate_accrual", {
  id: idColumn(),
  agreementId: refColumn("agreement_id").notNull().references(() => customerRebateAgreement.id),
  /** sales_invoice (an invoice or credit memo that qualified), settlement. */
  sourceType: text("source_type").notNull(),
  sourceId: refColumn("source_id").notNull(),
  salesBaseMinor: moneyColumn("sales_base_minor").notNull(),
  amountMinor: moneyColumn("amount_minor").notNull(),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("customer_rebate_accrual_source_key").on(t.agreementId, t.sourceType, t.sourceId),
]);
