// Proves the read-only lists behind the procure-to-pay pages on real PostgreSQL: the receiving
// queue shows open lines of approved orders only, in the line's unit, and shrinks as goods
// arrive; invoiceable lines show what was received and not invoiced at the PO price per base
// unit; an order's invoices carry their match results; the landed-cost preview splits a charge
// exactly as addLandedCost then posts it; payment runs list by status; and who may read them
// (the permission matrix, every role).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import {
  addLandedCost, createPurchaseOrder, enterSupplierInvoice, listInvoiceableLines, listInvoicesOfPurchaseOrder, listOpenReceiptLines, listPaymentRuns,
  listPurchaseReceipts, previewLandedCostAllocation, proposePaymentRun, receivePurchaseOrder, submitPurchaseOrder,
} from "../../../core/purchasing";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { createPurchasingFixture, type PurchasingFixture } from "../../support/purchasing-fixture";
import { runMatrix } from "../permissions/matrix";
import { buildPurchasingMatrixFixture, type PurchasingMatrixFixture } from "./permissions-matrix";
import { PURCHASING_QUERIES_MATRIX } from "./queries-matrix";

const { db } = await useTestDatabase();
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
let fx: PurchasingFixture;
let matrixFixture: PurchasingMatrixFixture;

before(async () => {
  fx = await createPurchasingFixture(db, { code: "Q1" });
  matrixFixture = await buildPurchasingMatrixFixture(db);
});

/** A PO of 2 cases (24 EA) of item 0 at 60.00 per case and 10 EA of item 1 at 2.50; approved when submit is true. */
async function order(submit: boolean) {
  const created = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.usd, orderDate: "2026-05-04",
    lines: [{ itemId: fx.itemIds[0]!, warehouseId: fx.warehouseIds[0], uom: "CS", qty: "2" }, { itemId: fx.itemIds[1]!, warehouseId: fx.warehouseIds[0], uom: "EA", qty: "10" }] }));
  return submit ? run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: created.id })) : created;
}

test("the receiving queue lists open lines of approved orders only, in the line's unit, and shrinks as goods arrive", async () => {
  const draft = await order(false);
  const approved = await order(true);
  assert.equal(approved.status, "approved");
  const queue = () => run((tx) => listOpenReceiptLines(tx, fx.users.warehouse, { entityId: fx.entityId, warehouseId: fx.warehouseIds[0], search: approved.poNumber }));
  assert.equal((await run((tx) => listOpenReceiptLines(tx, fx.users.warehouse, { entityId: fx.entityId, warehouseId: fx.warehouseIds[0], search: draft.poNumber }))).length, 0, "a draft is not received against");
  const before = await queue();
  assert.deepEqual(before.map((l) => [l.lineNumber, l.uom, l.openQty, l.openBaseQty]), [[1, "CS", "2", "24"], [2, "EA", "10", "10"]]);
  assert.equal(before[0]!.dueDate, "2026-05-09", "order date plus the supplier item's 5 days");
  await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: approved.id, warehouseId: fx.warehouseIds[0], receiptDate: "2026-05-08",
    lines: [{ purchaseOrderLineId: approved.lines[0]!.id, itemId: fx.itemIds[0]!, qty: "1" }, { purchaseOrderLineId: approved.lines[1]!.id, itemId: fx.itemIds[1]!, qty: "10" }] }));
  const after = await queue();
  assert.deepEqual(after.map((l) => [l.lineNumber, l.openQty, l.openBaseQty]), [[1, "1", "12"]], "line 2 is complete, line 1 has one case open");
  const elsewhere = await run((tx) => listOpenReceiptLines(tx, fx.users.warehouse, { entityId: fx.entityId, warehouseId: fx.warehouseIds[1], search: approved.poNumber }));
  assert.equal(elsewhere.length, 0, "another warehouse's queue does not show this order");
});

test("invoiceable lines show what was received and not invoiced at the PO price per base unit, and an order's invoices carry their match", async () => {
  const po = await order(true);
  const receipt = await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: fx.warehouseIds[0], receiptDate: "2026-05-08",
    lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: fx.itemIds[0]!, qty: "2" }, { purchaseOrderLineId: po.lines[1]!.id, itemId: fx.itemIds[1]!, qty: "4" }] }));
  const lines = await run((tx) => listInvoiceableLines(tx, fx.users.controller, po.id));
  assert.deepEqual(lines.map((l) => [l.lineNumber, l.receivedNotInvoicedBaseQty, l.poPricePerBaseMinor]), [[1, "24", 500n], [2, "4", 250n]]);
  const matched = await run((tx) => enterSupplierInvoice(tx, fx.users.controller, { entityId: fx.entityId, supplierId: fx.suppliers.usd, supplierInvoiceRef: "Q-OK", invoiceDate: "2026-05-10",
    currency: "USD", lines: [{ purchaseOrderLineId: lines[0]!.purchaseOrderLineId, baseQty: "24", unitPriceMinor: 500 }] }));
  const held = await run((tx) => enterSupplierInvoice(tx, fx.users.controller, { entityId: fx.entityId, supplierId: fx.suppliers.usd, supplierInvoiceRef: "Q-HIGH", invoiceDate: "2026-05-10",
    currency: "USD", lines: [{ purchaseOrderLineId: lines[1]!.purchaseOrderLineId, baseQty: "4", unitPriceMinor: 300 }] }));
  assert.equal(matched.status, "posted");
  assert.equal(held.status, "match_exception");
  const after = await run((tx) => listInvoiceableLines(tx, fx.users.controller, po.id));
  assert.deepEqual(after.map((l) => l.receivedNotInvoicedBaseQty), ["0", "4"], "only the posted invoice took quantity");
  const invoices = await run((tx) => listInvoicesOfPurchaseOrder(tx, fx.users.buyer, po.id));
  assert.deepEqual(invoices.map((i) => [i.invoiceNumber, i.status, i.lineMatches]), [[held.invoiceNumber, "match_exception", ["price_variance"]], [matched.invoiceNumber, "posted", ["matched"]]]);
  const receipts = await run((tx) => listPurchaseReceipts(tx, fx.users.buyer, { entityId: fx.entityId, purchaseOrderId: po.id }));
  assert.deepEqual(receipts.map((r) => [r.receiptNumber, r.lineCount, r.valueBaseMinor]), [[receipt.receiptNumber, 2, 12_000n + 1_000n]]);
});

test("the landed-cost preview splits a charge exactly as addLandedCost posts it, by every method", async () => {
  const po = await order(true);
  const receipt = await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: fx.warehouseIds[0], receiptDate: "2026-05-08",
    lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: fx.itemIds[0]!, qty: "2" }, { purchaseOrderLineId: po.lines[1]!.id, itemId: fx.itemIds[1]!, qty: "10" }] }));
  for (const method of ["value", "weight", "quantity"] as const) {
    const preview = await run((tx) => previewLandedCostAllocation(tx, fx.users.buyer, { receiptId: receipt.id, method, amountMinor: 1_001 }));
    assert.equal(preview.reduce((s, p) => s + p.shareMinor, 0n), 1_001n, `${method}: shares sum to the charge`);
    const posted = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "freight", method, currency: "USD", amountMinor: 1_001, source: "estimate" }));
    assert.deepEqual(posted.allocations.map((a) => a.amountBaseMinor), preview.map((p) => p.shareMinor), `${method}: the posting took the previewed shares`);
  }
  // 24 EA x 0.5 kg = 12 kg against 10 EA x 2 kg = 20 kg: 1,001 x 12/32 = 375.375 → 375, the rest 626.
  const byWeight = await run((tx) => previewLandedCostAllocation(tx, fx.users.buyer, { receiptId: receipt.id, method: "weight", amountMinor: 1_001 }));
  assert.deepEqual(byWeight.map((p) => p.shareMinor), [375n, 626n]);
  await rejectsWithCode(() => run((tx) => previewLandedCostAllocation(tx, fx.users.buyer, { receiptId: receipt.id, method: "weight", amountMinor: 0 })), "VALIDATION_FAILED");
});

test("payment runs list newest first and by status", async () => {
  const runs = await run((tx) => listPaymentRuns(tx, fx.users.controller, { entityId: matrixFixture.fx.entityId }));
  assert.ok(runs.some((r) => r.id === matrixFixture.approvedRunId && r.status === "approved" && r.paymentCount >= 1));
  const proposed = await run((tx) => listPaymentRuns(tx, fx.users.controller, { entityId: matrixFixture.fx.entityId, statuses: ["proposed"] }));
  assert.equal(proposed.some((r) => r.id === matrixFixture.approvedRunId), false);
  const next = await run((tx) => proposePaymentRun(tx, fx.users.controller, { entityId: matrixFixture.fx.entityId, paymentDate: "2026-03-25", dueThrough: "2026-04-30" }));
  const newest = await run((tx) => listPaymentRuns(tx, fx.users.controller, { entityId: matrixFixture.fx.entityId, statuses: ["proposed"] }));
  assert.equal(newest[0]?.id, next.id);
});

runMatrix(db, () => matrixFixture, (role) => matrixFixture.actors[role], PURCHASING_QUERIES_MATRIX);
