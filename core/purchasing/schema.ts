import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, qtyColumn, refColumn, updatedAtColumn } from "../shared/columns";
import { currency, item, legalEntity, supplier, warehouse } from "../masters/schema";
import { journalEntry } from "../ledger/schema";
import { inventoryDocument } from "../inventory/schema";
import { approvalRequest } from "../governance/schema";

/** What a supplier sells an item for, with its ordering constraints. */
export const supplierItem = pgTable("supplier_item", {
  id: idColumn(),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  supplierSku: text("supplier_sku"),
  uom: text("uom").notNull(),
  /** Per unit of `uom`, supplier currency. */
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  /** In base units. */
  orderMultiple: qtyColumn("order_multiple").notNull().default("1"),
  minOrderQty: qtyColumn("min_order_qty").notNull().default("1"),
  leadTimeDays: integer("lead_time_days"),
  preferred: boolean("preferred").notNull().default(false),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("supplier_item_key").on(t.supplierId, t.itemId),
  index("supplier_item_item_idx").on(t.itemId),
  check("supplier_item_quantities", sql`${t.orderMultiple} > 0 and ${t.minOrderQty} > 0 and ${t.unitPriceMinor} >= 0`),
]);

/** Planning parameters per item and warehouse. */
export const itemWarehousePlan = pgTable("item_warehouse_plan", {
  id: idColumn(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  /** reorder_point (with safety stock and EOQ), min_max, or none. */
  method: text("method").notNull().default("reorder_point"),
  serviceLevelPpm: moneyColumn("service_level_ppm").notNull().default(sql`950000`),
  minQty: qtyColumn("min_qty"),
  maxQty: qtyColumn("max_qty"),
  /** Cost of placing one order and of holding one base unit for a year (ppm of unit cost). */
  orderCostMinor: moneyColumn("order_cost_minor").notNull().default(sql`5000`),
  holdingCostPpm: moneyColumn("holding_cost_ppm").notNull().default(sql`250000`),
  abcClass: text("abc_class"),
  /** Another warehouse of the entity to transfer from before buying. */
  replenishFromWarehouseId: refColumn("replenish_from_warehouse_id").references(() => warehouse.id),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("item_warehouse_plan_key").on(t.itemId, t.warehouseId),
  check("item_warehouse_plan_method_known", sql`${t.method} in ('reorder_point', 'min_max', 'none')`),
  check("item_warehouse_plan_service_level", sql`${t.serviceLevelPpm} > 0 and ${t.serviceLevelPpm} < 1000000`),
  check("item_warehouse_plan_abc", sql`${t.abcClass} is null or ${t.abcClass} in ('A', 'B', 'C')`),
]);

export const purchaseOrder = pgTable("purchase_order", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  poNumber: text("po_number").notNull(),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  currency: text("currency").notNull().references(() => currency.code),
  orderDate: date("order_date").notNull(),
  expectedDate: date("expected_date").notNull(),
  paymentTermCode: text("payment_term_code").notNull(),
  /** draft, pending_approval, approved, partially_received, received, closed, cancelled. */
  status: text("status").notNull().default("draft"),
  approvalRequestId: refColumn("approval_request_id").references(() => approvalRequest.id),
  sourceProposalId: refColumn("source_proposal_id"),
  note: text("note"),
  cancelReason: text("cancel_reason"),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("purchase_order_number_key").on(t.entityId, t.poNumber),
  uniqueIndex("purchase_order_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("purchase_order_supplier_idx").on(t.supplierId, t.orderDate),
  index("purchase_order_status_idx").on(t.entityId, t.status, t.expectedDate),
  check("purchase_order_status_known", sql`${t.status} in ('draft', 'pending_approval', 'approved', 'partially_received', 'received', 'closed', 'cancelled')`),
]);

export const purchaseOrderLine = pgTable("purchase_order_line", {
  id: idColumn(),
  purchaseOrderId: refColumn("purchase_order_id").notNull().references(() => purchaseOrder.id),
  lineNumber: integer("line_number").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  uom: text("uom").notNull(),
  qty: qtyColumn("qty").notNull(),
  baseQtyOrdered: qtyColumn("base_qty_ordered").notNull(),
  baseQtyReceived: qtyColumn("base_qty_received").notNull().default("0"),
  baseQtyInvoiced: qtyColumn("base_qty_invoiced").notNull().default("0"),
  baseQtyCancelled: qtyColumn("base_qty_cancelled").notNull().default("0"),
  /** Per unit of `uom`, PO currency. */
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  expectedDate: date("expected_date").notNull(),
  /** The supplier's confirmation, when it differs from what was ordered. */
  confirmedDate: date("confirmed_date"),
  confirmedBaseQty: qtyColumn("confirmed_base_qty"),
}, (t) => [
  uniqueIndex("purchase_order_line_key").on(t.purchaseOrderId, t.lineNumber),
  index("purchase_order_line_item_idx").on(t.itemId, t.warehouseId),
  check("purchase_order_line_qty", sql`${t.qty} > 0 and ${t.baseQtyOrdered} > 0 and ${t.baseQtyReceived} >= 0 and ${t.baseQtyInvoiced} >= 0 and ${t.baseQtyCancelled} >= 0`),
]);

export const purchaseReceipt = pgTable("purchase_receipt", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  receiptNumber: text("receipt_number").notNull(),
  purchaseOrderId: refColumn("purchase_order_id").notNull().references(() => purchaseOrder.id),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  receiptDate: date("receipt_date").notNull(),
  currency: text("currency").notNull().references(() => currency.code),
  /** Base-currency units per unit of PO currency at the receipt date, ppm. */
  exchangeRatePpm: moneyColumn("exchange_rate_ppm").notNull(),
  /** Receipt date minus the PO line's expected date (max over lines); positive = late. */
  daysLate: integer("days_late").notNull().default(0),
  inventoryDocumentId: refColumn("inventory_document_id").references(() => inventoryDocument.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("purchase_receipt_number_key").on(t.entityId, t.receiptNumber),
  uniqueIndex("purchase_receipt_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("purchase_receipt_po_idx").on(t.purchaseOrderId),
]);

export const purchaseReceiptLine = pgTable("purchase_receipt_line", {
  id: idColumn(),
  receiptId: refColumn("receipt_id").notNull().references(() => purchaseReceipt.id),
  purchaseOrderLineId: refColumn("purchase_order_line_id").notNull().references(() => purchaseOrderLine.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  baseQty: qtyColumn("base_qty").notNull(),
  /** Value received at PO price x rate, base currency (what Inventory and GRNI took). */
  valueBaseMinor: moneyColumn("value_base_minor").notNull(),
  valueDocumentMinor: moneyColumn("value_document_minor").notNull(),
  baseQtyInvoiced: qtyColumn("base_qty_invoiced").notNull().default("0"),
  /** GRNI cleared by matched invoices so far, base currency. */
  valueInvoicedBaseMinor: moneyColumn("value_invoiced_base_minor").notNull().default(sql`0`),
  /** Lead time actual: receipt date minus PO order date, days. */
  leadTimeDays: integer("lead_time_days").notNull(),
}, (t) => [
  index("purchase_receipt_line_receipt_idx").on(t.receiptId),
  index("purchase_receipt_line_po_line_idx").on(t.purchaseOrderLineId),
  check("purchase_receipt_line_qty", sql`${t.baseQty} > 0 and ${t.baseQtyInvoiced} >= 0 and ${t.baseQtyInvoiced} <= ${t.baseQty}`),
]);

export const supplierInvoice = pgTable("supplier_invoice", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  invoiceNumber: text("invoice_number").notNull(),
  supplierInvoiceRef: text("supplier_invoice_ref").notNull(),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  purchaseOrderId: refColumn("purchase_order_id").references(() => purchaseOrder.id),
  currency: text("currency").notNull().references(() => currency.code),
  exchangeRatePpm: moneyColumn("exchange_rate_ppm").notNull(),
  invoiceDate: date("invoice_date").notNull(),
  dueDate: date("due_date").notNull(),
  subtotalMinor: moneyColumn("subtotal_minor").notNull(),
  taxMinor: moneyColumn("tax_minor").notNull().default(sql`0`),
  totalMinor: moneyColumn("total_minor").notNull(),
  totalBaseMinor: moneyColumn("total_base_minor").notNull(),
  paidMinor: moneyColumn("paid_minor").notNull().default(sql`0`),
  /** match_exception (held), posted (matched, AP open), partially_paid, paid, void. */
  status: text("status").notNull(),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("supplier_invoice_number_key").on(t.entityId, t.invoiceNumber),
  uniqueIndex("supplier_invoice_ref_key").on(t.supplierId, t.supplierInvoiceRef),
  uniqueIndex("supplier_invoice_idempotency_key").on(t.entityId, t.idempotencyKey),
  index("supplier_invoice_due_idx").on(t.entityId, t.status, t.dueDate),
  check("supplier_invoice_status_known", sql`${t.status} in ('match_exception', 'posted', 'partially_paid', 'paid', 'void')`),
  check("supplier_invoice_amounts", sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.taxMinor} and ${t.paidMinor} >= 0 and ${t.paidMinor} <= ${t.totalMinor}`),
]);

export const supplierInvoiceLine = pgTable("supplier_invoice_line", {
  id: idColumn(),
  invoiceId: refColumn("invoice_id").notNull().references(() => supplierInvoice.id),
  lineNumber: integer("line_number").notNull(),
  purchaseOrderLineId: refColumn("purchase_order_line_id").references(() => purchaseOrderLine.id),
  itemId: refColumn("item_id").references(() => item.id),
  description: text("description").notNull(),
  baseQty: qtyColumn("base_qty").notNull(),
  /** Per base unit, invoice currency. */
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  amountMinor: moneyColumn("amount_minor").notNull(),
  /** matched, price_variance, quantity_variance, unmatched. */
  matchStatus: text("match_status").notNull(),
  priceVarianceBaseMinor: moneyColumn("price_variance_base_minor").notNull().default(sql`0`),
  matchDetails: jsonb("match_details"),
}, (t) => [
  uniqueIndex("supplier_invoice_line_key").on(t.invoiceId, t.lineNumber),
  check("supplier_invoice_line_match_known", sql`${t.matchStatus} in ('matched', 'price_variance', 'quantity_variance', 'unmatched')`),
]);

/** Freight, duty or handling on a receipt, spread over its lines and raising their cost. */
export const landedCostCharge = pgTable("landed_cost_charge", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  chargeNumber: text("charge_number").notNull(),
  receiptId: refColumn("receipt_id").notNull().references(() => purchaseReceipt.id),
  kind: text("kind").notNull(),
  method: text("method").notNull(),
  currency: text("currency").notNull().references(() => currency.code),
  amountMinor: moneyColumn("amount_minor").notNull(),
  amountBaseMinor: moneyColumn("amount_base_minor").notNull(),
  /** estimate (Cr landed cost clearing) or invoiced (Cr AP via a supplier invoice). */
  source: text("source").notNull(),
  supplierInvoiceId: refColumn("supplier_invoice_id").references(() => supplierInvoice.id),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("landed_cost_charge_number_key").on(t.entityId, t.chargeNumber),
  uniqueIndex("landed_cost_charge_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("landed_cost_charge_kind_known", sql`${t.kind} in ('freight', 'duty', 'handling', 'insurance')`),
  check("landed_cost_charge_method_known", sql`${t.method} in ('value', 'weight', 'quantity')`),
  check("landed_cost_charge_source_known", sql`${t.source} in ('estimate', 'invoiced')`),
  check("landed_cost_charge_positive", sql`${t.amountMinor} > 0 and ${t.amountBaseMinor} > 0`),
]);

export const landedCostAllocation = pgTable("landed_cost_allocation", {
  id: idColumn(),
  chargeId: refColumn("charge_id").notNull().references(() => landedCostCharge.id),
  receiptLineId: refColumn("receipt_line_id").notNull().references(() => purchaseReceiptLine.id),
  amountBaseMinor: moneyColumn("amount_base_minor").notNull(),
  /** Share of the goods still on hand (raises stock value) and already sold (to COGS). */
  toInventoryMinor: moneyColumn("to_inventory_minor").notNull(),
  toCogsMinor: moneyColumn("to_cogs_minor").notNull(),
}, (t) => [
  index("landed_cost_allocation_charge_idx").on(t.chargeId),
  check("landed_cost_allocation_split", sql`${t.toInventoryMinor} + ${t.toCogsMinor} = ${t.amountBaseMinor} and ${t.toInventoryMinor} >= 0 and ${t.toCogsMinor} >= 0`),
]);

export const paymentRun = pgTable("payment_run", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  runNumber: text("run_number").notNull(),
  paymentDate: date("payment_date").notNull(),
  dueThrough: date("due_through").notNull(),
  currency: text("currency").notNull().references(() => currency.code),
  /** proposed, pending_approval, approved, paid, cancelled. */
  status: text("status").notNull().default("proposed"),
  totalMinor: moneyColumn("total_minor").notNull(),
  approvalRequestId: refColumn("approval_request_id").references(() => approvalRequest.id),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("payment_run_number_key").on(t.entityId, t.runNumber),
  check("payment_run_status_known", sql`${t.status} in ('proposed', 'pending_approval', 'approved', 'paid', 'cancelled')`),
]);

export const supplierPayment = pgTable("supplier_payment", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  paymentNumber: text("payment_number").notNull(),
  paymentRunId: refColumn("payment_run_id").references(() => paymentRun.id),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  currency: text("currency").notNull().references(() => currency.code),
  exchangeRatePpm: moneyColumn("exchange_rate_ppm").notNull(),
  paymentDate: date("payment_date").notNull(),
  amountMinor: moneyColumn("amount_minor").notNull(),
  discountMinor: moneyColumn("discount_minor").notNull().default(sql`0`),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("supplier_payment_number_key").on(t.entityId, t.paymentNumber),
  uniqueIndex("supplier_payment_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("supplier_payment_amounts", sql`${t.amountMinor} > 0 and ${t.discountMinor} >= 0`),
]);

export const supplierPaymentApplication = pgTable("supplier_payment_application", {
  id: idColumn(),
  paymentId: refColumn("payment_id").notNull().references(() => supplierPayment.id),
  invoiceId: refColumn("invoice_id").notNull().references(() => supplierInvoice.id),
  amountMinor: moneyColumn("amount_minor").notNull(),
  discountMinor: moneyColumn("discount_minor").notNull().default(sql`0`),
}, (t) => [
  index("supplier_payment_application_invoice_idx").on(t.invoiceId),
  check("supplier_payment_application_amounts", sql`${t.amountMinor} > 0 and ${t.discountMinor} >= 0`),
]);

/** Percent of purchases by tier over a period, accrued as qualifying purchases post. */
export const supplierRebateAgreement = pgTable("supplier_rebate_agreement", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  supplierId: refColumn("supplier_id").notNull().references(() => supplier.id),
  name: text("name").notNull(),
  periodStart: date("period_start").notNull(),
  periodEnd: date("period_end").notNull(),
  /** [{ fromMinor: "0", ratePpm: "10000" }, ...] ascending; purchases in base currency. */
  tiers: jsonb("tiers").notNull(),
  /** open, settled. */
  status: text("status").notNull().default("open"),
  settledAt: timestamp("settled_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
}, (t) => [
  index("supplier_rebate_agreement_supplier_idx").on(t.supplierId, t.periodStart),
  check("supplier_rebate_agreement_period", sql`${t.periodStart} <= ${t.periodEnd}`),
]);

export const supplierRebateAccrual = pgTable("supplier_rebate_accrual", {
  id: idColumn(),
  agreementId: refColumn("agreement_id").notNull().references(() => supplierRebateAgreement.id),
  /** The purchase that qualified (a receipt) or the settlement. */
  sourceType: text("source_type").notNull(),
  sourceId: refColumn("source_id").notNull(),
  purchasesBaseMinor: moneyColumn("purchases_base_minor").notNull(),
  amountMinor: moneyColumn("amount_minor").notNull(),
  journalEntryId: refColumn("journal_entry_id").references(() => journalEntry.id),
  createdAt: createdAtColumn(),
}, (t) => [index("supplier_rebate_accrual_agreement_idx").on(t.agreementId)]);

export const replenishmentRun = pgTable("replenishment_run", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  runDate: date("run_date").notNull(),
  /** history or a forecast model version. */
  demandSource: text("demand_source").notNull(),
  proposalCount: integer("proposal_count").notNull().default(0),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
});

export const replenishmentProposal = pgTable("replenishment_proposal", {
  id: idColumn(),
  runId: refColumn("run_id").notNull().references(() => replenishmentRun.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  /** buy (from supplierId) or transfer (from fromWarehouseId). */
  kind: text("kind").notNull(),
  supplierId: refColumn("supplier_id").references(() => supplier.id),
  fromWarehouseId: refColumn("from_warehouse_id").references(() => warehouse.id),
  baseQty: qtyColumn("base_qty").notNull(),
  needByDate: date("need_by_date").notNull(),
  /** The figures behind it: demand mean/sd, lead time, safety stock, reorder point, EOQ, position. */
  reason: jsonb("reason").notNull(),
  /** proposed, accepted, rejected, superseded. */
  status: text("status").notNull().default("proposed"),
  decidedByUserId: refColumn("decided_by_user_id"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decisionNote: text("decision_note"),
  purchaseOrderId: refColumn("purchase_order_id").references(() => purchaseOrder.id),
  transferOrderId: refColumn("transfer_order_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  index("replenishment_proposal_run_idx").on(t.runId, t.status),
  check("replenishment_proposal_kind", sql`(${t.kind} = 'buy' and ${t.supplierId} is not null) or (${t.kind} = 'transfer' and ${t.fromWarehouseId} is not null)`),
  check("replenishment_proposal_status_known", sql`${t.status} in ('proposed', 'accepted', 'rejected', 'superseded')`),
]);

/** A warehouse-to-warehouse move with stock in transit between shipping and receiving. */
export const transferOrder = pgTable("transfer_order", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  transferNumber: text("transfer_number").notNull(),
  fromWarehouseId: refColumn("from_warehouse_id").notNull().references(() => warehouse.id),
  toWarehouseId: refColumn("to_warehouse_id").notNull().references(() => warehouse.id),
  /** draft, shipped, received, cancelled. */
  status: text("status").notNull().default("draft"),
  expectedDate: date("expected_date").notNull(),
  shippedDate: date("shipped_date"),
  receivedDate: date("received_date"),
  shipDocumentId: refColumn("ship_document_id").references(() => inventoryDocument.id),
  receiveDocumentId: refColumn("receive_document_id").references(() => inventoryDocument.id),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("transfer_order_number_key").on(t.entityId, t.transferNumber),
  uniqueIndex("transfer_order_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("transfer_order_status_known", sql`${t.status} in ('draft', 'shipped', 'received', 'cancelled')`),
  check("transfer_order_distinct", sql`${t.fromWarehouseId} <> ${t.toWarehouseId}`),
]);

export const transferOrderLine = pgTable("transfer_order_line", {
  id: idColumn(),
  transferOrderId: refColumn("transfer_order_id").notNull().references(() => transferOrder.id),
  lineNumber: integer("line_number").notNull(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  baseQty: qtyColumn("base_qty").notNull(),
  baseQtyReceived: qtyColumn("base_qty_received").notNull().default("0"),
}, (t) => [
  uniqueIndex("transfer_order_line_key").on(t.transferOrderId, t.lineNumber),
  check("transfer_order_line_qty", sql`${t.baseQty} > 0 and ${t.baseQtyReceived} >= 0 and ${t.baseQtyReceived} <= ${t.baseQty}`),
]);

export const cycleCount = pgTable("cycle_count", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  countNumber: text("count_number").notNull(),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  abcClass: text("abc_class"),
  blind: boolean("blind").notNull().default(true),
  countDate: date("count_date").notNull(),
  /** open, submitted, variance_review, posted, cancelled. */
  status: text("status").notNull().default("open"),
  /** Tolerance on |variance value| per line, base minor units, beyond which an exception is raised. */
  toleranceMinor: moneyColumn("tolerance_minor").notNull(),
  adjustmentDocumentId: refColumn("adjustment_document_id").references(() => inventoryDocument.id),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("cycle_count_number_key").on(t.entityId, t.countNumber),
  check("cycle_count_status_known", sql`${t.status} in ('open', 'submitted', 'variance_review', 'posted', 'cancelled')`),
]);

export const cycleCountLine = pgTable("cycle_count_line", {
  id: idColumn(),
  cycleCountId: refColumn("cycle_count_id").notNull().references(() => cycleCount.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  /** Snapshot when the list was made; hidden from counters on blind counts. */
  baseQtyExpected: qtyColumn("base_qty_expected").notNull(),
  baseQtyCounted: qtyColumn("base_qty_counted"),
  varianceValueMinor: moneyColumn("variance_value_minor"),
  countedByUserId: refColumn("counted_by_user_id"),
  countedAt: timestamp("counted_at", { withTimezone: true }),
}, (t) => [uniqueIndex("cycle_count_line_key").on(t.cycleCountId, t.itemId)]);
