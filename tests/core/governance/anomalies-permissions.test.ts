// Proves who may work the anomaly review queue: for each command and each of the seven roles,
// in a rolled-back transaction, controllers and admins succeed and every other role gets a typed
// 403 with no table changed; no signed-in user of any role may record flags.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { buildPermissionFixture, type PermissionFixture } from "../permissions/fixture";
import { runMatrix } from "../permissions/matrix";
import { ANOMALIES_MATRIX } from "./anomalies-matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], ANOMALIES_MATRIX);
