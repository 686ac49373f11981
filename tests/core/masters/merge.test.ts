// Proves duplicate merges end to end on real PostgreSQL: a sales user requests folding a duplicate
// customer into its survivor, another sales user (the owner of the customer domain) approves it,
// and then every row that referenced the duplicate (orders, shipments, invoices, payments, customer
// prices — found from the schema's foreign keys) points at the survivor except a price break the
// survivor already had, the duplicate is kept but inactive, a reclassification entry moves its AR
// to the survivor so open AR still equals AR control in total and per customer, and the reversal
// record undoes all of it. Also: supplier merges keep AP reconciled, and the refusals are typed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { customer, supplier } from "../../../core/db/schema";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { decideApprovalStep, GovernanceApprovalError, installDefaultPolicies } from "../../../core/governance/approvals";
import { createMaster } from "../../../core/masters";
import {
  foreignReferencesTo, getMasterMergeOrThrow, listMasterMerges, masterMergeReversal, MergeError, requestMasterMerge, reverseMasterMerge,
} from "../../../core/masters/merge";
import { apReconciliation, createPurchaseOrder, enterSupplierInvoice, receivePurchaseOrder, submitPurchaseOrder } from "../../../core/purchasing";
import { receiveCustomerPayment } from "../../../core/sales/payments";
import { arReconciliation } from "../../../core/sales/receivables";
import { SharedError } from "../../../core/shared/errors";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { createPurchasingFixture } from "../../support/purchasing-fixture";
import { assertSubledgersReconcile, createDocumentsFixture, enterOrder, invoicedOrder, receive } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
await run((tx) => installDefaultPolicies(tx, SYSTEM_ACTOR));

/** Rows of every referencing table.column that point at this record (zero counts left out). */
async function referencesTo(tableName: string, id: number): Promise<Record<string, number>> {
  return run(async (tx) => {
    const counts: Record<string, number> = {};
    for (const ref of await foreignReferencesTo(tx, tableName)) {
      const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(ref.tableName)} where ${sql.identifier(ref.columnName)} = ${id}`);
      if ((row?.n ?? 0) > 0) counts[`${ref.tableName}.${ref.columnName}`] = row!.n;
    }
    return counts;
  });
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

const fx = await createDocumentsFixture(db, "M1");
const [itemA, itemB] = fx.itemIds as [number, number];
const survivorId = fx.taxedCustomerId;
const duplicate = await run((tx) => createMaster(tx, SYSTEM_ACTOR, "customer", {
  entityId: fx.entityId, code: "M1-TAX-DUP", name: "Taxed M1 Inc.", tier: "gold", currency: "USD", creditLimitMinor: 100_000_000n,
  paymentTermCode: "NET30", priceListId: fx.priceListId, taxCodeId: fx.taxCodeId, groupId: fx.customerGroupId,
}));
const duplicateId = duplicate.id;

test("the duplicate's history is built through the real commands", async () => {
  await receive(db, fx, itemA, fx.warehouseIds[0], "100");
  await receive(db, fx, itemB, fx.warehouseIds[0], "100");
  const dupInvoice = await invoicedOrder(db, fx, duplicateId, [{ itemId: itemA, qty: "5" }], { invoiceDate: "2026-03-05" });
  await invoicedOrder(db, fx, survivorId, [{ itemId: itemB, qty: "3" }], { invoiceDate: "2026-03-06" });
  await invoicedOrder(db, fx, duplicateId, [{ itemId: itemB, qty: "2" }], { invoiceDate: "2026-03-07" });
  await enterOrder(db, fx, duplicateId, [{ itemId: itemA, qty: "2" }], "2026-03-09");
  await run((tx) => receiveCustomerPayment(tx, fx.billing, { entityId: fx.entityId, customerId: duplicateId, receivedDate: "2026-03-20",
    amountMinor: 2_000n, currency: "USD", method: "ach", applications: [{ invoiceId: dupInvoice.id, amountMinor: 2_000n }] }));
  await run((tx) => receiveCustomerPayment(tx, fx.billing, { entityId: fx.entityId, customerId: duplicateId, receivedDate: "2026-03-21",
    amountMinor: 1_500n, currency: "USD", method: "check" }));
  await run(async (tx) => {
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: duplicateId, itemId: itemA, uom: "EA", unitPriceMinor: 800 });
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: duplicateId, itemId: itemB, uom: "EA", unitPriceMinor: 850 });
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: survivorId, itemId: itemB, uom: "EA", unitPriceMinor: 840 });
  });
  const refs = await referencesTo("customer", duplicateId);
  for (const key of ["sales_order.customer_id", "sales_invoice.customer_id", "customer_payment.customer_id", "customer_price.customer_id"]) {
    assert.ok((refs[key] ?? 0) > 0, `the duplicate has rows in ${key}: ${JSON.stringify(refs)}`);
  }
  await assertSubledgersReconcile(db, fx.entityId);
});

test("a merge waits for the owner of the customer domain and refuses incompatible or unauthorized requests", async () => {
  await rejectsWithCode(() => run((tx) => requestMasterMerge(tx, fx.users.clerk, { masterKind: "customer", survivorId, mergedId: fx.euroCustomerId })),
    MergeError.INCOMPATIBLE);
  await rejectsWithCode(() => run((tx) => requestMasterMerge(tx, fx.users.receiver, { masterKind: "customer", survivorId, mergedId: duplicateId })),
    SharedError.FORBIDDEN);
  await rejectsWithCode(() => run((tx) => requestMasterMerge(tx, fx.users.clerk, { masterKind: "customer", survivorId, mergedId: survivorId })),
    SharedError.VALIDATION_FAILED);
});

let mergeId = 0;
let before: { survivor: Record<string, number>; duplicate: Record<string, number> };

test("an approved merge re-points every reference, keeps the duplicate inactive and the AR subledger reconciled", async () => {
  before = { survivor: await referencesTo("customer", survivorId), duplicate: await referencesTo("customer", duplicateId) };
  const arBefore = await run((tx) => arReconciliation(tx, fx.entityId));
  const requested = await run((tx) => requestMasterMerge(tx, fx.users.clerk, { masterKind: "customer", survivorId, mergedId: duplicateId, score: 0.97 }));
  mergeId = requested.merge.id;
  assert.equal(requested.merge.status, "pending");
  assert.deepEqual(await referencesTo("customer", duplicateId), before.duplicate, "nothing moves before approval");
  await rejectsWithCode(() => run((tx) => requestMasterMerge(tx, fx.users.clerk, { masterKind: "customer", survivorId, mergedId: duplicateId })),
    MergeError.ALREADY_OPEN);
  await run((tx) => decideApprovalStep(tx, fx.users.approver, { requestId: requested.approvalRequestId, decision: "approve" }));

  const detail = await run((tx) => getMasterMergeOrThrow(tx, fx.users.clerk, mergeId));
  assert.equal(detail.merge.status, "applied");
  assert.deepEqual(await referencesTo("customer", duplicateId), { "customer_price.customer_id": 1 }, "only the clashing price break stays");
  assert.deepEqual(Object.keys(detail.merge.summary?.kept ?? {}), ["customer_price.customer_id"]);
  assert.equal(detail.merge.summary?.kept["customer_price.customer_id"]?.length, 1);
  const movedExpected = { ...before.duplicate, "customer_price.customer_id": before.duplicate["customer_price.customer_id"]! - 1 };
  assert.deepEqual(await referencesTo("customer", survivorId), addCounts(before.survivor, movedExpected));
  const [dupRow] = await db.select().from(customer).where(eq(customer.id, duplicateId));
  assert.equal(dupRow!.active, false, "the duplicate is kept, marked inactive");
  assert.ok(detail.merge.summary?.reclassEntryId, "the duplicate's AR moved through a reclassification entry");
  await assertSubledgersReconcile(db, fx.entityId);
  const arAfter = await run((tx) => arReconciliation(tx, fx.entityId));
  assert.equal(arAfter.openArBaseMinor, arBefore.openArBaseMinor, "open AR in total is unchanged");
});

test("the reversal record undoes the merge: every moved row points back and the duplicate is active again", async () => {
  await rejectsWithCode(() => run((tx) => reverseMasterMerge(tx, fx.users.clerk, { mergeId, reason: "" })), SharedError.VALIDATION_FAILED);
  const reversed = await run((tx) => reverseMasterMerge(tx, fx.users.clerk, { mergeId, reason: "Two shops of the same owner, not one customer" }));
  assert.equal(reversed.merge.status, "reversed");
  assert.deepEqual(await referencesTo("customer", duplicateId), before.duplicate);
  assert.deepEqual(await referencesTo("customer", survivorId), before.survivor);
  const [dupRow] = await db.select().from(customer).where(eq(customer.id, duplicateId));
  assert.equal(dupRow!.active, true);
  const reversals = await db.select().from(masterMergeReversal).where(eq(masterMergeReversal.mergeId, mergeId));
  assert.equal(reversals.length, 1);
  assert.equal(reversals[0]!.reason, "Two shops of the same owner, not one customer");
  await assertSubledgersReconcile(db, fx.entityId);
  await rejectsWithCode(() => run((tx) => reverseMasterMerge(tx, fx.users.clerk, { mergeId, reason: "again" })), MergeError.NOT_APPLIED);
  const listed = await run((tx) => listMasterMerges(tx, fx.users.clerk, { statuses: ["reversed"] }));
  assert.deepEqual(listed.map((m) => m.id), [mergeId]);
});

test("a rejected merge moves nothing", async () => {
  const requested = await run((tx) => requestMasterMerge(tx, fx.users.clerk, { masterKind: "customer", survivorId, mergedId: duplicateId }));
  await run((tx) => decideApprovalStep(tx, fx.users.approver, { requestId: requested.approvalRequestId, decision: "reject", comment: "different shops" }));
  const detail = await run((tx) => getMasterMergeOrThrow(tx, fx.users.clerk, requested.merge.id));
  assert.equal(detail.merge.status, "rejected");
  assert.deepEqual(await referencesTo("customer", duplicateId), before.duplicate);
});

test("a supplier merge is approved by a buyer, re-points POs, receipts and invoices, and AP still reconciles; the reversal restores it", async () => {
  const px = await createPurchasingFixture(db, { code: "M2" });
  const dup = await run((tx) => createMaster(tx, SYSTEM_ACTOR, "supplier", { entityId: px.entityId, code: "M2-VUSD-2", name: "Midwest Fastener Co",
    currency: "USD", paymentTermCode: "P-N30", leadTimeDays: 10 }));
  const created = await run((tx) => createPurchaseOrder(tx, px.users.buyer, { entityId: px.entityId, supplierId: dup.id, orderDate: "2026-01-05",
    lines: [{ itemId: px.itemIds[1]!, warehouseId: px.warehouseIds[0], uom: "EA", qty: "4", unitPriceMinor: 250 }] }));
  const po = await run((tx) => submitPurchaseOrder(tx, px.users.buyer, { purchaseOrderId: created.id }));
  assert.equal(po.status, "approved", "a small PO is auto-approved");
  await run((tx) => receivePurchaseOrder(tx, px.users.warehouse, { purchaseOrderId: po.id, warehouseId: px.warehouseIds[0], receiptDate: "2026-01-10",
    lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: px.itemIds[1]!, qty: "4" }] }));
  await run((tx) => enterSupplierInvoice(tx, px.users.buyer, { entityId: px.entityId, supplierId: dup.id, supplierInvoiceRef: "DUP-1",
    invoiceDate: "2026-01-12", currency: "USD", lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "4", unitPriceMinor: 250 }] }));
  const dupBefore = await referencesTo("supplier", dup.id);
  const requested = await run((tx) => requestMasterMerge(tx, px.users.buyer, { masterKind: "supplier", survivorId: px.suppliers.usd, mergedId: dup.id }));
  await rejectsWithCode(() => run((tx) => decideApprovalStep(tx, px.users.controller, { requestId: requested.approvalRequestId, decision: "approve" })),
    GovernanceApprovalError.NOT_APPROVER);
  await run((tx) => decideApprovalStep(tx, px.users.buyer2, { requestId: requested.approvalRequestId, decision: "approve" }));
  assert.deepEqual(await referencesTo("supplier", dup.id), {});
  const ap = await run((tx) => apReconciliation(tx, px.entityId));
  assert.equal(ap.differenceMinor, 0n, `AP ${ap.glMinor} vs open payables ${ap.subledgerMinor}`);
  const [dupRow] = await db.select().from(supplier).where(eq(supplier.id, dup.id));
  assert.equal(dupRow!.active, false);
  await run((tx) => reverseMasterMerge(tx, px.users.buyer, { mergeId: requested.merge.id, reason: "Separate remittance entity" }));
  assert.deepEqual(await referencesTo("supplier", dup.id), dupBefore);
  const apAfter = await run((tx) => apReconciliation(tx, px.entityId));
  assert.equal(apAfter.differenceMinor, 0n);
});
