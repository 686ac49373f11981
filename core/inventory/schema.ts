import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, qtyColumn, refColumn } from "../shared/columns";
import { item, legalEntity, location, warehouse } from "../masters/schema";
import { journalEntry } from "../ledger/schema";

/** The source document of a stock change: opening stock, receipt, issue, adjustment, transfer. */
export const inventoryDocument = pgTable("inventory_document", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  documentNumber: text("document_number").notNull(),
  kind: text("kind").notNull(),
  documentDate: date("document_date").notNull(),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  toWarehouseId: refColumn("to_warehouse_id").references(() => warehouse.id),
  reason: text("reason"),
  reference: text("reference"),
  upstreamType: text("upstream_type"),
  upstreamId: refColumn("upstream_id"),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("inventory_document_number_key").on(t.entityId, t.documentNumber),
  uniqueIndex("inventory_document_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("inventory_document_kind_known", sql`${t.kind} in ('opening', 'receipt', 'issue', 'adjustment', 'transfer', 'revaluation', 'return')`),
]);

/** Running position per item and warehouse; the stock ledger (movements) is its history. */
export const stockBalance = pgTable("stock_balance", {
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  qtyOnHand: qtyColumn("qty_on_hand").notNull().default("0"),
  qtyAllocated: qtyColumn("qty_allocated").notNull().default("0"),
  /** Inventory value at cost in the entity's base currency. */
  valueMinor: moneyColumn("value_minor").notNull().default(sql`0`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.itemId, t.warehouseId] }),
  index("stock_balance_warehouse_idx").on(t.warehouseId),
  check("stock_balance_on_hand_nonnegative", sql`${t.qtyOnHand} >= 0`),
  check("stock_balance_allocated_nonnegative", sql`${t.qtyAllocated} >= 0`),
  check("stock_balance_allocated_within_on_hand", sql`${t.qtyAllocated} <= ${t.qtyOnHand}`),
  check("stock_balance_value_nonnegative", sql`${t.valueMinor} >= 0`),
  check("stock_balance_empty_has_no_value", sql`${t.qtyOnHand} > 0 or ${t.valueMinor} = 0`),
]);

export const stockMovement = pgTable("stock_movement", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  documentId: refColumn("document_id").notNull().references(() => inventoryDocument.id),
  lineNumber: integer("line_number").notNull(),
  movementType: text("movement_type").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  locationId: refColumn("location_id").references(() => location.id),
  /** Signed: receipts positive, issues negative, in base units. */
  qty: qtyColumn("qty").notNull(),
  /** Signed value at cost in base currency; the journal entry carries the same sum. */
  valueMinor: moneyColumn("value_minor").notNull(),
  postingDate: date("posting_date").notNull(),
  /** Null only when every line of the document carried zero value (a free receipt). */
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("stock_movement_document_line_key").on(t.documentId, t.lineNumber),
  index("stock_movement_item_warehouse_idx").on(t.itemId, t.warehouseId, t.id),
  // Revaluations (landed cost on stock held) change value without quantity.
  check("stock_movement_qty_nonzero", sql`${t.qty} <> 0 or ${t.movementType} = 'revaluation'`),
  check("stock_movement_value_sign", sql`(${t.qty} > 0 and ${t.valueMinor} >= 0) or (${t.qty} < 0 and ${t.valueMinor} <= 0) or (${t.qty} = 0 and ${t.movementType} = 'revaluation')`),
]);

/** FIFO cost layers: one per receipt into a warehouse, consumed oldest first. */
export const costLayer = pgTable("cost_layer", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  movementId: refColumn("movement_id").notNull().references(() => stockMovement.id),
  qtyReceived: qtyColumn("qty_received").notNull(),
  qtyRemaining: qtyColumn("qty_remaining").notNull(),
  valueRemainingMinor: moneyColumn("value_remaining_minor").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [
  index("cost_layer_open_idx").on(t.itemId, t.warehouseId, t.id).where(sql`${t.qtyRemaining} > 0`),
  check("cost_layer_remaining_range", sql`${t.qtyRemaining} >= 0 and ${t.qtyRemaining} <= ${t.qtyReceived}`),
  check("cost_layer_value_nonnegative", sql`${t.valueRemainingMinor} >= 0`),
  check("cost_layer_empty_has_no_value", sql`${t.qtyRemaining} > 0 or ${t.valueRemainingMinor} = 0`),
]);
