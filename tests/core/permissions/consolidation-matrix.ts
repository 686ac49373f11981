// Matrix rows for financial statements, consolidation and intercompany. Reading statements
// and consolidating needs ledger:read; linking an entity's partner needs masters.finance:write;
// requesting an intercompany sale moves stock once approved, so it needs inventory:write (and
// approvals:submit, which every holder of inventory:write has). Each intercompany row prepares a
// second entity and the partner link inside the rolled-back transaction.
import assert from "node:assert/strict";
import type { Tx } from "../../../core/db/client";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { installDefaultPolicies } from "../../../core/governance/approvals";
import { consolidate, financialStatements, intercompanyReconciliation, listIntercompanyPartners, requestIntercompanySale, setIntercompanyPartner, type IntercompanyTrade } from "../../../core/ledger";
import { legalEntity, warehouse } from "../../../core/masters/schema";
import { FIXTURE_YEAR } from "../../support/ledger-fixture";
import type { PermissionFixture } from "./fixture";
import type { PermissionCase } from "./matrix";

type Row = PermissionCase<PermissionFixture, { partnerEntityId: number; partnerWarehouseId: number }>;

async function partnerEntity(tx: Tx, f: PermissionFixture, linked: boolean) {
  const [entity] = await tx.insert(legalEntity).values({ code: "PX", name: "Partner entity", baseCurrency: "USD", timeZone: "America/Chicago" }).returning();
  const [store] = await tx.insert(warehouse).values({ entityId: entity!.id, code: "PX-A", name: "Partner warehouse" }).returning();
  if (linked) {
    await setIntercompanyPartner(tx, SYSTEM_ACTOR, { entityId: f.entityId, partnerEntityId: entity!.id });
    await installDefaultPolicies(tx, SYSTEM_ACTOR);
  }
  return { partnerEntityId: entity!.id, partnerWarehouseId: store!.id };
}

const PERIOD = { from: `${FIXTURE_YEAR}-01-01`, to: `${FIXTURE_YEAR}-12-31` };

export const CONSOLIDATION_MATRIX: Row[] = [
  { name: "financialStatements", permission: "ledger:read",
    run: (tx, actor, f) => financialStatements(tx, actor, { entityId: f.entityId, ...PERIOD }) },
  { name: "consolidate", permission: "ledger:read",
    run: (tx, actor, f) => consolidate(tx, actor, { reportingCurrency: "USD", entityIds: [f.entityId], ...PERIOD }) },
  { name: "intercompanyReconciliation", permission: "ledger:read", run: (tx, actor) => intercompanyReconciliation(tx, actor, { asOf: PERIOD.to }) },
  { name: "listIntercompanyPartners", permission: "ledger:read", run: (tx, actor, f) => listIntercompanyPartners(tx, actor, { entityId: f.entityId }) },
  { name: "setIntercompanyPartner", permission: "masters.finance:write",
    prepare: (tx, f) => partnerEntity(tx, f, false),
    run: (tx, actor, f, p) => setIntercompanyPartner(tx, actor, { entityId: f.entityId, partnerEntityId: p.partnerEntityId }) },
  { name: "requestIntercompanySale", permission: "inventory:write",
    prepare: (tx, f) => partnerEntity(tx, f, true),
    check: (trade: IntercompanyTrade) => assert.equal(trade.status, "pending_approval"),
    run: (tx, actor, f, p) => requestIntercompanySale(tx, actor, {
      sellerEntityId: f.entityId, buyerEntityId: p.partnerEntityId, tradeDate: `${FIXTURE_YEAR}-03-10`,
      fromWarehouseId: f.ledger.warehouseIds[0], toWarehouseId: p.partnerWarehouseId, lines: [{ itemId: f.ledger.itemIds[0]!, qty: "1", unitPriceMinor: 700 }],
    }) },
];
