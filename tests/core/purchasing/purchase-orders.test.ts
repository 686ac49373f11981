// Proves purchase orders against real PostgreSQL: supplier terms, currency, prices (converted
// between units) and lead-time dates on create; minimums, multiples and missing prices refused;
// approval by amount (auto-approved, or routed, rejected back to draft with the reason, and
// approved); supplier confirmations; cancellation that never touches received quantity; the
// scheduled receipts the order desk reads; and idempotent creation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { count, eq } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { approvalRequest } from "../../../core/governance/schema";
import { exchangeRateOn } from "../../../core/masters";
import {
  cancelPurchaseOrder, cancelPurchaseOrderLine, confirmPurchaseOrderLine, createPurchaseOrder, getPurchaseOrderOrThrow, listScheduledReceipts,
  PurchasingError, receivePurchaseOrder, submitPurchaseOrder, type CreatePurchaseOrderInput,
} from "../../../core/purchasing";
import { purchaseOrder } from "../../../core/purchasing/schema";
import { todayIn } from "../../../core/purchasing/shared/dates";
import { applyRatePpm } from "../../../core/shared/money";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { createPurchasingFixture, NET30 } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const fx = await createPurchasingFixture(db);
const [item0, item1, item2, item3] = fx.itemIds as [number, number, number, number];
const [wh] = fx.warehouseIds;
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
const order = (lines: CreatePurchaseOrderInput["lines"], extra: Partial<CreatePurchaseOrderInput> = {}) =>
  run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.usd, orderDate: "2026-03-02", lines, ...extra }));
const approved = async (lines: CreatePurchaseOrderInput["lines"]) => {
  const po = await order(lines);
  return run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: po.id }));
};

test("a purchase order takes the supplier's currency and terms, prices converted to the line's unit, and lead-time dates", async () => {
  const po = await order([
    { itemId: item0, warehouseId: wh, uom: "CS", qty: "2" },
    { itemId: item0, warehouseId: wh, uom: "EA", qty: "24" },
    { itemId: item1, warehouseId: wh, uom: "EA", qty: "10" },
  ]);
  assert.equal(po.status, "draft");
  assert.match(po.poNumber, new RegExp(`^PO-${fx.code}-\\d{8}$`));
  assert.equal(po.currency, "USD");
  assert.equal(po.paymentTermCode, NET30);
  assert.deepEqual(po.lines.map((l) => [l.unitPriceMinor, l.baseQtyOrdered, l.expectedDate]), [
    [6_000n, "24.0000", "2026-03-07"], // the supplier item's case price and its own 5-day lead time
    [500n, "24.0000", "2026-03-07"], // 60.00 per case of 12 is 5.00 each
    [250n, "10.0000", "2026-03-12"], // no lead time on the item: the supplier's 10 days
  ]);
  assert.equal(po.expectedDate, "2026-03-07");
  assert.equal(po.valueMinor, 12_000n + 12_000n + 2_500n);
});

test("refuses quantities below the supplier's minimum or off its order multiple, and lines without any price", async () => {
  await rejectsWithCode(() => order([{ itemId: item0, warehouseId: wh, uom: "EA", qty: "6" }]), PurchasingError.BELOW_MINIMUM_ORDER);
  await rejectsWithCode(() => order([{ itemId: item0, warehouseId: wh, uom: "EA", qty: "18" }]), PurchasingError.NOT_ORDER_MULTIPLE);
  await rejectsWithCode(() => order([{ itemId: item3, warehouseId: wh, uom: "EA", qty: "5" }]), PurchasingError.PRICE_REQUIRED);
  const priced = await order([{ itemId: item3, warehouseId: wh, uom: "EA", qty: "5", unitPriceMinor: 1_234 }], { expectedDate: "2026-04-01" });
  assert.deepEqual([priced.lines[0]!.unitPriceMinor, priced.lines[0]!.expectedDate], [1_234n, "2026-04-01"]);
  await rejectsWithCode(() => run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.eur, orderDate: "2026-03-02",
    lines: [{ itemId: item2, warehouseId: 999_999, uom: "EA", qty: "1" }] })), PurchasingError.WAREHOUSE_INVALID);
});

test("a routine order is approved on submission; a large one routes to approvers, back to draft on rejection with the reason", async () => {
  const small = await approved([{ itemId: item1, warehouseId: wh, uom: "EA", qty: "100" }]);
  assert.equal(small.status, "approved");
  assert.equal(small.approval?.status, "approved");

  const large = await order([{ itemId: item1, warehouseId: wh, uom: "EA", qty: "2000" }]);
  const pending = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: large.id }));
  assert.equal(pending.status, "pending_approval");
  const [request] = await db.select().from(approvalRequest).where(eq(approvalRequest.id, pending.approvalRequestId!));
  assert.deepEqual(request!.facts, { amountMinor: "500000", supplierId: fx.suppliers.usd, entityId: fx.entityId });
  await run((tx) => decideApprovalStep(tx, fx.users.buyer2, { requestId: request!.id, decision: "reject", comment: "Split into two deliveries" }));
  const rejected = await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, large.id));
  assert.equal(rejected.status, "draft");
  assert.equal(rejected.approval?.decisionReason, "Split into two deliveries");

  const again = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: large.id }));
  await run((tx) => decideApprovalStep(tx, fx.users.buyer2, { requestId: again.approvalRequestId!, decision: "approve" }));
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, large.id))).status, "pending_approval");
  await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: again.approvalRequestId!, decision: "approve" }));
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, large.id))).status, "approved");
  await rejectsWithCode(() => run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: large.id })), PurchasingError.PURCHASE_ORDER_STATE);
});

test("approval facts carry a foreign-currency order's value in base currency at today's rate", async () => {
  const po = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.eur, orderDate: "2026-03-02",
    lines: [{ itemId: item2, warehouseId: wh, uom: "EA", qty: "100" }] }));
  assert.equal(po.currency, "EUR");
  const submitted = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: po.id }));
  const rate = await run((tx) => exchangeRateOn(tx, "EUR", "USD", todayIn("America/Chicago")));
  const [request] = await db.select().from(approvalRequest).where(eq(approvalRequest.id, submitted.approvalRequestId!));
  assert.equal((request!.facts as { amountMinor: string }).amountMinor, String(applyRatePpm(90_000n, rate, "halfEven")));
});

test("a retried create with the same idempotency key returns the first order and writes nothing", async () => {
  const lines = [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "4" }];
  const first = await order(lines, { idempotencyKey: "po-retry-1" });
  const [before] = await db.select({ n: count() }).from(purchaseOrder);
  const second = await order(lines, { idempotencyKey: "po-retry-1" });
  const [after] = await db.select({ n: count() }).from(purchaseOrder);
  assert.equal(second.id, first.id);
  assert.equal(second.replayed, true);
  assert.equal(first.replayed, false);
  assert.equal(after!.n, before!.n);
});

test("a supplier confirmation changes the date and quantity the scheduled receipts report", async () => {
  const po = await approved([{ itemId: item3, warehouseId: wh, uom: "EA", qty: "40", unitPriceMinor: 100 }]);
  const line = po.lines[0]!;
  let scheduled = await run((tx) => listScheduledReceipts(tx, { itemIds: [item3] }));
  assert.deepEqual(scheduled.filter((s) => s.purchaseOrderId === po.id).map((s) => [s.openBaseQty, s.dueDate, s.confirmed]), [["40", "2026-03-12", false]]);
  await run((tx) => confirmPurchaseOrderLine(tx, fx.users.buyer, { purchaseOrderLineId: line.id, confirmedDate: "2026-03-20", confirmedQty: "30" }));
  scheduled = await run((tx) => listScheduledReceipts(tx, { itemIds: [item3], warehouseIds: [wh] }));
  assert.deepEqual(scheduled.filter((s) => s.purchaseOrderId === po.id).map((s) => [s.openBaseQty, s.dueDate, s.confirmed]), [["30", "2026-03-20", true]]);
  await rejectsWithCode(() => run((tx) => confirmPurchaseOrderLine(tx, fx.users.buyer, { purchaseOrderLineId: line.id, confirmedQty: "41" })), PurchasingError.CONFIRMATION_INVALID);
  assert.deepEqual(await run((tx) => listScheduledReceipts(tx, { itemIds: [item3], warehouseIds: [fx.warehouseIds[1]] })), []);
});

test("cancellation takes only open quantity: a line, then the rest of the order, never what was received", async () => {
  const po = await approved([{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }, { itemId: item3, warehouseId: wh, uom: "EA", qty: "5", unitPriceMinor: 100 }]);
  const [l1, l2] = po.lines as [typeof po.lines[0], typeof po.lines[0]];
  await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: wh, receiptDate: "2026-03-05",
    lines: [{ purchaseOrderLineId: l1.id, itemId: item1, qty: "6" }] }));
  await rejectsWithCode(() => run((tx) => cancelPurchaseOrderLine(tx, fx.users.buyer, { purchaseOrderLineId: l1.id, baseQty: "5", reason: "too many" })), PurchasingError.CANCEL_EXCEEDS_OPEN);
  const afterLine = await run((tx) => cancelPurchaseOrderLine(tx, fx.users.buyer, { purchaseOrderLineId: l1.id, reason: "supplier short" }));
  assert.deepEqual([afterLine.lines[0]!.baseQtyReceived, afterLine.lines[0]!.baseQtyCancelled, afterLine.status], ["6.0000", "4.0000", "partially_received"]);
  const cancelled = await run((tx) => cancelPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: po.id, reason: "no longer needed" }));
  assert.deepEqual(cancelled.lines.map((l) => l.baseQtyCancelled), ["4.0000", "5.0000"]);
  assert.equal(cancelled.status, "received"); // what arrived stays; nothing is open any more
  assert.equal(l2.openBaseQty, "5");
  const untouched = await approved([{ itemId: item1, warehouseId: wh, uom: "EA", qty: "3" }]);
  const gone = await run((tx) => cancelPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: untouched.id, reason: "duplicate order" }));
  assert.deepEqual([gone.status, gone.cancelReason], ["cancelled", "duplicate order"]);
  await rejectsWithCode(() => run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: untouched.id, warehouseId: wh, receiptDate: "2026-03-05",
    lines: [{ purchaseOrderLineId: gone.lines[0]!.id, itemId: item1, qty: "1" }] })), PurchasingError.PURCHASE_ORDER_STATE);
});

test("only buyers and admins create purchase orders", async () => {
  await rejectsWithCode(() => run((tx) => createPurchaseOrder(tx, fx.users.warehouse, { entityId: fx.entityId, supplierId: fx.suppliers.usd, orderDate: "2026-03-02",
    lines: [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "1" }] })), "AUTH_FORBIDDEN");
});
