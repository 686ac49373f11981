// Proves order entry end to end on real PostgreSQL: allocation up to free stock with the rest
// backordered and promised, proposals for unfilled lines (substitutes, other warehouses, supplier
// lead time), duplicate PO warnings, idempotent replays, pricing holds routed as ONE
// pricing_override per order (approved, rejected, auto-approved), substitutes accepted, and
// cancellations that release stock to the backorder queue. Order entry posts no journal entries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { approvalRequest } from "../../../core/governance/schema";
import { supplierItem } from "../../../core/purchasing/schema";
import {
  SalesError, SalesWarning, acceptSubstitute, cancelOrderLine, cancelSalesOrder, enterSalesOrder, getSalesOrderOrThrow, listBackorders, reallocateBackorders,
} from "../../../core/sales";
import { itemSubstitute } from "../../../core/sales/schema";
import { eq } from "drizzle-orm";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { balanceOf, createSalesFixture, lineAllocationsOf, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "OR" });
const [itemA, itemB, itemC] = fx.itemIds as [number, number, number];
const [whA, whB] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "10");
await receive(db, fx, itemA, whB, "7", 650n);
await receive(db, fx, itemB, whA, "50", 700n);
await db.insert(itemSubstitute).values({ itemId: itemA, substituteItemId: itemB, priority: 1 });
await db.insert(supplierItem).values([
  { supplierId: fx.supplierId, itemId: itemA, uom: "EA", unitPriceMinor: 550n, leadTimeDays: 21, preferred: true },
]);

const EXECUTIVE = { userId: null, username: "eve.exec", roles: ["executive" as const] };

async function counts(tx: Tx): Promise<Record<string, string>> {
  const [row] = await tx.execute<Record<string, string>>(sql`select
    (select count(*) from sales_order)::text as orders, (select count(*) from sales_order_line)::text as lines,
    (select count(*) from approval_request)::text as requests, (select coalesce(sum(qty_allocated), 0) from stock_balance)::text as allocated,
    (select count(*) from journal_entry)::text as entries`);
  return { ...row };
}

const order = (tx: Tx, customerId: number, lines: Parameters<typeof enterSalesOrder>[2]["lines"], extra: Partial<Parameters<typeof enterSalesOrder>[2]> = {}) =>
  enterSalesOrder(tx, fx.users.clerk, { entityId: fx.entityId, customerId, channel: "phone", orderDate: "2026-04-01", lines, ...extra });

test("allocates free stock, backorders the rest with a promise date, and proposes substitutes, warehouses and the lead time", async () => {
  await withRollback(db, async (tx) => {
    const entriesBefore = (await counts(tx)).entries;
    const result = await order(tx, fx.customers.silver, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "15" }, { itemId: itemB, uom: "CS", qty: "2" }],
      { customerPoNumber: "PO-1", requestedDate: "2026-04-03" });
    assert.equal(result.order.status, "released");
    assert.equal(result.order.priority, 20, "silver");
    assert.equal(result.order.orderNumber, `SO-OR-${String(result.order.id).padStart(8, "0")}`);
    const [short, cases] = result.order.lines;
    assert.deepEqual([short!.status, short!.baseQtyAllocated, short!.backorderedBaseQty], ["partially_allocated", "10.0000", "5"]);
    assert.equal(short!.unitPriceMinor, 900n, "15 EA reaches the 10-break");
    assert.equal(short!.priceSource, "price_break");
    assert.equal(short!.promisedDate, "2026-04-22", "no scheduled receipt: order date + the preferred supplier's 21 days");
    assert.deepEqual([cases!.status, cases!.warehouseId, cases!.baseQtyOrdered, cases!.promisedDate], ["allocated", whA, "24.0000", "2026-04-03"]);
    assert.equal(cases!.unitPriceMinor, 10_800n);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 10 });
    assert.deepEqual(await balanceOf(tx, itemB, whA), { onHand: 50, allocated: 24 });
    assert.equal(await lineAllocationsOf(tx, itemA, whA), 10);
    assert.equal(result.proposals.length, 1);
    const proposal = result.proposals[0]!;
    assert.equal(proposal.orderLineId, short!.id);
    assert.equal(proposal.backorderedBaseQty, "5");
    assert.deepEqual(proposal.substitutes.map((s) => [s.itemId, s.availableBaseQty, s.uom, s.qty, s.unitPriceMinor]), [[itemB, "5", "EA", "5", 1000n]]);
    assert.equal(proposal.substitutes[0]!.marginImpactBps, 3000 - short!.marginBps, "substitute margin (10.00 vs 7.00) minus the line's");
    assert.deepEqual(proposal.otherWarehouses.map((w) => [w.warehouseId, w.canShipTodayBaseQty, w.unitCostMinor]), [[whB, "5", 650n]]);
    assert.equal(proposal.otherWarehouses[0]!.marginImpactBps, proposal.otherWarehouses[0]!.marginBps - short!.marginBps);
    assert.deepEqual(proposal.supplierLeadTime && [proposal.supplierLeadTime.supplierId, proposal.supplierLeadTime.leadTimeDays, proposal.supplierLeadTime.preferred], [fx.supplierId, 21, true]);
    assert.equal((await counts(tx)).entries, entriesBefore, "order entry posts nothing to the ledger");
  });
});

test("a repeated customer PO number warns but still enters the order", async () => {
  await withRollback(db, async (tx) => {
    const first = await order(tx, fx.customers.standard, [{ itemId: itemC, uom: "EA", qty: "1" }], { customerPoNumber: "PO-77" });
    assert.deepEqual(first.warnings, []);
    const second = await order(tx, fx.customers.standard, [{ itemId: itemC, uom: "EA", qty: "1" }], { customerPoNumber: "PO-77" });
    assert.equal(second.warnings.length, 1);
    assert.equal(second.warnings[0]!.code, SalesWarning.DUPLICATE_PO_NUMBER);
    assert.deepEqual(second.warnings[0]!.details.orderNumbers, [first.order.orderNumber]);
    const otherCustomer = await order(tx, fx.customers.gold, [{ itemId: itemC, uom: "EA", qty: "1" }], { customerPoNumber: "PO-77" });
    assert.deepEqual(otherCustomer.warnings, [], "PO numbers are per customer");
  });
});

test("the same idempotency key returns the first order and creates nothing new", async () => {
  await withRollback(db, async (tx) => {
    const request = { idempotencyKey: "order-key-1" };
    const first = await order(tx, fx.customers.gold, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "3" }], request);
    assert.equal(first.replayed, false);
    const before = await counts(tx);
    const again = await order(tx, fx.customers.gold, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "3" }], request);
    assert.equal(again.replayed, true);
    assert.equal(again.order.id, first.order.id);
    assert.equal(again.order.orderNumber, first.order.orderNumber);
    assert.deepEqual(await counts(tx), before);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 3 });
  });
});

test("a price below the margin floor holds the lines behind ONE pricing_override; approval releases and allocates them", async () => {
  await withRollback(db, async (tx) => {
    const entriesBefore = (await counts(tx)).entries;
    const result = await order(tx, fx.customers.standard, [
      { itemId: itemA, warehouseId: whA, uom: "EA", qty: "4", unitPriceMinor: 650n },
      { itemId: itemB, warehouseId: whA, uom: "EA", qty: "2", unitPriceMinor: 780n },
      { itemId: itemB, warehouseId: whA, uom: "EA", qty: "1" },
    ]);
    const [low, slight, normal] = result.order.lines;
    assert.deepEqual([low!.status, slight!.status, normal!.status], ["pricing_hold", "pricing_hold", "allocated"]);
    assert.equal(low!.priceSource, "manual_override");
    assert.equal(low!.marginBps, 769);
    assert.equal(low!.baseQtyAllocated, "0.0000");
    assert.ok(result.pricingRequestId);
    assert.equal(low!.pricingRequestId, result.pricingRequestId);
    assert.equal(slight!.pricingRequestId, result.pricingRequestId);
    const requests = await tx.select().from(approvalRequest).where(eq(approvalRequest.subjectId, String(result.order.id)));
    assert.equal(requests.length, 1, "one request for the order");
    assert.equal(requests[0]!.kind, "pricing_override");
    assert.equal(requests[0]!.status, "pending");
    assert.deepEqual(requests[0]!.facts, { amountMinor: "5160", marginImpactBps: 1500 - 769, customerTier: "standard", customerId: fx.customers.standard, entityId: fx.entityId });
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 0 });
    await rejectsWithCode(() => decideApprovalStep(tx, fx.users.clerk, { requestId: result.pricingRequestId!, decision: "approve" }), "GOVERNANCE_SOD_SELF_APPROVAL");
    await decideApprovalStep(tx, fx.users.approver, { requestId: result.pricingRequestId!, decision: "approve", comment: "clearance" });
    const after = await getSalesOrderOrThrow(tx, fx.users.clerk, result.order.id);
    assert.deepEqual(after.lines.map((l) => [l.status, l.unitPriceMinor, l.baseQtyAllocated]),
      [["allocated", 650n, "4.0000"], ["allocated", 780n, "2.0000"], ["allocated", 1000n, "1.0000"]]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 4 });
    assert.equal((await counts(tx)).entries, entriesBefore, "pricing approval posts nothing to the ledger");
  });
});

test("a rejected pricing override reprices the held lines at the resolved price and allocates them", async () => {
  await withRollback(db, async (tx) => {
    const result = await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "12", unitPriceMinor: 700n }]);
    await decideApprovalStep(tx, fx.users.approver, { requestId: result.pricingRequestId!, decision: "reject", comment: "too deep" });
    const [line] = (await getSalesOrderOrThrow(tx, fx.users.clerk, result.order.id)).lines;
    assert.deepEqual([line!.status, line!.unitPriceMinor, line!.priceSource, line!.baseQtyAllocated], ["partially_allocated", 900n, "price_break", "10.0000"]);
    assert.equal(line!.marginBps, 3333);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 10 });
  });
});

test("a small concession for a gold customer is auto-approved and allocated at once", async () => {
  await withRollback(db, async (tx) => {
    const result = await order(tx, fx.customers.gold, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "2", unitPriceMinor: 660n }]);
    const [line] = result.order.lines;
    assert.equal(line!.marginBps, 909, "floor 1000 - 909 = 91 bps given away");
    assert.equal(line!.status, "allocated");
    const [request] = await tx.select().from(approvalRequest).where(eq(approvalRequest.id, result.pricingRequestId!));
    assert.equal(request!.status, "approved");
    assert.equal(request!.autoApproved, true);
    assert.ok(request!.appliedAt);
  });
});

test("accepting a substitute replaces the unfilled quantity with an allocated line for the substitute", async () => {
  await withRollback(db, async (tx) => {
    const entriesBefore = (await counts(tx)).entries;
    const result = await order(tx, fx.customers.silver, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "14" }]);
    const original = result.order.lines[0]!;
    assert.equal(original.backorderedBaseQty, "4");
    await rejectsWithCode(() => acceptSubstitute(tx, fx.users.clerk, { orderLineId: original.id, substituteItemId: itemC }), SalesError.SUBSTITUTE_NOT_CONFIGURED);
    const accepted = await acceptSubstitute(tx, fx.users.clerk, { orderLineId: original.id, substituteItemId: itemB });
    const [kept, added] = accepted.order.lines;
    assert.deepEqual([kept!.status, kept!.baseQtyAllocated, kept!.baseQtyCancelled, kept!.backorderedBaseQty], ["allocated", "10.0000", "4.0000", "0"]);
    assert.deepEqual([added!.itemId, added!.substituteForItemId, added!.qty, added!.status, added!.baseQtyAllocated], [itemB, itemA, "4.0000", "allocated", "4.0000"]);
    assert.equal(added!.unitPriceMinor, 1000n);
    assert.equal(accepted.pricingRequestId, null);
    assert.deepEqual(await balanceOf(tx, itemB, whA), { onHand: 50, allocated: 4 });
    await rejectsWithCode(() => acceptSubstitute(tx, fx.users.clerk, { orderLineId: kept!.id, substituteItemId: itemB }), SalesError.NOTHING_TO_SUBSTITUTE);
    assert.equal((await counts(tx)).entries, entriesBefore, "a substitution moves no stock and posts nothing; shipping will");
  });
});

test("cancelling a line gives its stock to the backorder queue; cancelling the order releases the rest", async () => {
  await withRollback(db, async (tx) => {
    const first = await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "8" }, { itemId: itemB, warehouseId: whA, uom: "EA", qty: "5" }]);
    const waiting = await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "6" }], { orderDate: "2026-04-02" });
    assert.equal(waiting.order.lines[0]!.baseQtyAllocated, "2.0000");
    const cancelled = await cancelOrderLine(tx, fx.users.clerk, { orderLineId: first.order.lines[0]!.id, reason: "customer changed mind" });
    assert.deepEqual(cancelled.lines, [{ orderLineId: first.order.lines[0]!.id, cancelledBaseQty: "8", releasedBaseQty: "8" }]);
    assert.equal(cancelled.orderStatus, "released", "the order keeps its other line");
    const filled = await getSalesOrderOrThrow(tx, fx.users.clerk, waiting.order.id);
    assert.equal(filled.lines[0]!.status, "allocated", "the freed stock went to the waiting order");
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 6 });
    const whole = await cancelSalesOrder(tx, fx.users.clerk, { orderId: first.order.id, reason: "duplicate" });
    assert.equal(whole.orderStatus, "cancelled");
    assert.deepEqual(await balanceOf(tx, itemB, whA), { onHand: 50, allocated: 0 });
    await rejectsWithCode(() => cancelSalesOrder(tx, fx.users.clerk, { orderId: first.order.id, reason: "again" }), SalesError.ORDER_NOT_OPEN);
    await rejectsWithCode(() => cancelOrderLine(tx, fx.users.clerk, { orderLineId: first.order.lines[1]!.id, reason: "again" }), SalesError.ORDER_LINE_NOT_OPEN);
    assert.equal(await lineAllocationsOf(tx, itemA, whA), 6);
  });
});

test("the backorder queue lists by priority then order date; receiving staff reallocate, executives cannot enter orders", async () => {
  await withRollback(db, async (tx) => {
    await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "10" }], { orderDate: "2026-04-01" });
    const old = await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "3" }], { orderDate: "2026-04-02" });
    const young = await order(tx, fx.customers.standard, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "3" }], { orderDate: "2026-04-05" });
    const platinum = await order(tx, fx.customers.platinum, [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "3" }], { orderDate: "2026-04-09" });
    const queue = await listBackorders(tx, fx.users.clerk, { entityId: fx.entityId, itemId: itemA });
    assert.deepEqual(queue.map((r) => r.orderId), [platinum.order.id, old.order.id, young.order.id]);
    assert.equal(queue[0]!.backorderedValueMinor, 3000n);
    await tx.execute(sql`update stock_balance set qty_on_hand = qty_on_hand + 4, value_minor = value_minor + 2400 where item_id = ${itemA} and warehouse_id = ${whA}`);
    await rejectsWithCode(() => reallocateBackorders(tx, EXECUTIVE, { itemId: itemA, warehouseId: whA }), "AUTH_FORBIDDEN");
    const result = await reallocateBackorders(tx, fx.users.receiver, { itemId: itemA, warehouseId: whA });
    assert.deepEqual(result.lines.map((l) => [l.orderId, l.allocatedBaseQty]), [[platinum.order.id, "3"], [old.order.id, "1"]]);
    await rejectsWithCode(() => enterSalesOrder(tx, EXECUTIVE, { entityId: fx.entityId, customerId: fx.customers.standard, channel: "api", orderDate: "2026-04-01",
      lines: [{ itemId: itemA, uom: "EA", qty: "1" }] }), "AUTH_FORBIDDEN");
  });
});

test("refuses unknown customers, inactive items, foreign warehouses and malformed lines with typed errors", async () => {
  await withRollback(db, async (tx) => {
    await rejectsWithCode(() => order(tx, 999_999, [{ itemId: itemA, uom: "EA", qty: "1" }]), SalesError.CUSTOMER_NOT_FOUND);
    await rejectsWithCode(() => order(tx, fx.customers.gold, [{ itemId: 999_999, uom: "EA", qty: "1" }]), SalesError.ITEM_NOT_FOUND);
    await tx.execute(sql`update item set active = false where id = ${itemC}`);
    await rejectsWithCode(() => order(tx, fx.customers.gold, [{ itemId: itemC, uom: "EA", qty: "1" }]), SalesError.ITEM_INACTIVE);
    await rejectsWithCode(() => order(tx, fx.customers.gold, [{ itemId: itemA, warehouseId: 999_999, uom: "EA", qty: "1" }]), SalesError.WAREHOUSE_INVALID);
    await rejectsWithCode(() => order(tx, fx.customers.gold, [{ itemId: itemA, uom: "EA", qty: "-1" }]), "VALIDATION_FAILED");
    await rejectsWithCode(() => order(tx, fx.customers.gold, []), "VALIDATION_FAILED");
    assert.equal((await counts(tx)).orders, "0");
  });
});
