// Proves the permission matrix can fail: a refused call that wrote a row, a refusal with the
// wrong status or code, a role that should be refused but succeeds, and an allowed role that is
// refused are each reported, while a command that follows its rule passes for all seven roles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { hasPermission, requirePermission, ROLES, type Actor, type Role } from "../../../core/governance/permissions";
import { DomainError, SharedError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { checkRole, type PermissionCase } from "./matrix";

const { db } = await useTestDatabase();

const actorOf = (role: Role): Actor => ({ userId: null, username: `harness.${role}`, roles: [role] });
const writeSetting = (tx: Tx) => tx.execute(sql`insert into app_setting (key, value) values ('harness', 'written')`);

function row(run: (tx: Tx, actor: Actor) => Promise<unknown>): PermissionCase<null> {
  return { name: "harness", permission: "ledger:post", run: (tx, actor) => run(tx, actor) };
}

test("a command that checks its permission before writing passes for every role", async () => {
  const honest = row(async (tx, actor) => {
    requirePermission(actor, "ledger:post");
    await writeSetting(tx);
  });
  for (const role of ROLES) await checkRole(db, honest, role, null, actorOf(role));
});

test("reports a refused call that changed a table before it threw", async () => {
  const leaky = row(async (tx, actor) => {
    await writeSetting(tx);
    requirePermission(actor, "ledger:post");
  });
  await assert.rejects(checkRole(db, leaky, "sales", null, actorOf("sales")), /must change nothing[\s\S]*app_setting/);
});

test("reports a refusal with the wrong status or the wrong code", async () => {
  const conflict = row(async (_tx, actor) => {
    if (!hasPermission(actor, "ledger:post")) throw new DomainError(SharedError.FORBIDDEN, "conflict", "wrong kind");
  });
  await assert.rejects(checkRole(db, conflict, "sales", null, actorOf("sales")), /409/);
  const wrongCode = row(async (_tx, actor) => {
    if (!hasPermission(actor, "ledger:post")) throw new DomainError("SOMETHING_ELSE", "forbidden", "wrong code");
  });
  await assert.rejects(checkRole(db, wrongCode, "sales", null, actorOf("sales")), /SOMETHING_ELSE/);
  const untyped = row(async () => {
    throw new Error("not a domain error");
  });
  await assert.rejects(checkRole(db, untyped, "sales", null, actorOf("sales")), /expected a DomainError/);
});

test("reports a role that should be refused but succeeds, and an allowed role that is refused", async () => {
  const open = row(async (tx) => {
    await writeSetting(tx);
  });
  await assert.rejects(checkRole(db, open, "warehouse", null, actorOf("warehouse")), /the call succeeded/);
  const closed = row(async (_tx, actor) => {
    requirePermission(actor, "users:manage");
  });
  await assert.rejects(checkRole(db, closed, "controller", null, actorOf("controller")), /expected success, got AUTH_FORBIDDEN/);
});
