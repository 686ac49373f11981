// Proves who may create, edit, change, deactivate and read every master kind: for each command
// and each of the seven roles, in a rolled-back transaction, an allowed role succeeds and every
// other role gets a typed refusal (AUTH_FORBIDDEN 403, or MASTERS_CHANGE_REQUIRES_APPROVAL 409
// where change control sends a permitted non-owner to changeMaster) with no table changed.
// Also proves that every kind has an owner who can edit it directly.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { OWNING_ROLE } from "../../../core/governance/change-control";
import { ROLE_PERMISSIONS } from "../../../core/governance/permissions";
import { MASTER_KIND_NAMES, MASTER_KINDS } from "../../../core/masters";
import { useTestDatabase } from "../../support/database";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";
import { runMatrix } from "./matrix";
import { MASTERS_MATRIX } from "./masters-matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], MASTERS_MATRIX);

test("every master kind's owning role holds the kind's write permission, so someone can edit it directly", () => {
  // Without it updateMaster succeeds for nobody: holders of the permission are not the owner
  // (409, change request) and the owner lacks the permission (403).
  const orphaned = MASTER_KIND_NAMES.filter((kind) => !ROLE_PERMISSIONS[OWNING_ROLE[kind]].includes(MASTER_KINDS[kind].permission))
    .map((kind) => `${kind}: owned by ${OWNING_ROLE[kind]}, which lacks ${MASTER_KINDS[kind].permission}`);
  assert.deepEqual(orphaned, []);
});
