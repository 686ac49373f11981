// Proves who may post, reverse, manage periods and account rules, move stock and read the
// ledger and stock: for each command and each of the seven roles, in a rolled-back transaction,
// an allowed role succeeds and every other role gets a typed refusal with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";
import { LEDGER_INVENTORY_MATRIX } from "./ledger-inventory-matrix";
import { runMatrix } from "./matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], LEDGER_INVENTORY_MATRIX);
