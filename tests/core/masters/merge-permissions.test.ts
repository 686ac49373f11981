// Proves who may request, reverse and read duplicate merges: for each command and each of the
// seven roles, in a rolled-back transaction, the owners of the customer domain (admin, sales)
// request and reverse, every role reads, and everyone else gets a typed 403 with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { buildPermissionFixture, type PermissionFixture } from "../permissions/fixture";
import { runMatrix } from "../permissions/matrix";
import { MERGE_MATRIX } from "./merge-matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture as never, (role) => fixture.actors[role], MERGE_MATRIX);
