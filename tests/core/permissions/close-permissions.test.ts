// Proves who may write and read manual journals, run revaluation and reversals, and run, close and
// reopen a period: for each command and each of the seven roles, in a rolled-back transaction, an
// allowed role succeeds and every other role gets a typed refusal with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { buildClosePermissionFixture, type ClosePermissionFixture } from "./close-fixture";
import { CLOSE_MATRIX } from "./close-matrix";
import { runMatrix } from "./matrix";

const { db } = await useTestDatabase();
let fixture: ClosePermissionFixture;

before(async () => {
  fixture = await buildClosePermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], CLOSE_MATRIX);
