// Proves the audit log viewer's query: newest first, filtered by object, actor, action and
// time, searched through before/after values, paged with a 200-row cap, each row marked
// sealed (with its chain_seq) once the sealer has chained it; and only roles with audit:read
// may search (the others get a typed 403).
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { auditLog } from "../../../core/db/schema";
import { recordAudit, ROLES, hasPermission, type Actor, type Role } from "../../../core/governance";
import { sealAuditLog } from "../../../core/governance/audit-chain";
import { AUDIT_PAGE_SIZE_MAX, searchAuditLog, type SearchAuditLogInput } from "../../../core/governance/audit-queries";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();

const actorOf = (role: Role, username = `${role}1`): Actor => ({ userId: null, username, roles: [role] });
const auditor = actorOf("controller");
const alice = actorOf("sales", "alice.sales");
const bob = actorOf("buyer", "bob.buyer");

function audit(tx: Tx, actor: Actor, objectKind: string, objectId: number, after: unknown, action: "create" | "update" = "update") {
  return recordAudit(tx, actor, { action, objectKind, objectId, before: { note: "old" }, after, requestId: `r-${objectKind}-${objectId}` });
}

await inTransaction(db, async (tx) => {
  await audit(tx, alice, "customer", 7, { creditLimitMinor: "500000" }, "create");
  await audit(tx, alice, "customer", 7, { creditLimitMinor: "750000" });
  await audit(tx, bob, "supplier", 3, { bankAccountNumber: "DE44 5001 0517 5407 3249 31" });
  for (let n = 1; n <= 230; n++) await audit(tx, bob, "item", n, { price: `${n}00` });
});
// One row an hour old for the time filters: recordAudit stamps now(), so this one is
// inserted directly with an explicit occurred_at (an insert, which the log allows).
const hourAgo = new Date(Date.now() - 3_600_000);
await db.insert(auditLog).values({ occurredAt: hourAgo, actorName: "night.job", action: "post", objectKind: "journal_entry", objectId: "99", after: { lines: 2 } });

function search(input: SearchAuditLogInput, actor: Actor = auditor) {
  return inTransaction(db, (tx) => searchAuditLog(tx, actor, input));
}

test("filters by object, actor name and action, newest first", async () => {
  const customer = await search({ objectKind: "customer", objectId: 7 });
  assert.deepEqual(customer.rows.map((r) => r.action), ["update", "create"]);
  assert.ok(customer.rows[0]!.id > customer.rows[1]!.id);
  const byAlice = await search({ actorName: "ALICE" });
  assert.equal(byAlice.total, 2);
  const creates = await search({ action: "create" });
  assert.deepEqual(creates.rows.map((r) => r.objectKind), ["customer"]);
});

test("search finds text inside before and after values and request ids", async () => {
  const bank = await search({ search: "5407 3249" });
  assert.deepEqual(bank.rows.map((r) => [r.objectKind, r.objectId]), [["supplier", "3"]]);
  const request = await search({ search: "r-customer-7" });
  assert.equal(request.total, 2);
  assert.equal((await search({ search: "%" })).total, 0, "a LIKE wildcard is searched as text");
});

test("from and to bound occurred_at", async () => {
  const early = await search({ to: new Date(hourAgo.getTime() + 1) });
  assert.deepEqual(early.rows.map((r) => r.actorName), ["night.job"]);
  const recent = await search({ from: new Date(hourAgo.getTime() + 1) });
  assert.equal(recent.total, 233);
});

test("pages are newest first, stable, and capped at 200 rows", async () => {
  const capped = await search({ pageSize: 5_000 });
  assert.equal(capped.pageSize, AUDIT_PAGE_SIZE_MAX);
  assert.equal(capped.rows.length, AUDIT_PAGE_SIZE_MAX);
  assert.equal(capped.total, 234);
  const second = await search({ pageSize: 200, page: 2 });
  assert.equal(second.rows.length, 34);
  assert.equal(second.rows.at(-1)!.actorName, "night.job");
  const seen = new Set([...capped.rows, ...second.rows].map((r) => r.id));
  assert.equal(seen.size, 234);
});

test("each row says whether it is sealed, and where in the chain", async () => {
  const [unsealed] = (await search({ objectKind: "supplier" })).rows;
  assert.equal(unsealed!.sealed, false);
  assert.equal(unsealed!.chainSeq, null);
  await inTransaction(db, (tx) => sealAuditLog(tx));
  const [sealed] = (await search({ objectKind: "supplier" })).rows;
  assert.equal(sealed!.sealed, true);
  assert.equal(typeof sealed!.chainSeq, "number");
  const [counted] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_seal`);
  assert.equal(counted!.n, 234);
});

test("roles with audit:read may search; every other role gets a typed 403", async () => {
  for (const role of ROLES) {
    const actor = actorOf(role);
    if (hasPermission(actor, "audit:read")) {
      assert.ok((await search({ pageSize: 1 }, actor)).total > 0, role);
      continue;
    }
    const error = await rejectsWithCode(() => search({}, actor), "AUTH_FORBIDDEN");
    assert.equal(error.httpStatus, 403, role);
  }
  assert.deepEqual(ROLES.filter((role) => hasPermission(actorOf(role), "audit:read")), ["admin", "executive", "controller"]);
});
