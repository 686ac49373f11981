import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, qtyColumn, refColumn, updatedAtColumn } from "../../shared/columns";
import { currency, customer, item, legalEntity, supplier, warehouse } from "../../masters/schema";

/** Which customer and supplier of an entity stand for another Keel entity. */
export const intercompanyPartner = pgTable("intercompany_partner", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  partnerEntityId: refColumn("partner_entity_id").notNull().references(() => legalEntity.id),
  /** The customer (in entityId's masters) that represents the partner when entityId sells to it. */
  customerId: refColumn("customer_id").references(() => customer.id),
  /** The supplier (in entityId's masters) that represents the partner when entityId buys from it. */
  supplierId: refColumn("supplier_id").references(() => supplier.id),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("intercompany_partner_pair_key").on(t.entityId, t.partnerEntityId),
  uniqueIndex("intercompany_partner_customer_key").on(t.customerId),
  uniqueIndex("intercompany_partner_supplier_key").on(t.supplierId),
  check("intercompany_partner_distinct", sql`${t.entityId} <> ${t.partnerEntityId}`),
]);

/**
 * One intercompany sale of stock: the seller ships at cost and invoices at the transfer
 * price (Dr IC receivable, Cr IC revenue); the buyer receives at the transfer price in its
 * own currency (Dr Inventory, Cr IC payable). Both entries post in one transaction.
 */
export const intercompanyTrade = pgTable("intercompany_trade", {
  id: idColumn(),
  tradeNumber: text("trade_number").notNull(),
  sellerEntityId: refColumn("seller_entity_id").notNull().references(() => legalEntity.id),
  buyerEntityId: refColumn("buyer_entity_id").notNull().references(() => legalEntity.id),
  tradeDate: date("trade_date").notNull(),
  /** pending_approval -> posted, or rejected. */
  status: text("status").notNull(),
  /** The transfer price currency: the seller's base currency. */
  currency: text("currency").notNull().references(() => currency.code),
  totalMinor: moneyColumn("total_minor").notNull(),
  /** Seller currency -> buyer currency on the trade date, ppm; set when posted. */
  ratePpm: bigint("rate_ppm", { mode: "bigint" }),
  buyerTotalMinor: moneyColumn("buyer_total_minor"),
  costMinor: moneyColumn("cost_minor"),
  fromWarehouseId: refColumn("from_warehouse_id").notNull().references(() => warehouse.id),
  toWarehouseId: refColumn("to_warehouse_id").notNull().references(() => warehouse.id),
  approvalRequestId: refColumn("approval_request_id"),
  sellerEntryId: refColumn("seller_entry_id"),
  buyerEntryId: refColumn("buyer_entry_id"),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("intercompany_trade_number_key").on(t.tradeNumber),
  uniqueIndex("intercompany_trade_idempotency_key").on(t.sellerEntityId, t.idempotencyKey),
  index("intercompany_trade_buyer_idx").on(t.buyerEntityId, t.tradeDate),
  check("intercompany_trade_status_known", sql`${t.status} in ('pending_approval', 'posted', 'rejected')`),
  check("intercompany_trade_distinct", sql`${t.sellerEntityId} <> ${t.buyerEntityId}`),
  check("intercompany_trade_total_positive", sql`${t.totalMinor} > 0`),
]);

export const intercompanyTradeLine = pgTable("intercompany_trade_line", {
  id: idColumn(),
  tradeId: refColumn("trade_id").notNull().references(() => intercompanyTrade.id),
  lineNumber: integer("line_number").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  qty: qtyColumn("qty").notNull(),
  /** Transfer price of the line (qty x agreed unit price) in the seller's currency. */
  transferValueMinor: moneyColumn("transfer_value_minor").notNull(),
  /** The seller's valuation cost of the goods shipped; set when posted. */
  costMinor: moneyColumn("cost_minor"),
  /** The buyer's inventory value (transfer value converted line by line); set when posted. */
  buyerValueMinor: moneyColumn("buyer_value_minor"),
}, (t) => [
  uniqueIndex("intercompany_trade_line_key").on(t.tradeId, t.lineNumber),
  check("intercompany_trade_line_qty_positive", sql`${t.qty} > 0`),
  check("intercompany_trade_line_value", sql`${t.transferValueMinor} >= 0`),
]);
