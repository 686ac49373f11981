// Proves the exception queue queries: a non-admin lists only items owned by or addressed to
// their roles, filters, search and paging work, one item is 404 or 403 as it should be, the
// queue summary counts open, unassigned and overdue items per kind and severity, and cycle
// times give median and p90 hours to assignment and to closing per kind and owner role.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { exceptionItem } from "../../../core/db/schema";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import {
  assignException, exceptionCycleTimes, exceptionQueueSummary, getExceptionOrThrow, listExceptions, raiseException, resolveException,
  EXCEPTION_PAGE_SIZE_MAX, type RaiseExceptionInput,
} from "../../../core/governance/exceptions";
import { currency, legalEntity } from "../../../core/masters/schema";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();

async function createActor(db: Db, username: string, roles: Role[]): Promise<Actor> {
  const user = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: `${username} name`, password: "correct horse battery", roles }));
  return { userId: user.id, username, roles };
}

const admin = await createActor(db, "admin1", ["admin"]);
const buyer = await createActor(db, "buyer1", ["buyer"]);
const sales = await createActor(db, "sales1", ["sales"]);
const warehouse = await createActor(db, "warehouse1", ["warehouse"]);
const controller = await createActor(db, "controller1", ["controller"]);
const executive = await createActor(db, "executive1", ["executive"]);
// Creating users with conflicting rights raises SoD compensating reviews; clear them so the
// counts below are about this file's items only.
await db.delete(exceptionItem);
const entityIds = await db.transaction(async (tx) => {
  await tx.insert(currency).values({ code: "USD", name: "US dollar", minorUnitDigits: 2 }).onConflictDoNothing();
  const rows = await tx.insert(legalEntity).values([
    { code: "Q1", name: "Queue One", baseCurrency: "USD", timeZone: "UTC" },
    { code: "Q2", name: "Queue Two", baseCurrency: "USD", timeZone: "UTC" },
  ]).returning();
  return rows.map((row) => row.id);
});

function raise(input: Partial<RaiseExceptionInput> & Pick<RaiseExceptionInput, "kind" | "title">) {
  return inTransaction(db, (tx) => raiseException(tx, SYSTEM_ACTOR, {
    severity: "medium", explanation: "Something needs a look.", links: [], entityId: entityIds[0], ...input,
  }));
}

const past = new Date(Date.now() - 3_600_000);
const late = await raise({ kind: "delayed_receipt", title: "GRN for PO-100 is late", severity: "high", links: [{ type: "purchase_order", id: 100, label: "PO-100" }] });
const lateOverdue = await raise({ kind: "delayed_receipt", title: "GRN for PO-101 is late", severity: "high", dueAt: past });
const mismatch = await raise({ kind: "match_exception", title: "Price mismatch on INV-7", severity: "low", entityId: entityIds[1] });
const blocked = await raise({ kind: "blocked_order", title: "SO-55 blocked: 50% over credit", severity: "critical" });
const variance = await raise({ kind: "inventory_variance", title: "Count variance on bin A-01", severity: "medium", audienceRoles: ["buyer"] });
const posting = await raise({ kind: "posting_failure", title: "Posting failed for INV-9", severity: "critical", dueAt: past });
await inTransaction(db, (tx) => assignException(tx, buyer, { exceptionId: late.id, userId: buyer.userId! }));
await inTransaction(db, (tx) => resolveException(tx, buyer, { exceptionId: mismatch.id, reason: "credit note received" }));

function ids(rows: { id: number }[]): number[] {
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

test("a non-admin lists only items owned by or addressed to their roles; an admin lists all", async () => {
  const forBuyer = await inTransaction(db, (tx) => listExceptions(tx, buyer));
  assert.deepEqual(ids(forBuyer.rows), ids([late, lateOverdue, mismatch, variance]));
  const forWarehouse = await inTransaction(db, (tx) => listExceptions(tx, warehouse));
  assert.deepEqual(ids(forWarehouse.rows), [variance.id]);
  const forExecutive = await inTransaction(db, (tx) => listExceptions(tx, executive));
  assert.equal(forExecutive.total, 0);
  const forAdmin = await inTransaction(db, (tx) => listExceptions(tx, admin));
  assert.deepEqual(ids(forAdmin.rows), ids([late, lateOverdue, mismatch, blocked, variance, posting]));
  assert.equal(forAdmin.total, 6);
});

test("active items come first, by severity then due time, with assignee names and overdue flags", async () => {
  const page = await inTransaction(db, (tx) => listExceptions(tx, admin));
  assert.equal(page.rows.at(-1)!.id, mismatch.id);
  assert.deepEqual(page.rows.slice(0, 2).map((r) => r.severity), ["critical", "critical"]);
  assert.equal(page.rows[0]!.id, posting.id, "the overdue critical item is due first");
  const assigned = page.rows.find((r) => r.id === late.id)!;
  assert.equal(assigned.assignedUserName, "buyer1 name");
  assert.equal(assigned.overdue, false);
  assert.equal(page.rows.find((r) => r.id === lateOverdue.id)!.overdue, true);
  assert.equal(page.rows.find((r) => r.id === mismatch.id)!.overdue, false);
});

test("filters by kind, state, severity, owner role, assignee, entity, overdue and search narrow the list", async () => {
  const list = (input: Parameters<typeof listExceptions>[2]) => inTransaction(db, async (tx) => ids((await listExceptions(tx, admin, input)).rows));
  assert.deepEqual(await list({ kind: "delayed_receipt" }), ids([late, lateOverdue]));
  assert.deepEqual(await list({ state: "assigned" }), [late.id]);
  assert.deepEqual(await list({ state: "resolved" }), [mismatch.id]);
  assert.deepEqual(await list({ state: "active", ownerRole: "buyer" }), ids([late, lateOverdue]));
  assert.deepEqual(await list({ severity: "critical" }), ids([blocked, posting]));
  assert.deepEqual(await list({ assignedUserId: buyer.userId! }), [late.id]);
  assert.deepEqual(await list({ entityId: entityIds[1] }), [mismatch.id]);
  assert.deepEqual(await list({ overdue: true }), ids([lateOverdue, posting]));
  assert.deepEqual(await list({ search: "po-100" }), [late.id]);
  assert.deepEqual(await list({ search: "50%" }), [blocked.id]);
  assert.deepEqual(await list({ search: "5_%" }), []);
});

test("pages are stable and a page size over the maximum is cut to it", async () => {
  const first = await inTransaction(db, (tx) => listExceptions(tx, admin, { pageSize: 4 }));
  const second = await inTransaction(db, (tx) => listExceptions(tx, admin, { pageSize: 4, page: 2 }));
  assert.equal(first.rows.length, 4);
  assert.equal(second.rows.length, 2);
  assert.equal(new Set([...ids(first.rows), ...ids(second.rows)]).size, 6);
  const huge = await inTransaction(db, (tx) => listExceptions(tx, admin, { pageSize: 10_000 }));
  assert.equal(huge.pageSize, EXCEPTION_PAGE_SIZE_MAX);
});

test("one item is found for its audience, 404 when missing and 403 when not addressed to the reader", async () => {
  const item = await inTransaction(db, (tx) => getExceptionOrThrow(tx, buyer, variance.id));
  assert.equal(item.title, "Count variance on bin A-01");
  await rejectsWithCode(() => inTransaction(db, (tx) => getExceptionOrThrow(tx, buyer, 987_654)), "GOVERNANCE_EXCEPTION_NOT_FOUND");
  const forbidden = await rejectsWithCode(() => inTransaction(db, (tx) => getExceptionOrThrow(tx, sales, posting.id)), "AUTH_FORBIDDEN");
  assert.equal(forbidden.httpStatus, 403);
});

test("reading needs exceptions:read: an actor without it gets a typed 403", async () => {
  const nobody: Actor = { userId: null, username: "nobody", roles: [] };
  await rejectsWithCode(() => inTransaction(db, (tx) => listExceptions(tx, nobody)), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => exceptionQueueSummary(tx, nobody)), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => exceptionCycleTimes(tx, nobody)), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => getExceptionOrThrow(tx, nobody, late.id)), "AUTH_FORBIDDEN");
});

test("the queue summary counts open, unassigned and overdue items per kind and severity the reader may see", async () => {
  const forBuyer = await inTransaction(db, (tx) => exceptionQueueSummary(tx, buyer));
  assert.deepEqual(forBuyer.rows, [
    { kind: "delayed_receipt", severity: "high", open: 2, unassigned: 1, overdue: 1 },
    { kind: "inventory_variance", severity: "medium", open: 1, unassigned: 1, overdue: 0 },
  ]);
  assert.deepEqual(forBuyer.totals, { open: 3, unassigned: 2, overdue: 1 });
  const forAdmin = await inTransaction(db, (tx) => exceptionQueueSummary(tx, admin));
  assert.deepEqual(forAdmin.totals, { open: 5, unassigned: 4, overdue: 2 });
  assert.ok(!forAdmin.rows.some((row) => row.kind === "match_exception"), "closed items are not open");
});

test("cycle times give median and p90 hours to assignment and to closing per kind and owner role", async () => {
  const created = new Date("2026-03-01T00:00:00Z");
  const hours = (h: number) => new Date(created.getTime() + h * 3_600_000);
  const items = [];
  for (const title of ["c1", "c2", "c3", "c4", "c5"]) items.push(await raise({ kind: "anomaly", title }));
  // Timestamps set directly: the commands stamp now(), and a test cannot wait hours.
  const timeline: [number | null, number | null][] = [[1, 10], [2, 20], [3, 30], [4, 40], [null, null]];
  for (const [index, [assignedH, closedH]] of timeline.entries()) {
    await db.update(exceptionItem).set({
      createdAt: created,
      assignedAt: assignedH === null ? null : hours(assignedH),
      closedAt: closedH === null ? null : hours(closedH),
      state: closedH === null ? "open" : "resolved",
      resolutionReason: closedH === null ? null : "done",
    }).where(eq(exceptionItem.id, items[index]!.id));
  }
  const rows = await inTransaction(db, (tx) => exceptionCycleTimes(tx, controller, { kind: "anomaly" }));
  // percentile_cont over [1,2,3,4] h: median 2.5, p90 3.7; over [10,20,30,40] h: 25 and 37.
  assert.deepEqual(rows, [{
    kind: "anomaly", ownerRole: "controller", count: 5, assignedCount: 4, closedCount: 4,
    assignMedianHours: 2.5, assignP90Hours: 3.7, closeMedianHours: 25, closeP90Hours: 37,
  }]);
  const window = await inTransaction(db, (tx) => exceptionCycleTimes(tx, executive, { from: new Date("2026-02-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") }));
  assert.deepEqual(window.map((r) => [r.kind, r.count]), [["anomaly", 5]]);
  const all = await inTransaction(db, (tx) => exceptionCycleTimes(tx, executive));
  const receipts = all.find((r) => r.kind === "delayed_receipt")!;
  assert.deepEqual([receipts.ownerRole, receipts.count, receipts.assignedCount, receipts.closedCount, receipts.closeMedianHours], ["buyer", 2, 1, 0, null]);
  await rejectsWithCode(() => inTransaction(db, (tx) => exceptionCycleTimes(tx, executive, { from: hours(5), to: hours(1) })), "VALIDATION_FAILED");
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(exceptionItem);
  assert.equal(count!.n, 11);
});
