import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, qtyColumn, refColumn, updatedAtColumn } from "../shared/columns";
import { currency, customer, customerGroup, customerShipTo, item, itemCategory, legalEntity, taxCode, warehouse } from "../masters/schema";
import { journalEntry } from "../ledger/schema";
import { inventoryDocument } from "../inventory/schema";
import { approvalRequest } from "../governance/schema";

/** A time-boxed discount on an item, a category, or everything, optionally for one customer group. */
export const promotion = pgTable("promotion", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  itemId: refColumn("item_id").references(() => item.id),
  itemCategoryId: refColumn("item_category_id").references(() => itemCategory.id),
  customerGroupId: refColumn("customer_group_id").references(() => customerGroup.id),
  discountPpm: moneyColumn("discount_ppm").notNull(),
  validFrom: date("valid_from").notNull(),
  validTo: date("valid_to").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("promotion_entity_code_key").on(t.entityId, t.code),
  check("promotion_discount_range", sql`${t.discountPpm} > 0 and ${t.discountPpm} < 1000000`),
  check("promotion_dates_ordered", sql`${t.validFrom} <= ${t.validTo}`),
]);

/** Items order entry may propose when the ordered one cannot be filled, best first. */
export const itemSubstitute = pgTable("item_substitute", {
  id: idColumn(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  substituteItemId: refColumn("substitute_item_id").notNull().references(() => item.id),
  priority: integer("priority").notNull().default(1),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("item_substitute_pair_key").on(t.itemId, t.substituteItemId),
  check("item_substitute_distinct", sql`${t.itemId} <> ${t.substituteItemId}`),
]);

export const salesQuote = pgTable("sales_quote", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  quoteNumber: text("quote_number").notNull(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  shipToId: refColumn("ship_to_id").references(() => customerShipTo.id),
  currency: text("currency").notNull().references(() => currency.code),
  quoteDate: date("quote_date").notNull(),
  validUntil: date("valid_until").notNull(),
  /** open, partially_converted, converted, expired, cancelled. */
  status: text("status").notNull().default("open"),
  note: text("note"),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("sales_quote_number_key").on(t.entityId, t.quoteNumber),
  uniqueIndex("sales_quote_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("sales_quote_customer_idx").on(t.customerId, t.quoteDate),
  check("sales_quote_status_known", sql`${t.status} in ('open', 'partially_converted', 'converted', 'expired', 'cancelled')`),
]);

export const salesQuoteLine = pgTable("sales_quote_line", {
  id: idColumn(),
  quoteId: refColumn("quote_id").notNull().references(() => salesQuote.id),
  lineNumber: integer("line_number").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  uom: text("uom").notNull(),
  qty: qtyColumn("qty").notNull(),
  baseQty: qtyColumn("base_qty").notNull(),
  /** Per unit of `uom`, in the quote currency. */
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  priceSource: text("price_source").notNull(),
  /** Base units already converted into orders. */
  baseQtyConverted: qtyColumn("base_qty_converted").notNull().default("0"),
}, (t) => [
  uniqueIndex("sales_quote_line_key").on(t.quoteId, t.lineNumber),
  check("sales_quote_line_qty_positive", sql`${t.qty} > 0 and ${t.baseQty} > 0`),
  check("sales_quote_line_converted_range", sql`${t.baseQtyConverted} >= 0 and ${t.baseQtyConverted} <= ${t.baseQty}`),
]);

export const salesOrder = pgTable("sales_order", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  orderNumber: text("order_number").notNull(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  shipToId: refColumn("ship_to_id").references(() => customerShipTo.id),
  currency: text("currency").notNull().references(() => currency.code),
  orderDate: date("order_date").notNull(),
  requestedDate: date("requested_date"),
  /** phone, web, edi, api. */
  channel: text("channel").notNull(),
  customerPoNumber: text("customer_po_number"),
  quoteId: refColumn("quote_id").references(() => salesQuote.id),
  /** entered, credit_hold, released, partially_shipped, shipped, closed, cancelled. */
  status: text("status").notNull().default("entered"),
  /** Allocation order: higher first, then order date. From the customer's tier at entry. */
  priority: integer("priority").notNull(),
  creditHoldReason: text("credit_hold_reason"),
  creditRequestId: refColumn("credit_request_id").references(() => approvalRequest.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("sales_order_number_key").on(t.entityId, t.orderNumber),
  uniqueIndex("sales_order_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("sales_order_customer_idx").on(t.customerId, t.orderDate),
  index("sales_order_status_idx").on(t.entityId, t.status, t.orderDate),
  check("sales_order_status_known", sql`${t.status} in ('entered', 'credit_hold', 'released', 'partially_shipped', 'shipped', 'closed', 'cancelled')`),
  check("sales_order_channel_known", sql`${t.channel} in ('phone', 'web', 'edi', 'api')`),
]);

/**
 * Quantities in base units except `qty` (in the line's unit). Open = ordered - shipped -
 * cancelled; allocated is held in stock_balance.qty_allocated too; backordered = open - allocated.
 */
export const salesOrderLine = pgTable("sales_order_line", {
  id: idColumn(),
  orderId: refColumn("order_id").notNull().references(() => salesOrder.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  lineNumber: integer("line_number").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  uom: text("uom").notNull(),
  qty: qtyColumn("qty").notNull(),
  baseQtyOrdered: qtyColumn("base_qty_ordered").notNull(),
  baseQtyAllocated: qtyColumn("base_qty_allocated").notNull().default("0"),
  baseQtyShipped: qtyColumn("base_qty_shipped").notNull().default("0"),
  baseQtyCancelled: qtyColumn("base_qty_cancelled").notNull().default("0"),
  /** Per unit of `uom`, order currency. */
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  listPriceMinor: moneyColumn("list_price_minor").notNull(),
  /** price_list, price_break, customer_price, promotion, manual_override. */
  priceSource: text("price_source").notNull(),
  priceSourceRef: text("price_source_ref"),
  /** Cost per base unit at entry (moving average or FIFO estimate), base currency. */
  unitCostMinor: moneyColumn("unit_cost_minor").notNull(),
  marginBps: integer("margin_bps").notNull(),
  taxCodeId: refColumn("tax_code_id").references(() => taxCode.id),
  requestedDate: date("requested_date"),
  promisedDate: date("promised_date"),
  substituteForItemId: refColumn("substitute_for_item_id").references(() => item.id),
  pricingRequestId: refColumn("pricing_request_id").references(() => approvalRequest.id),
  /** open, pricing_hold, allocated, partially_allocated, backordered, shipped, cancelled. */
  status: text("status").notNull().default("open"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("sales_order_line_key").on(t.orderId, t.lineNumber),
  index("sales_order_line_item_idx").on(t.itemId, t.warehouseId, t.status),
  check("sales_order_line_qty_positive", sql`${t.qty} > 0 and ${t.baseQtyOrdered} > 0`),
  check("sales_order_line_quantities", sql`${t.baseQtyAllocated} >= 0 and ${t.baseQtyShipped} >= 0 and ${t.baseQtyCancelled} >= 0
    and ${t.baseQtyShipped} + ${t.baseQtyCancelled} + ${t.baseQtyAllocated} <= ${t.baseQtyOrdered}`),
  check("sales_order_line_status_known", sql`${t.status} in ('open', 'pricing_hold', 'allocated', 'partially_allocated', 'backordered', 'shipped', 'cancelled')`),
]);

export const shipment = pgTable("shipment", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  shipmentNumber: text("shipment_number").notNull(),
  orderId: refColumn("order_id").notNull().references(() => salesOrder.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  /** picking (the pick list), packed, shipped, cancelled. */
  status: text("status").notNull().default("picking"),
  shipDate: date("ship_date"),
  carrier: text("carrier"),
  trackingNumber: text("tracking_number"),
  packageCount: integer("package_count"),
  inventoryDocumentId: refColumn("inventory_document_id").references(() => inventoryDocument.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("shipment_number_key").on(t.entityId, t.shipmentNumber),
  uniqueIndex("shipment_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("shipment_order_idx").on(t.orderId),
  check("shipment_status_known", sql`${t.status} in ('picking', 'packed', 'shipped', 'cancelled')`),
]);

export const shipmentLine = pgTable("shipment_line", {
  id: idColumn(),
  shipmentId: refColumn("shipment_id").notNull().references(() => shipment.id),
  orderLineId: refColumn("order_line_id").notNull().references(() => salesOrderLine.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  baseQty: qtyColumn("base_qty").notNull(),
  /** Cost taken out of stock at shipping, base currency (filled when shipped). */
  costValueMinor: moneyColumn("cost_value_minor"),
  baseQtyInvoiced: qtyColumn("base_qty_invoiced").notNull().default("0"),
}, (t) => [
  index("shipment_line_shipment_idx").on(t.shipmentId),
  check("shipment_line_qty_positive", sql`${t.baseQty} > 0`),
]);

/** Customer invoices and credit memos (kind), in the customer's currency with base amounts beside. */
export const salesInvoice = pgTable("sales_invoice", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  invoiceNumber: text("invoice_number").notNull(),
  kind: text("kind").notNull().default("invoice"),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  orderId: refColumn("order_id").references(() => salesOrder.id),
  shipmentId: refColumn("shipment_id").references(() => shipment.id),
  originalInvoiceId: refColumn("original_invoice_id"),
  returnAuthorizationId: refColumn("return_authorization_id"),
  currency: text("currency").notNull().references(() => currency.code),
  /** Units of base currency per unit of document currency, ppm, at the invoice date. */
  exchangeRatePpm: moneyColumn("exchange_rate_ppm").notNull(),
  invoiceDate: date("invoice_date").notNull(),
  dueDate: date("due_date").notNull(),
  subtotalMinor: moneyColumn("subtotal_minor").notNull(),
  taxMinor: moneyColumn("tax_minor").notNull(),
  totalMinor: moneyColumn("total_minor").notNull(),
  totalBaseMinor: moneyColumn("total_base_minor").notNull(),
  /** Payments and credits applied so far, document currency; open = total - applied. */
  appliedMinor: moneyColumn("applied_minor").notNull().default(sql`0`),
  status: text("status").notNull().default("open"),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("sales_invoice_number_key").on(t.entityId, t.invoiceNumber),
  uniqueIndex("sales_invoice_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("sales_invoice_customer_idx").on(t.customerId, t.status, t.dueDate),
  check("sales_invoice_kind_known", sql`${t.kind} in ('invoice', 'credit_memo')`),
  check("sales_invoice_status_known", sql`${t.status} in ('open', 'partially_paid', 'paid', 'void')`),
  check("sales_invoice_amounts", sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.taxMinor} and ${t.totalMinor} >= 0 and ${t.appliedMinor} >= 0 and ${t.appliedMinor} <= ${t.totalMinor}`),
]);

export const salesInvoiceLine = pgTable("sales_invoice_line", {
  id: idColumn(),
  invoiceId: refColumn("invoice_id").notNull().references(() => salesInvoice.id),
  lineNumber: integer("line_number").notNull(),
  orderLineId: refColumn("order_line_id").references(() => salesOrderLine.id),
  shipmentLineId: refColumn("shipment_line_id").references(() => shipmentLine.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  description: text("description").notNull(),
  baseQty: qtyColumn("base_qty").notNull(),
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  netMinor: moneyColumn("net_minor").notNull(),
  taxCodeId: refColumn("tax_code_id").references(() => taxCode.id),
  taxMinor: moneyColumn("tax_minor").notNull(),
  /** Credit memos from returns: the original cost restored to stock, base currency. */
  costValueMinor: moneyColumn("cost_value_minor"),
}, (t) => [uniqueIndex("sales_invoice_line_key").on(t.invoiceId, t.lineNumber)]);

export const customerPayment = pgTable("customer_payment", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  paymentNumber: text("payment_number").notNull(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  currency: text("currency").notNull().references(() => currency.code),
  exchangeRatePpm: moneyColumn("exchange_rate_ppm").notNull(),
  receivedDate: date("received_date").notNull(),
  amountMinor: moneyColumn("amount_minor").notNull(),
  /** Not yet applied to invoices (held in customer deposits), document currency. */
  unappliedMinor: moneyColumn("unapplied_minor").notNull(),
  method: text("method").notNull(),
  reference: text("reference"),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("customer_payment_number_key").on(t.entityId, t.paymentNumber),
  uniqueIndex("customer_payment_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("customer_payment_customer_idx").on(t.customerId, t.receivedDate),
  check("customer_payment_amounts", sql`${t.amountMinor} > 0 and ${t.unappliedMinor} >= 0 and ${t.unappliedMinor} <= ${t.amountMinor}`),
  check("customer_payment_method_known", sql`${t.method} in ('ach', 'wire', 'check', 'card', 'cash', 'credit_memo')`),
]);

export const paymentApplication = pgTable("payment_application", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  paymentId: refColumn("payment_id").references(() => customerPayment.id),
  /** A credit memo applied to an invoice instead of cash. */
  creditMemoId: refColumn("credit_memo_id").references(() => salesInvoice.id),
  invoiceId: refColumn("invoice_id").notNull().references(() => salesInvoice.id),
  amountMinor: moneyColumn("amount_minor").notNull(),
  appliedDate: date("applied_date").notNull(),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  createdAt: createdAtColumn(),
}, (t) => [
  index("payment_application_invoice_idx").on(t.invoiceId),
  check("payment_application_amount_positive", sql`${t.amountMinor} > 0`),
  check("payment_application_source", sql`(${t.paymentId} is null) <> (${t.creditMemoId} is null)`),
]);

export const returnAuthorization = pgTable("return_authorization", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  rmaNumber: text("rma_number").notNull(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  invoiceId: refColumn("invoice_id").notNull().references(() => salesInvoice.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  reason: text("reason").notNull(),
  /** requested, approved, rejected, received, credited, cancelled. */
  status: text("status").notNull().default("requested"),
  approvalRequestId: refColumn("approval_request_id").references(() => approvalRequest.id),
  creditMemoId: refColumn("credit_memo_id").references(() => salesInvoice.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("return_authorization_number_key").on(t.entityId, t.rmaNumber),
  uniqueIndex("return_authorization_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("return_authorization_status_known", sql`${t.status} in ('requested', 'approved', 'rejected', 'received', 'credited', 'cancelled')`),
]);

export const returnLine = pgTable("return_line", {
  id: idColumn(),
  returnAuthorizationId: refColumn("return_authorization_id").notNull().references(() => returnAuthorization.id),
  invoiceLineId: refColumn("invoice_line_id").notNull().references(() => salesInvoiceLine.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  baseQty: qtyColumn("base_qty").notNull(),
  reasonCode: text("reason_code").notNull(),
  /** Set at inspection: restock, scrap, return_to_supplier. */
  disposition: text("disposition"),
  baseQtyReceived: qtyColumn("base_qty_received").notNull().default("0"),
  /** Original cost per base unit from the shipment, base currency. */
  unitCostMinor: moneyColumn("unit_cost_minor").notNull(),
  inspectionNote: text("inspection_note"),
  details: jsonb("details"),
}, (t) => [
  index("return_line_rma_idx").on(t.returnAuthorizationId),
  check("return_line_qty_positive", sql`${t.baseQty} > 0 and ${t.baseQtyReceived} >= 0 and ${t.baseQtyReceived} <= ${t.baseQty}`),
  check("return_line_disposition_known", sql`${t.disposition} is null or ${t.disposition} in ('restock', 'scrap', 'return_to_supplier')`),
]);

