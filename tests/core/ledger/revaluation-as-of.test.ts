// Proves month-end FX revaluation of payables works as of the period end, whenever it runs: a EUR
// supplier invoice open on March 31 but paid in April before the close is still revalued on its
// March-end open amount, a part-paid one on what was left then, the exact loss posts to AP, and the
// close checklist's subledger check sees AP reconcile while the revaluation stands (AP is a credit
// balance: the revaluation's debit is taken off the difference, not added to it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { runCloseChecks } from "../../../core/ledger/close";
import { revaluePeriod } from "../../../core/ledger/revaluation";
import { fiscalPeriod } from "../../../core/ledger/schema";
import { createPurchaseOrder, enterSupplierInvoice, paySupplierInvoice, receivePurchaseOrder, submitPurchaseOrder } from "../../../core/purchasing";
import { useTestDatabase } from "../../support/database";
import { addRate, createPurchasingFixture } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
const fx = await createPurchasingFixture(db, { code: "RA" });
let refs = 0;

/** EUR 9.00 x qty from the EUR supplier, received and invoiced on the date (EUR 1 = USD 1.10 then). */
async function eurInvoice(qty: string, invoiceDate: string) {
  const itemId = fx.itemIds[2]!;
  const created = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.eur, orderDate: "2026-03-01",
    lines: [{ itemId, warehouseId: fx.warehouseIds[0], uom: "EA", qty }] }));
  const po = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: created.id }));
  if (po.status === "pending_approval") {
    await run((tx) => decideApprovalStep(tx, fx.users.buyer2, { requestId: po.approvalRequestId!, decision: "approve" }));
    await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: po.approvalRequestId!, decision: "approve" }));
  }
  await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: fx.warehouseIds[0], receiptDate: invoiceDate,
    lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId, qty }] }));
  return run((tx) => enterSupplierInvoice(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.eur, supplierInvoiceRef: `RA-${++refs}`,
    invoiceDate, currency: "EUR", lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: qty, unitPriceMinor: 900 }] }));
}

test("payables are revalued on what was open at the period end, and AP reconciles in the close checklist", async () => {
  const paidLater = await eurInvoice("10", "2026-03-10");
  const partPaid = await eurInvoice("10", "2026-03-12");
  assert.deepEqual([paidLater.totalMinor, paidLater.totalBaseMinor], [9_000n, 9_900n]);
  await run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: partPaid.id, paymentDate: "2026-03-20", amountMinor: 4_000 }));
  await addRate(db, "EUR", "USD", "2026-03-31", 1_200_000n);
  // Paid in full in April, before March is revalued and closed.
  await run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: paidLater.id, paymentDate: "2026-04-10", amountMinor: 9_000 }));

  const [march] = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, fx.entityId), eq(fiscalPeriod.code, "2026-03")));
  const result = await run((tx) => revaluePeriod(tx, fx.users.controller, { periodId: march!.id }));
  const line = (id: number) => {
    const found = result.lines.find((l) => l.target === "ap" && l.subjectId === id);
    assert.ok(found, `invoice ${id} was revalued`);
    return [found.openDocumentMinor, found.carryingBaseMinor, found.revaluedBaseMinor, found.gainMinor];
  };
  // EUR 90.00 open on March 31, carried at 1.10 = 99.00, worth 108.00 at 1.20: a loss of 9.00.
  assert.deepEqual(line(paidLater.id), [9_000n, 9_900n, 10_800n, -900n]);
  // EUR 50.00 left on March 31, carried at 55.00 (99.00 less 4/9 of it), worth 60.00: a loss of 5.00.
  assert.deepEqual(line(partPaid.id), [5_000n, 5_500n, 6_000n, -500n]);
  assert.equal(result.lines.filter((l) => l.target === "ap").length, 2, "nothing else of AP was open in EUR");
  // The EUR 40.00 paid out on March 20 sits on the bank at 44.00 and is worth 48.00 owed: a further 4.00 loss.
  assert.deepEqual(result.lines.filter((l) => l.target === "bank").map((l) => l.gainMinor), [-400n]);
  assert.equal(result.run.lossMinor, 1_800n);

  const checklist = await run((tx) => runCloseChecks(tx, fx.users.controller, { periodId: march!.id }));
  const subledgers = checklist.checks.find((c) => c.code === "subledgers")!;
  assert.equal(subledgers.result, "passed", subledgers.details.map((d) => d.label).join("; "));
});
