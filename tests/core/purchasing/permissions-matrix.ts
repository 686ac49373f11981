// Matrix rows for purchasing and payables (for tests/core/permissions: add PURCHASING_MATRIX to
// the coverage guard's list). Every row is a plain permission: purchasing:read for queries,
// purchasing:write for orders, supplier items, landed cost and rebate agreements (landed cost
// also moves stock value, and every purchasing:write holder also holds inventory:write),
// inventory:write for receiving, payables:write for invoices, payments and rebate accruals.
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { decideApprovalStep } from "../../../core/governance/approvals";
import {
  accrueSupplierRebates, addLandedCost, apAging, cancelPaymentRun, cancelPurchaseOrder, cancelPurchaseOrderLine, confirmPurchaseOrderLine, createPurchaseOrder,
  createRebateAgreement, enterSupplierInvoice, executePaymentRun, getLandedCostChargeOrThrow, getPaymentRunOrThrow, getPurchaseOrderOrThrow,
  getPurchaseReceiptOrThrow, getSupplierInvoiceOrThrow, getSupplierPaymentOrThrow, listPurchaseOrders, listSupplierInvoices, listSupplierItems,
  paySupplierInvoice, proposePaymentRun, receivePurchaseOrder, resolveMatchException, settleRebateAgreement, submitPaymentRun, submitPurchaseOrder,
  upsertSupplierItem,
} from "../../../core/purchasing";
import { paymentRun } from "../../../core/purchasing/schema";
import { createPurchasingFixture, type PurchasingFixture } from "../../support/purchasing-fixture";
import type { PermissionCase } from "../permissions/matrix";

export type PurchasingMatrixFixture = {
  fx: PurchasingFixture;
  actors: Record<Role, Actor>;
  draftPoId: number;
  approvedPo: { id: number; lineId: number };
  receivedPo: { id: number; lineId: number; receiptId: number };
  heldInvoiceId: number;
  freeInvoiceId: number;
  approvedRunId: number;
  paymentId: number;
  chargeId: number;
  agreementId: number;
};

async function po(tx: Tx, fx: PurchasingFixture, qty: string, submit: boolean) {
  const created = await createPurchaseOrder(tx, SYSTEM_ACTOR, { entityId: fx.entityId, supplierId: fx.suppliers.usd, orderDate: "2026-02-02",
    lines: [{ itemId: fx.itemIds[1]!, warehouseId: fx.warehouseIds[0], uom: "EA", qty }] });
  return submit ? submitPurchaseOrder(tx, SYSTEM_ACTOR, { purchaseOrderId: created.id }) : created;
}

async function invoiceFor(tx: Tx, fx: PurchasingFixture, lineId: number, ref: string, price: number) {
  return enterSupplierInvoice(tx, SYSTEM_ACTOR, { entityId: fx.entityId, supplierId: fx.suppliers.usd, supplierInvoiceRef: ref, invoiceDate: "2026-02-10",
    currency: "USD", lines: [{ purchaseOrderLineId: lineId, baseQty: "10", unitPriceMinor: price }] });
}

/** Committed documents in every state a row needs; each row then runs in a rolled-back transaction. */
export async function buildPurchasingMatrixFixture(db: Db): Promise<PurchasingMatrixFixture> {
  const fx = await createPurchasingFixture(db, { code: "PM" });
  return inTransaction(db, async (tx) => {
    const actors = {} as Record<Role, Actor>;
    for (const role of ROLES) {
      const created = await createUser(tx, SYSTEM_ACTOR, { username: `pmx.${role}`, displayName: role, password: "purchasing-matrix-password", roles: [role] });
      actors[role] = { userId: created.id, username: created.username, roles: created.roles };
    }
    const draft = await po(tx, fx, "5", false);
    const approved = await po(tx, fx, "50", true);
    const received = await po(tx, fx, "60", true);
    const receipt = await receivePurchaseOrder(tx, SYSTEM_ACTOR, { purchaseOrderId: received.id, warehouseId: fx.warehouseIds[0], receiptDate: "2026-02-05",
      lines: [{ purchaseOrderLineId: received.lines[0]!.id, itemId: fx.itemIds[1]!, qty: "60" }] });
    const lineId = received.lines[0]!.id;
    const held = await invoiceFor(tx, fx, lineId, "PM-HELD", 300);
    const inRun = await invoiceFor(tx, fx, lineId, "PM-RUN", 250);
    const run = await proposePaymentRun(tx, SYSTEM_ACTOR, { entityId: fx.entityId, paymentDate: "2026-03-20", dueThrough: "2026-03-31" });
    const submitted = await submitPaymentRun(tx, SYSTEM_ACTOR, { runId: run.id });
    await decideApprovalStep(tx, actors.controller, { requestId: submitted.approvalRequestId!, decision: "approve" });
    const [approvedRun] = await tx.select().from(paymentRun).where(eq(paymentRun.id, run.id));
    assert.equal(approvedRun!.status, "approved");
    const free = await invoiceFor(tx, fx, lineId, "PM-FREE", 250);
    const paidOnce = await invoiceFor(tx, fx, lineId, "PM-PAID", 250);
    const payment = await paySupplierInvoice(tx, SYSTEM_ACTOR, { invoiceId: paidOnce.id, paymentDate: "2026-02-20", amountMinor: 500 });
    const charge = await addLandedCost(tx, SYSTEM_ACTOR, { receiptId: receipt.id, kind: "freight", method: "value", currency: "USD", amountMinor: 300, source: "estimate" });
    const agreement = await createRebateAgreement(tx, SYSTEM_ACTOR, { entityId: fx.entityId, supplierId: fx.suppliers.usd, name: "Q1", periodStart: "2026-01-01",
      periodEnd: "2026-02-28", tiers: [{ fromMinor: 0, ratePpm: 10_000 }] });
    assert.equal(inRun.status, "posted");
    return {
      fx, actors, draftPoId: draft.id, approvedPo: { id: approved.id, lineId: approved.lines[0]!.id }, receivedPo: { id: received.id, lineId, receiptId: receipt.id },
      heldInvoiceId: held.id, freeInvoiceId: free.id, approvedRunId: run.id, paymentId: payment.id, chargeId: charge.id, agreementId: agreement.id,
    };
  });
}

type Row = PermissionCase<PurchasingMatrixFixture>;
const line = (f: PurchasingMatrixFixture, qty: string) => [{ itemId: f.fx.itemIds[1]!, warehouseId: f.fx.warehouseIds[0], uom: "EA", qty }];

const orderRows: Row[] = [
  { name: "upsertSupplierItem", permission: "purchasing:write",
    run: (tx, actor, f) => upsertSupplierItem(tx, actor, { supplierId: f.fx.suppliers.usd, itemId: f.fx.itemIds[3]!, uom: "EA", unitPriceMinor: 99 }) },
  { name: "listSupplierItems", permission: "purchasing:read", run: (tx, actor, f) => listSupplierItems(tx, actor, { supplierId: f.fx.suppliers.usd }) },
  { name: "createPurchaseOrder", permission: "purchasing:write",
    run: (tx, actor, f) => createPurchaseOrder(tx, actor, { entityId: f.fx.entityId, supplierId: f.fx.suppliers.usd, orderDate: "2026-02-02", lines: line(f, "3") }) },
  { name: "submitPurchaseOrder", permission: "purchasing:write", run: (tx, actor, f) => submitPurchaseOrder(tx, actor, { purchaseOrderId: f.draftPoId }) },
  { name: "confirmPurchaseOrderLine", permission: "purchasing:write",
    run: (tx, actor, f) => confirmPurchaseOrderLine(tx, actor, { purchaseOrderLineId: f.approvedPo.lineId, confirmedDate: "2026-02-25" }) },
  { name: "cancelPurchaseOrderLine", permission: "purchasing:write",
    run: (tx, actor, f) => cancelPurchaseOrderLine(tx, actor, { purchaseOrderLineId: f.approvedPo.lineId, baseQty: "5", reason: "permission test" }) },
  { name: "cancelPurchaseOrder", permission: "purchasing:write", run: (tx, actor, f) => cancelPurchaseOrder(tx, actor, { purchaseOrderId: f.approvedPo.id, reason: "permission test" }) },
  { name: "getPurchaseOrderOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getPurchaseOrderOrThrow(tx, actor, f.approvedPo.id) },
  { name: "listPurchaseOrders", permission: "purchasing:read", run: (tx, actor, f) => listPurchaseOrders(tx, actor, { entityId: f.fx.entityId }) },
  { name: "receivePurchaseOrder", permission: "inventory:write",
    run: (tx, actor, f) => receivePurchaseOrder(tx, actor, { purchaseOrderId: f.approvedPo.id, warehouseId: f.fx.warehouseIds[0], receiptDate: "2026-02-06",
      lines: [{ purchaseOrderLineId: f.approvedPo.lineId, itemId: f.fx.itemIds[1]!, qty: "4" }] }) },
  { name: "getPurchaseReceiptOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getPurchaseReceiptOrThrow(tx, actor, f.receivedPo.receiptId) },
  { name: "addLandedCost", permission: "purchasing:write",
    run: (tx, actor, f) => addLandedCost(tx, actor, { receiptId: f.receivedPo.receiptId, kind: "duty", method: "quantity", currency: "USD", amountMinor: 120, source: "estimate" }) },
  { name: "getLandedCostChargeOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getLandedCostChargeOrThrow(tx, actor, f.chargeId) },
];

const payableRows: Row[] = [
  { name: "enterSupplierInvoice", permission: "payables:write",
    run: (tx, actor, f) => enterSupplierInvoice(tx, actor, { entityId: f.fx.entityId, supplierId: f.fx.suppliers.usd, supplierInvoiceRef: "PM-NEW", invoiceDate: "2026-02-11",
      currency: "USD", lines: [{ purchaseOrderLineId: f.receivedPo.lineId, baseQty: "5", unitPriceMinor: 250 }] }) },
  { name: "resolveMatchException", permission: "payables:write",
    run: (tx, actor, f) => resolveMatchException(tx, actor, { invoiceId: f.heldInvoiceId, decision: "reject", reason: "permission test" }) },
  { name: "getSupplierInvoiceOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getSupplierInvoiceOrThrow(tx, actor, f.freeInvoiceId) },
  { name: "listSupplierInvoices", permission: "purchasing:read", run: (tx, actor, f) => listSupplierInvoices(tx, actor, { entityId: f.fx.entityId, statuses: ["match_exception"] }) },
  { name: "proposePaymentRun", permission: "payables:write",
    run: (tx, actor, f) => proposePaymentRun(tx, actor, { entityId: f.fx.entityId, paymentDate: "2026-03-21", dueThrough: "2026-03-31" }) },
  { name: "submitPaymentRun", permission: "payables:write",
    prepare: (tx, f) => proposePaymentRun(tx, SYSTEM_ACTOR, { entityId: f.fx.entityId, paymentDate: "2026-03-21", dueThrough: "2026-03-31" }),
    run: (tx, actor, _f, prepared) => submitPaymentRun(tx, actor, { runId: (prepared as { id: number }).id }) },
  { name: "executePaymentRun", permission: "payables:write", run: (tx, actor, f) => executePaymentRun(tx, actor, { runId: f.approvedRunId }) },
  { name: "cancelPaymentRun", permission: "payables:write", run: (tx, actor, f) => cancelPaymentRun(tx, actor, { runId: f.approvedRunId, reason: "permission test" }) },
  { name: "paySupplierInvoice", permission: "payables:write",
    run: (tx, actor, f) => paySupplierInvoice(tx, actor, { invoiceId: f.freeInvoiceId, paymentDate: "2026-02-21", amountMinor: 100 }) },
  { name: "getPaymentRunOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getPaymentRunOrThrow(tx, actor, f.approvedRunId) },
  { name: "getSupplierPaymentOrThrow", permission: "purchasing:read", run: (tx, actor, f) => getSupplierPaymentOrThrow(tx, actor, f.paymentId) },
  { name: "apAging", permission: "purchasing:read", run: (tx, actor, f) => apAging(tx, actor, { entityId: f.fx.entityId, asOf: "2026-03-31" }) },
  { name: "createRebateAgreement", permission: "purchasing:write",
    run: (tx, actor, f) => createRebateAgreement(tx, actor, { entityId: f.fx.entityId, supplierId: f.fx.suppliers.usd, name: "Q2", periodStart: "2026-04-01",
      periodEnd: "2026-06-30", tiers: [{ fromMinor: 0, ratePpm: 5_000 }] }) },
  { name: "accrueSupplierRebates", permission: "payables:write", run: (tx, actor, f) => accrueSupplierRebates(tx, actor, { receiptId: f.receivedPo.receiptId }) },
  { name: "settleRebateAgreement", permission: "payables:write",
    run: (tx, actor, f) => settleRebateAgreement(tx, actor, { agreementId: f.agreementId, settlementDate: "2026-03-05" }) },
];

export const PURCHASING_MATRIX: readonly Row[] = [...orderRows, ...payableRows];
