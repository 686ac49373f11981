// Proves who may read financial statements and consolidations, link intercompany partners and
// request intercompany sales: for each command and each of the seven roles, in a rolled-back
// transaction, an allowed role succeeds and every other role gets a typed refusal with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { CONSOLIDATION_MATRIX } from "./consolidation-matrix";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";
import { runMatrix } from "./matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], CONSOLIDATION_MATRIX);
