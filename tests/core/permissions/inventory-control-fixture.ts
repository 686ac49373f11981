// Replenishment planning, transfer orders, cycle counts and stock adjustment approval on top of
// the shared permission fixture, built with the real commands as the system actor: a preferred
// supplier item and min/max plans that make one planning run propose one buy and one transfer;
// a draft and a shipped transfer order (shipping made the entity's in-transit warehouse); an
// open blind count nobody has counted, an open count fully counted within tolerance, and a
// count in variance review; and the default inventory_adjustment approval policy.
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { createPolicyVersion, DEFAULT_POLICIES } from "../../../core/governance/approvals";
import {
  createCountList, createTransferOrder, recordCounts, runReplenishmentPlanning, setItemWarehousePlan, shipTransferOrder, submitCount, upsertSupplierItem,
} from "../../../core/purchasing";
import { assert } from "../../../core/shared/assert";
import { FIXTURE_YEAR } from "../../support/ledger-fixture";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";

export const PLAN_DATE = `${FIXTURE_YEAR}-04-01`;
export const CONTROL_DATE = `${FIXTURE_YEAR}-04-03`;

export type InventoryControlFixture = PermissionFixture & {
  control: {
    /** Warehouse A holds 100 of countedItemId and of transferItemId (the base fixture's opening stock). */
    warehouseA: number;
    warehouseB: number;
    /** No stock anywhere; min/max 10-50 at A with a preferred supplier item: the run proposes a buy. */
    buyItemId: number;
    /** Min/max 10-50 at B, replenished from A: the run proposes a transfer. */
    plannedTransferItemId: number;
    /** Moved by the transfer orders (A to B). */
    transferItemId: number;
    runId: number;
    buyProposalId: number;
    transferProposalId: number;
    draftTransferId: number;
    /** Shipped with 4 in transit. */
    shippedTransferId: number;
    transitWarehouseId: number;
    /** Blind, open, nothing counted (item plannedTransferItemId at A, 100 expected). */
    openCountId: number;
    /** Open, counted 99 of 100 at a tolerance of 1,000.00: submitting posts the variance. */
    countedCountId: number;
    /** Counted 90 of 100 at a tolerance of zero: waits in variance review with an exception. */
    reviewCountId: number;
  };
};

async function plan(db: Db, base: PermissionFixture) {
  const s = SYSTEM_ACTOR;
  const [warehouseA, warehouseB] = base.ledger.warehouseIds;
  const [plannedTransferItemId, transferItemId, buyItemId] = base.ledger.itemIds as [number, number, number];
  return inTransaction(db, async (tx) => {
    await createPolicyVersion(tx, s, { kind: "inventory_adjustment", name: DEFAULT_POLICIES.inventory_adjustment.name, rules: DEFAULT_POLICIES.inventory_adjustment.rules });
    await upsertSupplierItem(tx, s, { supplierId: base.masters.supplier as number, itemId: buyItemId, uom: "EA", unitPriceMinor: 500, preferred: true });
    await setItemWarehousePlan(tx, s, { itemId: buyItemId, warehouseId: warehouseA, method: "min_max", minQty: "10", maxQty: "50" });
    await setItemWarehousePlan(tx, s, { itemId: plannedTransferItemId, warehouseId: warehouseB, method: "min_max", minQty: "10", maxQty: "50",
      replenishFromWarehouseId: warehouseA });
    const run = await runReplenishmentPlanning(tx, s, { entityId: base.entityId, asOf: PLAN_DATE });
    const buy = run.proposals.find((p) => p.kind === "buy" && p.itemId === buyItemId);
    const transfer = run.proposals.find((p) => p.kind === "transfer" && p.itemId === plannedTransferItemId);
    assert(run.proposals.length === 2 && buy !== undefined && transfer !== undefined,
      `the run proposes one buy and one transfer, got ${JSON.stringify(run.proposals.map((p) => [p.kind, p.itemId]))}`);
    return { warehouseA, warehouseB, buyItemId, plannedTransferItemId, transferItemId, runId: run.run.id, buyProposalId: buy.id, transferProposalId: transfer.id };
  });
}

export async function buildInventoryControlFixture(db: Db): Promise<InventoryControlFixture> {
  const base = await buildPermissionFixture(db);
  const planned = await plan(db, base);
  const s = SYSTEM_ACTOR;
  const { warehouseA, warehouseB, transferItemId, plannedTransferItemId: countItemId } = planned;
  const control = await inTransaction(db, async (tx) => {
    const transfer = (qty: string) => createTransferOrder(tx, s, { entityId: base.entityId, fromWarehouseId: warehouseA, toWarehouseId: warehouseB,
      expectedDate: CONTROL_DATE, lines: [{ itemId: transferItemId, baseQty: qty }] });
    const draft = await transfer("5");
    const toShip = await transfer("4");
    const shipped = await shipTransferOrder(tx, s, { transferOrderId: toShip.id, shipDate: PLAN_DATE });
    const count = (toleranceMinor: number, blind: boolean) => createCountList(tx, s, { entityId: base.entityId, warehouseId: warehouseA, itemIds: [countItemId],
      countDate: CONTROL_DATE, toleranceMinor, blind });
    const open = await count(0, true);
    const counted = await count(100_000, false);
    await recordCounts(tx, s, { countId: counted.id, lines: [{ itemId: countItemId, baseQtyCounted: "99" }] });
    const review = await count(0, false);
    await recordCounts(tx, s, { countId: review.id, lines: [{ itemId: countItemId, baseQtyCounted: "90" }] });
    const submitted = await submitCount(tx, s, { countId: review.id });
    assert(submitted.count.status === "variance_review" && submitted.exceptionId !== null, "the count beyond tolerance waits for review");
    return { draftTransferId: draft.id, shippedTransferId: shipped.transfer.id, transitWarehouseId: shipped.transitWarehouseId,
      openCountId: open.id, countedCountId: counted.id, reviewCountId: review.id };
  });
  return { ...base, control: { ...planned, ...control } };
}
