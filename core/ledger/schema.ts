import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, refColumn, updatedAtColumn } from "../shared/columns";
import { account, currency, customerGroup, itemCategory, legalEntity, warehouse } from "../masters/schema";

export const fiscalPeriod = pgTable("fiscal_period", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  startDate: date("start_date").notNull(),
  endDate: date("end_date").notNull(),
  /** open: anyone with ledger rights posts; soft_closed: controllers only; closed: nothing posts. */
  status: text("status").notNull().default("open"),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  closedByUserId: refColumn("closed_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("fiscal_period_entity_code_key").on(t.entityId, t.code),
  index("fiscal_period_entity_dates_idx").on(t.entityId, t.startDate, t.endDate),
  check("fiscal_period_status_known", sql`${t.status} in ('open', 'soft_closed', 'closed')`),
  check("fiscal_period_dates_ordered", sql`${t.startDate} <= ${t.endDate}`),
]);

/**
 * Account determination: the account for a posting role (inventory, cogs, grni, ...) in an
 * entity, optionally narrowed by item category, customer group or warehouse. The most
 * specific matching rule wins; ties break by priority.
 */
export const accountRule = pgTable("account_rule", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  role: text("role").notNull(),
  itemCategoryId: refColumn("item_category_id").references(() => itemCategory.id),
  customerGroupId: refColumn("customer_group_id").references(() => customerGroup.id),
  warehouseId: refColumn("warehouse_id").references(() => warehouse.id),
  accountId: refColumn("account_id").notNull().references(() => account.id),
  priority: integer("priority").notNull().default(0),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  index("account_rule_entity_role_idx").on(t.entityId, t.role),
  unique("account_rule_dimensions_key").on(t.entityId, t.role, t.itemCategoryId, t.customerGroupId, t.warehouseId).nullsNotDistinct(),
]);

/** Append-only: triggers in the migration refuse UPDATE, DELETE and TRUNCATE. */
export const journalEntry = pgTable("journal_entry", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  entryNumber: text("entry_number").notNull(),
  postingDate: date("posting_date").notNull(),
  periodId: refColumn("period_id").notNull().references(() => fiscalPeriod.id),
  eventType: text("event_type").notNull(),
  sourceType: text("source_type").notNull(),
  sourceId: refColumn("source_id"),
  description: text("description").notNull(),
  baseCurrency: text("base_currency").notNull().references(() => currency.code),
  reversesEntryId: refColumn("reverses_entry_id"),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("journal_entry_number_key").on(t.entityId, t.entryNumber),
  uniqueIndex("journal_entry_idempotency_key").on(t.entityId, t.idempotencyKey),
  uniqueIndex("journal_entry_reverses_key").on(t.reversesEntryId),
  index("journal_entry_source_idx").on(t.sourceType, t.sourceId),
  index("journal_entry_entity_date_idx").on(t.entityId, t.postingDate),
]);

export const journalLine = pgTable("journal_line", {
  id: idColumn(),
  entryId: refColumn("entry_id").notNull().references(() => journalEntry.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  lineNumber: integer("line_number").notNull(),
  accountId: refColumn("account_id").notNull().references(() => account.id),
  /** Base-currency amounts of the entity; exactly one side is positive. */
  debitMinor: moneyColumn("debit_minor").notNull(),
  creditMinor: moneyColumn("credit_minor").notNull(),
  /** Document currency and its amounts, kept beside the base amounts. */
  documentCurrency: text("document_currency").notNull().references(() => currency.code),
  documentDebitMinor: moneyColumn("document_debit_minor").notNull(),
  documentCreditMinor: moneyColumn("document_credit_minor").notNull(),
  itemId: refColumn("item_id"),
  warehouseId: refColumn("warehouse_id"),
  customerId: refColumn("customer_id"),
  supplierId: refColumn("supplier_id"),
  memo: text("memo"),
}, (t) => [
  uniqueIndex("journal_line_entry_line_key").on(t.entryId, t.lineNumber),
  index("journal_line_account_idx").on(t.accountId, t.entryId),
  check("journal_line_one_side", sql`(${t.debitMinor} >= 0 and ${t.creditMinor} >= 0) and (${t.debitMinor} = 0 or ${t.creditMinor} = 0)
    and (${t.debitMinor} + ${t.creditMinor} > 0 or ${t.documentDebitMinor} + ${t.documentCreditMinor} > 0)
    and not (${t.debitMinor} > 0 and ${t.documentCreditMinor} > 0) and not (${t.creditMinor} > 0 and ${t.documentDebitMinor} > 0)`),
  check("journal_line_document_one_side", sql`(${t.documentDebitMinor} >= 0 and ${t.documentCreditMinor} >= 0) and (${t.documentDebitMinor} = 0 or ${t.documentCreditMinor} = 0)`),
]);
