// Proves credit control on real rows: exposure is open AR (invoices less credit memos, at their
// rates) plus open order value; an order over the limit, or for a customer with an invoice
// overdue past terms, goes to credit_hold, allocates nothing and raises ONE credit_release
// request; approval releases and allocates it, rejection cancels it with the reason; a small
// release for a gold customer is auto-approved. Holds and releases post no journal entries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { approvalRequest, auditLog } from "../../../core/governance/schema";
import { creditExposure, enterSalesOrder, getSalesOrderOrThrow, listCreditHolds } from "../../../core/sales";
import { salesInvoice } from "../../../core/sales/schema";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { balanceOf, createCustomer, createSalesFixture, lineAllocationsOf, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "CR" });
const [itemA] = fx.itemIds as [number];
const [whA] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "50");

async function invoice(tx: Tx, customerId: number, number: string, totalMinor: bigint, appliedMinor: bigint, dueDate: string, kind: "invoice" | "credit_memo" = "invoice") {
  await tx.insert(salesInvoice).values({ entityId: fx.entityId, invoiceNumber: number, kind, customerId, currency: "USD", exchangeRatePpm: 1_000_000n,
    invoiceDate: "2026-02-01", dueDate, subtotalMinor: totalMinor, taxMinor: 0n, totalMinor, totalBaseMinor: totalMinor, appliedMinor,
    status: appliedMinor === 0n ? "open" : appliedMinor === totalMinor ? "paid" : "partially_paid" });
}

const entries = async (tx: Tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from journal_entry`))[0]!.n;

const orderTen = (tx: Tx, customerId: number) => enterSalesOrder(tx, fx.users.clerk, {
  entityId: fx.entityId, customerId, channel: "edi", orderDate: "2026-04-01", lines: [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "5" }],
});

test("exposure is open AR less open credits plus open orders, in base currency", async () => {
  await withRollback(db, async (tx) => {
    const customerId = await createCustomer(tx, fx, "CR-EXP", "standard", 1_000_000n);
    await invoice(tx, customerId, "INV-1", 30_000n, 10_000n, "2026-05-01");
    await invoice(tx, customerId, "INV-2", 8_000n, 8_000n, "2026-01-01");
    await invoice(tx, customerId, "CM-1", 5_000n, 0n, "2026-05-01", "credit_memo");
    await orderTen(tx, customerId);
    const position = await creditExposure(tx, fx.users.clerk, { entityId: fx.entityId, customerId, date: "2026-04-01" });
    assert.equal(position.openArBaseMinor, 15_000n, "20,000 open on INV-1, less the 5,000 credit; INV-2 is paid");
    assert.equal(position.openOrdersBaseMinor, 5_000n);
    assert.equal(position.exposureBaseMinor, 20_000n);
    assert.equal(position.overdueInvoiceCount, 0, "a paid invoice past due is not overdue");
    assert.equal(position.onHold, false);
  });
});

test("an order over the limit goes to credit hold without allocating; the controller's approval releases and allocates it", async () => {
  await withRollback(db, async (tx) => {
    const customerId = await createCustomer(tx, fx, "CR-LIM", "standard", 3_000n);
    const before = await entries(tx);
    const result = await orderTen(tx, customerId);
    assert.equal(result.order.status, "credit_hold");
    assert.match(result.order.creditHoldReason ?? "", /exceeds the credit limit/);
    assert.deepEqual(result.order.lines.map((l) => [l.status, l.baseQtyAllocated]), [["open", "0.0000"]]);
    assert.deepEqual(result.proposals, [], "a held order proposes nothing: it is not short of stock");
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 50, allocated: 0 });
    assert.ok(result.creditRequestId);
    assert.equal(result.order.creditRequestId, result.creditRequestId);
    const [request] = await tx.select().from(approvalRequest).where(eq(approvalRequest.id, result.creditRequestId!));
    assert.equal(request!.kind, "credit_release");
    assert.equal(request!.status, "pending");
    assert.deepEqual(request!.facts, { amountMinor: "2000", customerTier: "standard", customerId, entityId: fx.entityId });
    const holds = await listCreditHolds(tx, fx.users.clerk, { entityId: fx.entityId });
    assert.deepEqual(holds.map((h) => [h.orderId, h.orderValueMinor, h.requestStatus]), [[result.order.id, 5_000n, "pending"]]);
    await rejectsWithCode(() => decideApprovalStep(tx, fx.users.approver, { requestId: result.creditRequestId!, decision: "approve" }), "GOVERNANCE_NOT_APPROVER");
    await decideApprovalStep(tx, fx.users.controller, { requestId: result.creditRequestId!, decision: "approve", comment: "paid by wire today" });
    const released = await getSalesOrderOrThrow(tx, fx.users.clerk, result.order.id);
    assert.equal(released.status, "released");
    assert.equal(released.creditHoldReason, null);
    assert.deepEqual(released.lines.map((l) => [l.status, l.baseQtyAllocated, l.promisedDate]), [["allocated", "5.0000", "2026-04-01"]]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 50, allocated: 5 });
    assert.equal(await lineAllocationsOf(tx, itemA, whA), 5);
    assert.deepEqual(await listCreditHolds(tx, fx.users.clerk, { entityId: fx.entityId }), []);
    assert.equal(await entries(tx), before, "credit holds and releases post nothing");
  });
});

test("a rejected credit release cancels the order with the reason and allocates nothing", async () => {
  await withRollback(db, async (tx) => {
    const customerId = await createCustomer(tx, fx, "CR-REJ", "standard", 0n);
    const result = await orderTen(tx, customerId);
    assert.equal(result.order.status, "credit_hold");
    await decideApprovalStep(tx, fx.users.controller, { requestId: result.creditRequestId!, decision: "reject", comment: "account in collections" });
    const cancelled = await getSalesOrderOrThrow(tx, fx.users.clerk, result.order.id);
    assert.equal(cancelled.status, "cancelled");
    assert.deepEqual(cancelled.lines.map((l) => [l.status, l.baseQtyCancelled, l.baseQtyAllocated]), [["cancelled", "5.0000", "0.0000"]]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 50, allocated: 0 });
    const audits = await tx.select().from(auditLog).where(eq(auditLog.objectId, String(result.order.id)));
    assert.ok(audits.some((a) => JSON.stringify(a.after).includes("account in collections")), "the reason is on the audit trail");
  });
});

test("an invoice overdue past terms holds the order even within the limit", async () => {
  await withRollback(db, async (tx) => {
    const customerId = await createCustomer(tx, fx, "CR-LATE", "standard", 10_000_000n);
    await invoice(tx, customerId, "INV-LATE", 12_000n, 2_000n, "2026-03-15");
    const result = await orderTen(tx, customerId);
    assert.equal(result.order.status, "credit_hold");
    assert.match(result.order.creditHoldReason ?? "", /1 invoice\(s\) overdue/);
    assert.equal(result.credit?.overdueInvoiceCount, 1);
    assert.equal(result.credit?.overdueBaseMinor, 10_000n);
    assert.equal(result.credit?.overLimitBaseMinor, 0n);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 50, allocated: 0 });
  });
});

test("a small release for a gold customer is auto-approved and the order allocates at once", async () => {
  await withRollback(db, async (tx) => {
    const customerId = await createCustomer(tx, fx, "CR-AUTOGOLD", "gold", 4_500n);
    const result = await orderTen(tx, customerId);
    assert.ok(result.creditRequestId, "the hold was raised and routed");
    const [request] = await tx.select().from(approvalRequest).where(eq(approvalRequest.id, result.creditRequestId!));
    assert.deepEqual([request!.status, request!.autoApproved], ["approved", true]);
    assert.equal(result.order.status, "released");
    assert.deepEqual(result.order.lines.map((l) => [l.status, l.baseQtyAllocated]), [["allocated", "5.0000"]]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 50, allocated: 5 });
  });
});
