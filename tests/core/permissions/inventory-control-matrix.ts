// Matrix rows for replenishment planning, transfer orders, cycle counts and approval-routed stock
// adjustments. Every row is a plain permission: planning:write runs planning, sets plans and
// decides proposals (accepting a buy creates its draft purchase order through
// createPurchaseOrder, which lets planning:write through for buy proposals only, so a planner
// without purchasing:write still succeeds); purchasing:read reads proposals and runs;
// inventory:write moves transfers, counts and requests adjustments; inventory:read reads
// transfers and counts; only inventory.adjustments:approve posts a count held for review. Each
// successful row checks that the command did its work, so a row cannot pass on an empty result.
import assert from "node:assert/strict";
import { ROLE_PERMISSIONS } from "../../../core/governance/permissions";
import { requestStockAdjustment, type StockAdjustmentRequestResult } from "../../../core/inventory";
import {
  acceptProposals, cancelTransferOrder, createCountList, createTransferOrder, ensureTransitWarehouse, getCountOrThrow, getProposalOrThrow,
  getTransferOrderOrThrow, listCounts, listProposals, listReplenishmentRuns, listTransferOrders, postCount, receiveTransferOrder, recordCounts,
  rejectProposals, runReplenishmentPlanning, setItemWarehousePlan, shipTransferOrder, submitCount,
  type AcceptedProposals, type CycleCountSummary, type CycleCountView, type EnsuredTransitWarehouse, type ItemWarehousePlan, type PlanningRunResult,
  type PostedCount, type ProposalListRow, type ProposalRow, type ReceivedTransfer, type ReplenishmentRunSummary, type ShippedTransfer,
  type SubmittedCount, type TransferOrderDetail, type TransferOrderSummary,
} from "../../../core/purchasing";
import { CONTROL_DATE, PLAN_DATE, type InventoryControlFixture } from "./inventory-control-fixture";
import type { PermissionCase } from "./matrix";

type Row = PermissionCase<InventoryControlFixture, any>;

const planningRows: Row[] = [
  { name: "runReplenishmentPlanning", permission: "planning:write",
    // The fixture's run is superseded by this one, which proposes the same buy and transfer.
    check: (result: PlanningRunResult) => assert.deepEqual([result.proposals.map((p) => p.kind).sort(), result.supersededCount], [["buy", "transfer"], 2]),
    run: (tx, actor, f) => runReplenishmentPlanning(tx, actor, { entityId: f.entityId, asOf: PLAN_DATE }) },
  { name: "setItemWarehousePlan", permission: "planning:write",
    check: (result: ItemWarehousePlan) => assert.deepEqual([result.method, result.minQty, result.maxQty], ["min_max", "20.0000", "80.0000"]),
    run: (tx, actor, f) => setItemWarehousePlan(tx, actor, { itemId: f.control.buyItemId, warehouseId: f.control.warehouseA, minQty: "20", maxQty: "80" }) },
  { name: "acceptProposals(buy)", permission: "planning:write",
    check: (result: AcceptedProposals, _role, f) => assert.deepEqual(
      [result.proposals.map((p) => [p.status, p.purchaseOrderId !== null]), result.purchaseOrders.map((o) => [o.status, o.supplierId]), result.transferOrders.length],
      [[["accepted", true]], [["draft", f.masters.supplier]], 0]),
    run: (tx, actor, f) => acceptProposals(tx, actor, { proposalIds: [f.control.buyProposalId], orderDate: PLAN_DATE }) },
  { name: "acceptProposals(transfer)", permission: "planning:write",
    check: (result: AcceptedProposals, _role, f) => assert.deepEqual(
      [result.proposals.map((p) => p.status), result.transferOrders.map((o) => [o.status, o.fromWarehouseId, o.toWarehouseId]), result.purchaseOrders.length],
      [["accepted"], [["draft", f.control.warehouseA, f.control.warehouseB]], 0]),
    run: (tx, actor, f) => acceptProposals(tx, actor, { proposalIds: [f.control.transferProposalId] }) },
  { name: "rejectProposals", permission: "planning:write",
    check: (result: ProposalRow[]) => assert.deepEqual(result.map((p) => [p.status, p.decisionNote]), [["rejected", "stock is enough"], ["rejected", "stock is enough"]]),
    run: (tx, actor, f) => rejectProposals(tx, actor, { proposalIds: [f.control.buyProposalId, f.control.transferProposalId], note: "stock is enough" }) },
  { name: "listProposals", permission: "purchasing:read",
    check: (result: { rows: ProposalListRow[]; total: number }, _role, f) =>
      assert.deepEqual(result.rows.map((r) => r.id).sort((a, b) => a - b), [f.control.buyProposalId, f.control.transferProposalId].sort((a, b) => a - b)),
    run: (tx, actor, f) => listProposals(tx, actor, { entityId: f.entityId }) },
  { name: "getProposalOrThrow", permission: "purchasing:read",
    check: (result: ProposalListRow, _role, f) => assert.deepEqual([result.kind, result.supplierId, result.sentence.length > 0], ["buy", f.masters.supplier, true]),
    run: (tx, actor, f) => getProposalOrThrow(tx, actor, f.control.buyProposalId) },
  { name: "listReplenishmentRuns", permission: "purchasing:read",
    check: (result: ReplenishmentRunSummary[], _role, f) => assert.deepEqual(result.map((r) => [r.id, r.proposalCount]), [[f.control.runId, 2]]),
    run: (tx, actor, f) => listReplenishmentRuns(tx, actor, { entityId: f.entityId }) },
];

const transferRows: Row[] = [
  { name: "createTransferOrder", permission: "inventory:write",
    check: (result: TransferOrderDetail) => assert.deepEqual([result.status, result.lines.map((l) => l.baseQty)], ["draft", ["3.0000"]]),
    run: (tx, actor, f) => createTransferOrder(tx, actor, { entityId: f.entityId, fromWarehouseId: f.control.warehouseA, toWarehouseId: f.control.warehouseB,
      expectedDate: CONTROL_DATE, lines: [{ itemId: f.control.transferItemId, baseQty: "3" }] }) },
  { name: "shipTransferOrder", permission: "inventory:write",
    check: (result: ShippedTransfer, _role, f) => assert.deepEqual([result.transfer.status, result.transitWarehouseId], ["shipped", f.control.transitWarehouseId]),
    run: (tx, actor, f) => shipTransferOrder(tx, actor, { transferOrderId: f.control.draftTransferId, shipDate: CONTROL_DATE }) },
  { name: "receiveTransferOrder", permission: "inventory:write",
    check: (result: ReceivedTransfer) => assert.deepEqual([result.transfer.status, result.transfer.lines.map((l) => l.baseQtyReceived)], ["received", ["4.0000"]]),
    run: (tx, actor, f) => receiveTransferOrder(tx, actor, { transferOrderId: f.control.shippedTransferId, receiptDate: CONTROL_DATE }) },
  { name: "cancelTransferOrder", permission: "inventory:write",
    check: (result: TransferOrderDetail) => assert.equal(result.status, "cancelled"),
    run: (tx, actor, f) => cancelTransferOrder(tx, actor, { transferOrderId: f.control.draftTransferId, reason: "permission test" }) },
  { name: "ensureTransitWarehouse", permission: "inventory:write",
    check: (result: EnsuredTransitWarehouse, _role, f) => assert.deepEqual([result.warehouse.id, result.warehouse.isTransit, result.created], [f.control.transitWarehouseId, true, false]),
    run: (tx, actor, f) => ensureTransitWarehouse(tx, actor, f.entityId) },
  { name: "listTransferOrders", permission: "inventory:read",
    check: (result: { rows: TransferOrderSummary[] }, _role, f) => assert.deepEqual(result.rows.map((r) => [r.id, r.status]),
      [[f.control.shippedTransferId, "shipped"], [f.control.draftTransferId, "draft"]]),
    run: (tx, actor, f) => listTransferOrders(tx, actor, { entityId: f.entityId }) },
  { name: "getTransferOrderOrThrow", permission: "inventory:read",
    check: (result: TransferOrderDetail) => assert.deepEqual([result.status, result.lines.map((l) => l.baseQty)], ["shipped", ["4.0000"]]),
    run: (tx, actor, f) => getTransferOrderOrThrow(tx, actor, f.control.shippedTransferId) },
];

const countRows: Row[] = [
  { name: "createCountList", permission: "inventory:write",
    check: (result: CycleCountView, _role, f) => assert.deepEqual([result.status, result.lines.map((l) => l.itemId)], ["open", [f.control.transferItemId]]),
    run: (tx, actor, f) => createCountList(tx, actor, { entityId: f.entityId, warehouseId: f.control.warehouseA, itemIds: [f.control.transferItemId],
      countDate: CONTROL_DATE, toleranceMinor: 0 }) },
  { name: "recordCounts", permission: "inventory:write",
    check: (result: CycleCountView) => assert.deepEqual(result.lines.map((l) => l.baseQtyCounted), ["97.0000"]),
    run: (tx, actor, f) => recordCounts(tx, actor, { countId: f.control.openCountId, lines: [{ itemId: f.control.plannedTransferItemId, baseQtyCounted: "97" }] }) },
  { name: "submitCount", permission: "inventory:write",
    // One short, within tolerance: the variance posts at once and no exception is raised.
    check: (result: SubmittedCount) => assert.deepEqual([result.count.status, result.exceptionId, result.adjustmentDocumentId !== null], ["posted", null, true]),
    run: (tx, actor, f) => submitCount(tx, actor, { countId: f.control.countedCountId }) },
  { name: "postCount", permission: "inventory.adjustments:approve",
    check: (result: PostedCount) => assert.deepEqual([result.count.status, result.adjustmentDocumentId !== null], ["posted", true]),
    run: (tx, actor, f) => postCount(tx, actor, { countId: f.control.reviewCountId, note: "recounted, the loss is real" }) },
  { name: "listCounts", permission: "inventory:read",
    check: (result: { rows: CycleCountSummary[] }, _role, f) => assert.deepEqual(result.rows.map((r) => [r.id, r.status]),
      [[f.control.reviewCountId, "variance_review"], [f.control.countedCountId, "open"], [f.control.openCountId, "open"]]),
    run: (tx, actor, f) => listCounts(tx, actor, { entityId: f.entityId }) },
  { name: "getCountOrThrow", permission: "inventory:read",
    // An open blind count hides what the system expects from everyone who cannot approve adjustments.
    check: (result: CycleCountView, role) => {
      const approver = ROLE_PERMISSIONS[role].includes("inventory.adjustments:approve");
      assert.deepEqual([result.expectedHidden, result.lines.map((l) => l.baseQtyExpected)], [!approver, [approver ? "100.0000" : null]]);
    },
    run: (tx, actor, f) => getCountOrThrow(tx, actor, f.control.openCountId) },
];

const adjustmentRows: Row[] = [
  { name: "requestStockAdjustment(small)", permission: "inventory:write",
    // 1 unit at 5.00, under the default policy's 500.00: auto-approved and posted.
    check: (result: StockAdjustmentRequestResult) => assert.deepEqual([result.status, result.valueMinor, result.document !== null], ["posted", 500n, true]),
    run: (tx, actor, f) => requestStockAdjustment(tx, actor, { entityId: f.entityId, warehouseId: f.control.warehouseA, documentDate: CONTROL_DATE,
      reason: "damage", lines: [{ itemId: f.control.transferItemId, qtyDelta: "-1" }] }) },
  { name: "requestStockAdjustment(large)", permission: "inventory:write",
    // 100 units at 5.00 = 500.00, not under 500.00: it waits for a controller and moves nothing.
    check: (result: StockAdjustmentRequestResult) => assert.deepEqual([result.status, result.valueMinor, result.document], ["pending_approval", 50_000n, null]),
    run: (tx, actor, f) => requestStockAdjustment(tx, actor, { entityId: f.entityId, warehouseId: f.control.warehouseA, documentDate: CONTROL_DATE,
      reason: "damage", lines: [{ itemId: f.control.plannedTransferItemId, qtyDelta: "-100" }] }) },
];

export const INVENTORY_CONTROL_MATRIX: Row[] = [...planningRows, ...transferRows, ...countRows, ...adjustmentRows];
