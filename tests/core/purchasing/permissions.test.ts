// Proves who may run each purchasing and payables command and query: for every row and each of
// the seven roles, in a rolled-back transaction, an allowed role succeeds and every other role
// gets AUTH_FORBIDDEN (403) with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { runMatrix } from "../permissions/matrix";
import { buildPurchasingMatrixFixture, PURCHASING_MATRIX, type PurchasingMatrixFixture } from "./permissions-matrix";

const { db } = await useTestDatabase();
let fixture: PurchasingMatrixFixture;

before(async () => {
  fixture = await buildPurchasingMatrixFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], PURCHASING_MATRIX);
