// Proves who may manage users and roles, SoD rules and approval policies, submit, decide and
// cancel approval requests, delegate, work exception queues and read the audit log: for each
// command and each of the seven roles, in a rolled-back transaction, an allowed role succeeds
// and every other role gets a typed 403 with no table changed. Role- and person-based rules
// (current step's role, requester, delegation party, exception owner and audience) are set up
// per row; approvals-matrix.ts and governance-matrix.ts say which.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { APPROVALS_MATRIX } from "./approvals-matrix";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";
import { GOVERNANCE_MATRIX } from "./governance-matrix";
import { runMatrix } from "./matrix";

const { db } = await useTestDatabase();
let fixture: PermissionFixture;

before(async () => {
  fixture = await buildPermissionFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], [...APPROVALS_MATRIX, ...GOVERNANCE_MATRIX]);
