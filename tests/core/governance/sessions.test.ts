// Proves users sign in with argon2-hashed passwords into signed, revocable sessions, that
// forged or expired cookies resolve to nobody, and that sign-ins land in the audit log.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { appUser, auditLog, userSession } from "../../../core/db/schema";
import { SYSTEM_ACTOR, createUser, hasPermission, signIn, signOut, userForCookie, type Actor } from "../../../core/governance";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const password = "correct horse battery";
await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username: "rita", displayName: "Rita Sales", password, roles: ["sales"] }));

test("stores an argon2id hash, never the password", async () => {
  const [row] = await db.select().from(appUser).where(eq(appUser.username, "rita"));
  assert.match(row!.passwordHash, /^\$argon2id\$/);
  assert.ok(!row!.passwordHash.includes(password));
});

test("signs in, resolves the cookie to the user and records the sign-in", async () => {
  const result = await inTransaction(db, (tx) => signIn(tx, { username: "rita", password }));
  const user = await inTransaction(db, (tx) => userForCookie(tx, result.cookie));
  assert.equal(user?.username, "rita");
  assert.deepEqual(user?.roles, ["sales"]);
  const audits = await db.select().from(auditLog).where(eq(auditLog.action, "sign_in"));
  assert.ok(audits.some((a) => a.actorName === "rita"));
});

test("a wrong password or unknown user fails with one message and no session", async () => {
  const before = await db.select({ n: sql<number>`count(*)::int` }).from(userSession);
  const wrong = await rejectsWithCode(() => inTransaction(db, (tx) => signIn(tx, { username: "rita", password: "nope nope nope" })), "GOVERNANCE_SIGN_IN_FAILED");
  const unknown = await rejectsWithCode(() => inTransaction(db, (tx) => signIn(tx, { username: "nobody", password })), "GOVERNANCE_SIGN_IN_FAILED");
  assert.equal(wrong.userMessage, unknown.userMessage);
  const after = await db.select({ n: sql<number>`count(*)::int` }).from(userSession);
  assert.deepEqual(after, before);
});

test("a forged, tampered or signed-out cookie resolves to nobody", async () => {
  const { cookie } = await inTransaction(db, (tx) => signIn(tx, { username: "rita", password }));
  const [sessionId] = cookie.split(".");
  assert.equal(await inTransaction(db, (tx) => userForCookie(tx, `${sessionId}.forged`)), null);
  assert.equal(await inTransaction(db, (tx) => userForCookie(tx, `x${cookie}`)), null);
  await inTransaction(db, (tx) => signOut(tx, cookie));
  assert.equal(await inTransaction(db, (tx) => userForCookie(tx, cookie)), null);
});

test("an expired session resolves to nobody", async () => {
  const { cookie } = await inTransaction(db, (tx) => signIn(tx, { username: "rita", password }));
  await db.update(userSession).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userSession.id, cookie.split(".")[0]!));
  assert.equal(await inTransaction(db, (tx) => userForCookie(tx, cookie)), null);
});

test("creating users needs users:manage and validates each field", async () => {
  const sales: Actor = { userId: null, username: "rita", roles: ["sales"] };
  await rejectsWithCode(() => inTransaction(db, (tx) => createUser(tx, sales, { username: "eve", displayName: "Eve", password, roles: ["admin"] })), "AUTH_FORBIDDEN");
  const invalid = await rejectsWithCode(() => inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username: "Bad Name", displayName: "", password: "short", roles: [] })), "VALIDATION_FAILED");
  assert.deepEqual(invalid.issues.map((i) => i.field).sort(), ["displayName", "password", "roles", "username"]);
  await rejectsWithCode(() => inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username: "rita", displayName: "Again", password, roles: ["sales"] })), "GOVERNANCE_USERNAME_TAKEN");
});

test("roles grant what the role matrix says and nothing more", () => {
  const sales: Actor = { userId: 1, username: "s", roles: ["sales"] };
  const controller: Actor = { userId: 2, username: "c", roles: ["controller"] };
  assert.equal(hasPermission(sales, "masters.customers:write"), true);
  assert.equal(hasPermission(sales, "ledger:read"), false);
  assert.equal(hasPermission(controller, "ledger:post"), true);
  assert.equal(hasPermission(controller, "inventory:write"), false);
});
