// Proves replenishment planning end to end on real stock history: proposals change correctly
// with lead time, service level and open supply (same demand, longer lead time -> higher reorder
// point and a proposal; higher service level -> more safety stock; an open purchase order lifting
// the position removes the proposal), each proposal carries its figures and a sentence, a
// transfer is proposed from the replenish-from warehouse, the demand source is pluggable, and an
// accepted proposal becomes exactly one purchase order (never two, also when accepted again).
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { purchaseOrder, purchaseOrderLine, replenishmentProposal, transferOrder, transferOrderLine } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { installDefaultPolicies } from "../../../core/governance/approvals";
import { issueStock, receiveStock } from "../../../core/inventory";
import { createMaster } from "../../../core/masters";
import { createPurchaseOrder, receivePurchaseOrder, submitPurchaseOrder, upsertSupplierItem } from "../../../core/purchasing";
import {
  acceptProposals, addDays, getProposalOrThrow, listProposals, PlanningError, rejectProposals, runReplenishmentPlanning, setItemWarehousePlan,
  type DemandSource, type PlanningRunResult, type ReplenishmentProposalRow,
} from "../../../core/purchasing/planning";
import { replenishmentRunJob } from "../../../jobs/definitions/replenishment-run";
import { createConsoleLogger } from "../../../jobs/log";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db, { code: "PL", items: 5 });
const [wa, wb] = fx.warehouseIds;
const [i1, i2, i3, i4, i5] = fx.itemIds as [number, number, number, number, number];
const AS_OF = "2026-04-30";
const HISTORY_START = addDays(AS_OF, -89);

async function makeUser(username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "planning-test-password", roles }));
  return { userId: created.id, username: created.username, roles: created.roles };
}

// A planner alone: accepting a buy proposal creates the draft purchase order (planners may
// create orders only from buy proposals; the order still goes through approval).
const planner = await makeUser("pia.planner", ["planner"]);
const buyer = await makeUser("bo.buyer", ["buyer"]);
const salesUser = await makeUser("sal.sales", ["sales"]);

const supplierId = await inTransaction(db, async (tx) => {
  await tx.execute(sql`insert into payment_term (code, name, due_days) values ('NET30', 'Net 30 days', 30) on conflict do nothing`);
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
  const vendor = await createMaster(tx, SYSTEM_ACTOR, "supplier", {
    entityId: fx.entityId, code: "PL-SUP", name: "Plan Supplies", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 10,
  });
  await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: vendor.id, itemId: i1, uom: "EA", unitPriceMinor: 500, orderMultiple: "12", preferred: true });
  await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: vendor.id, itemId: i2, uom: "EA", unitPriceMinor: 300 });
  await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: vendor.id, itemId: i4, uom: "EA", unitPriceMinor: 100, orderMultiple: "20", minOrderQty: "10" });
  await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: vendor.id, itemId: i5, uom: "EA", unitPriceMinor: 1000 });
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: "2026-01-05", kind: "receipt", lines: [
    { itemId: i1, qty: "200", unitCostMinor: 500n }, { itemId: i2, qty: "100", unitCostMinor: 300n }, { itemId: i3, qty: "90", unitCostMinor: 200n },
    { itemId: i4, qty: "5", unitCostMinor: 100n },
  ] });
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wb, documentDate: "2026-01-05", kind: "receipt", lines: [{ itemId: i3, qty: "100", unitCostMinor: 200n }] });
  await setItemWarehousePlan(tx, SYSTEM_ACTOR, { itemId: i3, warehouseId: wa, replenishFromWarehouseId: wb });
  await setItemWarehousePlan(tx, SYSTEM_ACTOR, { itemId: i4, warehouseId: wa, method: "min_max", minQty: "10", maxQty: "50" });
  return vendor.id;
});

// 90 days of shipments from A: item 1 alternates 3 and 1 (mean 2/day), items 2 and 3 ship 1 a day.
await inTransaction(db, async (tx) => {
  for (let day = 0; day < 90; day++) {
    await issueStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: addDays(HISTORY_START, day), lines: [
      { itemId: i1, qty: day % 2 === 0 ? "3" : "1" }, { itemId: i2, qty: "1" }, { itemId: i3, qty: "1" },
    ] });
  }
});

const run = (actor: Actor = planner, extra: { demandSource?: DemandSource; itemIds?: number[] } = {}) =>
  inTransaction(db, (tx) => runReplenishmentPlanning(tx, actor, { entityId: fx.entityId, asOf: AS_OF, ...extra }));

const proposalFor = (result: PlanningRunResult, itemId: number, kind: "buy" | "transfer" = "buy"): ReplenishmentProposalRow | undefined =>
  result.proposals.find((p) => p.itemId === itemId && p.warehouseId === wa && p.kind === kind);

type Reason = {
  rule: string; sentence: string; z: number; serviceLevel: number; safetyStock: number; safetyStockQty: string; reorderPoint: number; reorderPointQty: string;
  eoqQty: string; exceedsMax?: boolean; demandSource: string; historyDays?: number;
  demand: { meanPerDay: number; sdPerDay: number }; leadTime: { meanDays: number; sdDays: number; source: string; observations: number };
  position: Record<string, string>; supplier?: { supplierId: number; orderMultiple: string };
};
const reasonOf = (proposal: ReplenishmentProposalRow | undefined) => {
  assert.ok(proposal, "a proposal was made");
  return proposal.reason as Reason;
};

/** A forecast stand-in: item 1 at A sells 10 a day, so it always needs ordering. */
const busyItem1: DemandSource = {
  name: "busy-item-1",
  demandFor: async (_tx, query) => (query.warehouseIds.includes(wa) ? [{ itemId: i1, warehouseId: wa, meanPerDay: 10, sdPerDay: 2 }] : []),
};

const setLeadTime = (leadTimeDays: number) => inTransaction(db, (tx) =>
  upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId, itemId: i1, uom: "EA", unitPriceMinor: 500, orderMultiple: "12", preferred: true, leadTimeDays }));

test("a run proposes buys with every figure behind them, a transfer from the replenish-from warehouse, and min/max orders", async () => {
  const result = await run();
  const buy = proposalFor(result, i1);
  const reason = reasonOf(buy);
  // Demand 2/day (sd sqrt(90/89)) over a 10-day supplier lead time at 95%: SS 5.23, ROP 25.23 -> 26; position 20.
  assert.equal(reason.rule, "reorder_point");
  assert.equal(reason.demandSource, "history");
  assert.equal(reason.historyDays, 90);
  assert.equal(reason.demand.meanPerDay, 2);
  assert.equal(reason.demand.sdPerDay, 1.0056);
  assert.deepEqual(reason.leadTime, { meanDays: 10, sdDays: 0, source: "supplier", observations: 0 });
  assert.equal(reason.serviceLevel, 0.95);
  assert.equal(reason.z, 1.6449);
  assert.equal(reason.safetyStock, 5.2306);
  assert.equal(reason.reorderPointQty, "26");
  assert.equal(reason.position.total, "20");
  assert.equal(reason.position.onHand, "20");
  // EOQ sqrt(2 * 730 * 50.00 / (25% of 5.00)) = 241.66 -> 242, rounded up to the supplier's multiple of 12.
  assert.equal(reason.eoqQty, "242");
  assert.equal(buy!.baseQty, "252.0000");
  assert.equal(buy!.supplierId, supplierId);
  assert.equal(buy!.needByDate, addDays(AS_OF, 10));
  assert.match(reason.sentence, /^Buy 252 of PL-SKU-1 for PL-A from PL-SUP: position 20 .* is at or below the reorder point 26 .*order the EOQ 242, rounded up/);

  assert.equal(proposalFor(result, i2)?.baseQty, "221.0000", "item 2: 1/day, no variability, EOQ 221");
  const transfer = proposalFor(result, i3, "transfer");
  assert.equal(transfer?.fromWarehouseId, wb);
  assert.equal(transfer?.baseQty, "100.0000", "B gives all 100 it holds above its reorder point of 0");
  assert.match(reasonOf(transfer).sentence, /^Transfer 100 of PL-SKU-3 from PL-B to PL-A/);
  assert.deepEqual(result.skipped.map((s) => [s.itemId, s.warehouseId]), [[i3, wa]], "the rest of item 3 has no supplier to buy from");
  assert.match(result.skipped[0]!.reason, /no active supplier item for PL-SKU-3 to buy the remaining 171/);

  const minMax = proposalFor(result, i4);
  assert.equal(reasonOf(minMax).rule, "min_max");
  assert.equal(minMax?.baseQty, "60.0000", "up to max 50 from 5 is 45, rounded to the multiple of 20");
  assert.equal(reasonOf(minMax).exceedsMax, true);
  assert.equal(proposalFor(result, i5), undefined, "no plan, no demand, no proposal");
  assert.equal(result.run.proposalCount, result.proposals.length);
});

test("the nightly job plans every active entity from shipment history", async () => {
  const log = createConsoleLogger({ prefix: "[planning-test]", minLevel: "warn" });
  const output = await replenishmentRunJob.run({ db, log }, { asOf: AS_OF }) as { entities: { entity: string; runId: number; proposals: number }[]; failed: unknown[] };
  assert.deepEqual(output.failed, []);
  const mine = output.entities.find((e) => e.entity === "PL");
  assert.equal(mine?.proposals, 4, "the same four proposals as the run above: items 1, 2 and 4 bought, item 3 transferred");
  const [runRow] = await db.execute<{ demand_source: string; run_date: string }>(sql`select demand_source, run_date::text from replenishment_run where id = ${mine.runId}`);
  assert.deepEqual([runRow?.demand_source, runRow?.run_date], ["history", AS_OF]);
});

test("the same demand with a longer lead time raises the reorder point and brings a proposal", async () => {
  await setLeadTime(5);
  const short = await run(planner, { itemIds: [i1] });
  assert.equal(proposalFor(short, i1), undefined, "at 5 days the reorder point (14) is below the position (20)");
  await setLeadTime(12);
  const long = await run(planner, { itemIds: [i1] });
  const reason = reasonOf(proposalFor(long, i1));
  assert.equal(reason.leadTime.meanDays, 12);
  assert.equal(reason.leadTime.source, "supplier_item");
  assert.ok(reason.reorderPoint > 24, `demand over 12 days plus safety stock: ${reason.reorderPoint}`);
  assert.equal(reason.reorderPointQty, "30");
  await setLeadTime(10);
});

test("a higher service level holds more safety stock with the same demand and lead time", async () => {
  const at95 = reasonOf(proposalFor(await run(planner, { itemIds: [i1] }), i1));
  await inTransaction(db, (tx) => setItemWarehousePlan(tx, planner, { itemId: i1, warehouseId: wa, serviceLevelPpm: 990_000 }));
  const at99 = reasonOf(proposalFor(await run(planner, { itemIds: [i1] }), i1));
  assert.equal(at99.z, 2.3263);
  assert.ok(at99.safetyStock > at95.safetyStock, `${at99.safetyStock} > ${at95.safetyStock}`);
  assert.equal(at99.safetyStock, 7.3978);
  assert.equal(at99.reorderPointQty, "28");
  assert.equal(at95.reorderPointQty, "26");
});

test("a new run supersedes the undecided proposals of the previous one", async () => {
  const first = await run();
  const second = await run();
  const states = await db.select({ id: replenishmentProposal.id, status: replenishmentProposal.status, note: replenishmentProposal.decisionNote })
    .from(replenishmentProposal).where(eq(replenishmentProposal.runId, first.run.id));
  assert.ok(states.length > 0);
  for (const s of states) {
    assert.equal(s.status, "superseded");
    assert.equal(s.note, `superseded by run ${second.run.id}`);
  }
  assert.ok(second.supersededCount >= states.length);
});

test("an approved purchase order lifts the position and removes the proposal", async () => {
  assert.ok(proposalFor(await run(planner, { itemIds: [i1] }), i1), "proposed before the order");
  const order = await inTransaction(db, async (tx) => {
    const created = await createPurchaseOrder(tx, buyer, { entityId: fx.entityId, supplierId, orderDate: AS_OF, lines: [{ itemId: i1, warehouseId: wa, uom: "EA", qty: "12" }] });
    return submitPurchaseOrder(tx, buyer, { purchaseOrderId: created.id });
  });
  assert.equal(order.status, "approved", "under 2,500 the default policy approves at once");
  const after = await run(planner, { itemIds: [i1] });
  assert.equal(proposalFor(after, i1), undefined, "position 20 + 12 on order = 32 is above the reorder point 28 at 99%");
});

test("lead-time actuals from receipts replace the supplier's stated lead time", async () => {
  const [line] = await db.select().from(purchaseOrderLine).innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
    .where(and(eq(purchaseOrderLine.itemId, i1), eq(purchaseOrder.status, "approved")));
  await inTransaction(db, (tx) => receivePurchaseOrder(tx, SYSTEM_ACTOR, {
    purchaseOrderId: line!.purchase_order.id, warehouseId: wa, receiptDate: addDays(AS_OF, 6),
    lines: [{ purchaseOrderLineId: line!.purchase_order_line.id, itemId: i1, qty: "12" }],
  }));
  const later = await inTransaction(db, (tx) => runReplenishmentPlanning(tx, planner, { entityId: fx.entityId, asOf: addDays(AS_OF, 7), itemIds: [i1], demandSource: busyItem1 }));
  const reason = reasonOf(later.proposals.find((p) => p.itemId === i1));
  assert.deepEqual(reason.leadTime, { meanDays: 6, sdDays: 0, source: "receipts", observations: 1 });
});

test("an accepted proposal becomes exactly one purchase order, one per supplier, and is never ordered twice", async () => {
  const result = await run(planner, { itemIds: [i2, i4] });
  const p2 = proposalFor(result, i2)!;
  const p4 = proposalFor(result, i4)!;
  const ordersBefore = await db.$count(purchaseOrder);
  const accepted = await inTransaction(db, (tx) => acceptProposals(tx, planner, {
    proposalIds: [p2.id, p4.id], edits: { [p2.id]: { baseQty: "230" } }, orderDate: AS_OF, idempotencyKey: "accept-1",
  }));
  assert.equal(await db.$count(purchaseOrder), ordersBefore + 1, "one purchase order for the supplier");
  assert.equal(accepted.purchaseOrders.length, 1);
  const po = accepted.purchaseOrders[0]!;
  assert.equal(po.supplierId, supplierId);
  assert.equal(po.status, "draft");
  assert.equal(po.sourceProposalId, p2.id);
  assert.deepEqual(po.lines.map((l) => [l.itemId, l.warehouseId, l.uom, l.baseQtyOrdered]), [[i2, wa, "EA", "230.0000"], [i4, wa, "EA", "60.0000"]]);
  assert.deepEqual(accepted.proposals.map((p) => [p.id, p.status, p.purchaseOrderId, p.baseQty]),
    [[p2.id, "accepted", po.id, "230.0000"], [p4.id, "accepted", po.id, "60.0000"]]);
  assert.match(accepted.proposals[0]!.decisionNote ?? "", /edited: qty 221.0000 -> 230/);

  const replay = await inTransaction(db, (tx) => acceptProposals(tx, planner, { proposalIds: [p2.id, p4.id], idempotencyKey: "accept-1" }));
  assert.equal(replay.replayed, true);
  assert.deepEqual(replay.purchaseOrders.map((o) => o.id), [po.id]);
  await rejectsWithCode(() => inTransaction(db, (tx) => acceptProposals(tx, planner, { proposalIds: [p2.id] })), PlanningError.PROPOSAL_NOT_OPEN);
  await rejectsWithCode(() => inTransaction(db, (tx) => acceptProposals(tx, planner, { proposalIds: [p4.id], idempotencyKey: "accept-2" })), PlanningError.PROPOSAL_NOT_OPEN);
  assert.equal(await db.$count(purchaseOrder), ordersBefore + 1, "still exactly one purchase order");

  const next = await run(planner, { itemIds: [i2, i4] });
  assert.equal(proposalFor(next, i2), undefined, "the draft order from the accepted proposal counts as open supply");
  assert.equal(proposalFor(next, i4), undefined);
});

test("an accepted transfer proposal becomes a draft transfer order from the source warehouse", async () => {
  const transfer = proposalFor(await run(planner, { itemIds: [i3] }), i3, "transfer")!;
  const accepted = await inTransaction(db, (tx) => acceptProposals(tx, planner, { proposalIds: [transfer.id] }));
  assert.equal(accepted.purchaseOrders.length, 0);
  assert.equal(accepted.transferOrders.length, 1);
  const order = accepted.transferOrders[0]!;
  assert.deepEqual([order.status, order.fromWarehouseId, order.toWarehouseId], ["draft", wb, wa]);
  assert.deepEqual(order.lines.map((l) => [l.itemId, l.baseQty]), [[i3, "100.0000"]]);
  assert.equal(accepted.proposals[0]!.transferOrderId, order.id);
  const [stored] = await db.select().from(transferOrderLine).innerJoin(transferOrder, eq(transferOrder.id, transferOrderLine.transferOrderId))
    .where(eq(transferOrder.id, order.id));
  assert.equal(stored?.transfer_order_line.baseQty, "100.0000");
  const next = await run(planner, { itemIds: [i3] });
  assert.equal(proposalFor(next, i3, "transfer"), undefined, "B's stock is promised to the draft transfer; A counts it inbound");
});

test("a rejected proposal keeps the planner's note and cannot be decided again", async () => {
  const proposal = proposalFor(await run(planner, { itemIds: [i1], demandSource: busyItem1 }), i1);
  assert.ok(proposal, "a proposal to reject");
  const [rejected] = await inTransaction(db, (tx) => rejectProposals(tx, planner, { proposalIds: [proposal.id], note: "supplier on holiday" }));
  assert.deepEqual([rejected!.status, rejected!.decisionNote, rejected!.decidedByUserId], ["rejected", "supplier on holiday", planner.userId]);
  await rejectsWithCode(() => inTransaction(db, (tx) => rejectProposals(tx, planner, { proposalIds: [proposal.id], note: "again" })), PlanningError.PROPOSAL_NOT_OPEN);
  const detail = await inTransaction(db, (tx) => getProposalOrThrow(tx, planner, proposal.id));
  assert.equal(detail.status, "rejected");
  assert.match(detail.sentence, /^Buy /);
});

test("a forecast can replace the history: the run records its source and uses its demand", async () => {
  const forecast: DemandSource = {
    name: "forecast-test-v1",
    demandFor: async (_tx, query) => query.warehouseIds.includes(wa) ? [{ itemId: i5, warehouseId: wa, meanPerDay: 4, sdPerDay: 0 }] : [],
  };
  const result = await run(planner, { demandSource: forecast, itemIds: [i5] });
  assert.equal(result.run.demandSource, "forecast-test-v1");
  const reason = reasonOf(proposalFor(result, i5));
  assert.equal(reason.demandSource, "forecast-test-v1");
  assert.equal(reason.demand.meanPerDay, 4);
  assert.equal(reason.reorderPointQty, "40", "4/day over the supplier's 10 days, no variability");
});

test("an edit can move a proposal to another supplier, who is ordered from in their own unit", async () => {
  const caseSupplierId = await inTransaction(db, async (tx) => {
    await tx.execute(sql`insert into unit_of_measure (code, name) values ('CS', 'Case') on conflict do nothing`);
    await createMaster(tx, SYSTEM_ACTOR, "itemUomConversion", { itemId: i5, uom: "CS", baseQtyPerUnit: "12" });
    const other = await createMaster(tx, SYSTEM_ACTOR, "supplier", {
      entityId: fx.entityId, code: "PL-CASE", name: "Case Supplies", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 4,
    });
    await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: other.id, itemId: i5, uom: "CS", unitPriceMinor: 11_000 });
    return other.id;
  });
  const forecast: DemandSource = { name: "forecast-test-v1", demandFor: async () => [{ itemId: i5, warehouseId: wa, meanPerDay: 4, sdPerDay: 0 }] };
  const proposal = proposalFor(await run(planner, { demandSource: forecast, itemIds: [i5] }), i5)!;
  assert.equal(proposal.supplierId, supplierId, "the first active supplier item is proposed when none is preferred");
  await rejectsWithCode(() => inTransaction(db, (tx) => acceptProposals(tx, planner, { proposalIds: [proposal.id], edits: { [proposal.id]: { supplierId: 999_999 } } })),
    PlanningError.SUPPLIER_INVALID);
  const accepted = await inTransaction(db, (tx) => acceptProposals(tx, planner, {
    proposalIds: [proposal.id], edits: { [proposal.id]: { supplierId: caseSupplierId, baseQty: "240" } }, orderDate: AS_OF,
  }));
  const po = accepted.purchaseOrders[0]!;
  assert.equal(po.supplierId, caseSupplierId);
  assert.deepEqual(po.lines.map((l) => [l.uom, l.qty, l.baseQtyOrdered, l.unitPriceMinor]), [["CS", "20.0000", "240.0000", 11_000n]]);
  assert.equal(accepted.proposals[0]!.supplierId, caseSupplierId);
});

test("planner queries search proposals by SKU; roles without planning:write cannot run or decide", async () => {
  const result = await run(planner, { demandSource: busyItem1 });
  assert.ok(result.proposals.length >= 1);
  const page = await inTransaction(db, (tx) => listProposals(tx, planner, { entityId: fx.entityId, runId: result.run.id, search: "SKU-1" }));
  assert.deepEqual(page.rows.map((r) => [r.sku, r.warehouseCode, r.supplierCode, r.status]), [["PL-SKU-1", "PL-A", "PL-SUP", "proposed"]]);
  assert.equal(page.total, 1);
  await rejectsWithCode(() => run(salesUser), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => acceptProposals(tx, buyer, { proposalIds: [page.rows[0]!.id] })), "AUTH_FORBIDDEN");
});
