// Proves who may read and write predictive risk scores: for each function and each of the seven
// roles, in a rolled-back transaction, sales readers see late-fulfilment risk, finance readers see
// collections risk, every other role gets a typed 403 with no table changed, and no signed-in user
// of any role may record a scoring run.
import { before } from "node:test";
import { useTestDatabase } from "../../../support/database";
import { buildPermissionFixture, type PermissionFixture } from "../../permissions/fixture";
import { runMatrix } from "../../permissions/matrix";
import { RISK_MATRIX } from "./risk-matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], RISK_MATRIX);
