// Proves who may run the order desk (enter, substitute, cancel and quote; price, promise, read
// orders, backorders and credit; reserve and reallocate stock): for each command and each of the
// seven roles, in a rolled-back transaction, an allowed role succeeds and every other role gets
// AUTH_FORBIDDEN 403 with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { runMatrix } from "./matrix";
import { buildSalesPermissionFixture, type SalesPermissionFixture } from "./sales-fixture-extra";
import { SALES_MATRIX } from "./sales-matrix";

const { db } = await useTestDatabase();
let fixture: SalesPermissionFixture;

before(async () => {
  fixture = await buildSalesPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], SALES_MATRIX);
