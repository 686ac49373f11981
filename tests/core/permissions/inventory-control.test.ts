// Proves who may run inventory control (plan replenishment and decide its proposals, move stock
// between warehouses through transfer orders, count stock and post reviewed counts, request
// approval-routed adjustments): for each command and each of the seven roles, in a rolled-back
// transaction, an allowed role succeeds and every other role gets AUTH_FORBIDDEN 403 with no
// table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { buildInventoryControlFixture, type InventoryControlFixture } from "./inventory-control-fixture";
import { INVENTORY_CONTROL_MATRIX } from "./inventory-control-matrix";
import { runMatrix } from "./matrix";

const { db } = await useTestDatabase();
let fixture: InventoryControlFixture;

before(async () => {
  fixture = await buildInventoryControlFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], INVENTORY_CONTROL_MATRIX);
