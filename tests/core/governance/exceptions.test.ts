// Proves exceptions are raised through one function with their kind's owner and due time,
// deduplicated while open (also under concurrent raisers), notified and audited; that only
// the roles an item is addressed to may assign, resolve or dismiss it (others get a typed
// 403 and nothing changes); that bulk assignment is all or nothing; that closed items never
// change again; and that a cross-functional alert reaches sales, purchasing and the warehouse once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { auditLog, exceptionItem, notification } from "../../../core/db/schema";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import {
  assignException, bulkAssignExceptions, dismissException, EXCEPTION_KINDS, exceptionKindDefaults, listExceptions,
  raiseCrossFunctionalAlert, raiseException, registerExceptionKind, resolveException, type RaiseExceptionInput,
} from "../../../core/governance/exceptions";
import { currency, legalEntity } from "../../../core/masters/schema";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();

async function createActor(db: Db, username: string, roles: Role[]): Promise<Actor> {
  const user = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "correct horse battery", roles }));
  return { userId: user.id, username, roles };
}

const actors = {} as Record<Role, Actor>;
for (const role of ROLES) actors[role] = await createActor(db, `${role}1`, [role]);
const buyer2 = await createActor(db, "buyer2", ["buyer"]);
const [entity] = await db.transaction(async (tx) => {
  await tx.insert(currency).values({ code: "USD", name: "US dollar", minorUnitDigits: 2 }).onConflictDoNothing();
  return tx.insert(legalEntity).values({ code: "EX1", name: "Exceptions Inc", baseCurrency: "USD", timeZone: "UTC" }).returning();
});
const entityId = entity!.id;

let sequence = 0;
function raise(overrides: Partial<RaiseExceptionInput> = {}, actor: Actor = SYSTEM_ACTOR) {
  sequence += 1;
  return inTransaction(db, (tx) => raiseException(tx, actor, {
    kind: "delayed_receipt",
    severity: "medium",
    entityId,
    title: `Receipt GRN-${sequence} is late`,
    explanation: "Expected three days ago; no advance ship notice.",
    links: [{ type: "purchase_order", id: sequence, label: `PO-${sequence}` }],
    ...overrides,
  }));
}

async function rowOf(id: number) {
  const [row] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, id));
  return row!;
}

async function auditsOf(id: number) {
  return db.select().from(auditLog).where(and(eq(auditLog.objectKind, "exception_item"), eq(auditLog.objectId, String(id)))).orderBy(auditLog.id);
}

async function notificationCount(): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notification);
  return row!.n;
}

test("a raised exception takes its kind's owner role and due time, notifies the owner and is audited", async () => {
  const item = await raise({ kind: "posting_failure", severity: "high", dedupeKey: undefined }, actors.controller);
  assert.equal(item.created, true);
  assert.equal(item.state, "open");
  assert.equal(item.ownerRole, "controller");
  assert.deepEqual(item.links, [{ type: "purchase_order", id: String(sequence), label: `PO-${sequence}` }]);
  assert.equal(item.dueAt!.getTime() - item.createdAt.getTime(), 4 * 3_600_000);
  const notes = await db.select().from(notification).where(eq(notification.link, `/exceptions/${item.id}`));
  assert.deepEqual(notes.map((n) => n.role), ["controller"]);
  assert.equal(notes[0]!.kind, "exception.posting_failure");
  const audits = await auditsOf(item.id);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.action, "create");
  assert.equal(audits[0]!.actorName, "controller1");
  assert.equal((audits[0]!.after as { state: string }).state, "open");
});

test("every built-in kind has the owner role and due hours the queues promise", async () => {
  const expected: Record<string, [Role, number]> = {
    posting_failure: ["controller", 4], delayed_receipt: ["buyer", 24], blocked_order: ["sales", 8], inventory_variance: ["warehouse", 24],
    match_exception: ["buyer", 48], anomaly: ["controller", 72], compensating_review: ["controller", 72], cross_functional_alert: ["buyer", 24],
  };
  assert.deepEqual([...EXCEPTION_KINDS].sort(), Object.keys(expected).sort());
  for (const kind of EXCEPTION_KINDS) {
    const item = await raise({ kind });
    assert.equal(item.ownerRole, expected[kind]![0], kind);
    assert.equal(item.dueAt!.getTime() - item.createdAt.getTime(), expected[kind]![1] * 3_600_000, kind);
    assert.deepEqual(exceptionKindDefaults(kind), { ownerRole: expected[kind]![0], dueHours: expected[kind]![1] });
  }
});

test("an explicit owner, audience and due time override the kind's defaults and each role is notified once", async () => {
  const dueAt = new Date("2031-01-02T03:04:05.000Z");
  const item = await raise({ kind: "anomaly", ownerRole: "planner", audienceRoles: ["sales", "planner", "sales"], dueAt, details: { score: 0.97, amountMinor: 12_345n } });
  assert.equal(item.ownerRole, "planner");
  assert.deepEqual(item.audienceRoles, ["sales", "planner"]);
  assert.equal(item.dueAt!.toISOString(), dueAt.toISOString());
  assert.deepEqual(item.details, { score: 0.97, amountMinor: "12345" });
  const notes = await db.select().from(notification).where(eq(notification.link, `/exceptions/${item.id}`));
  assert.deepEqual(notes.map((n) => n.role).sort(), ["planner", "sales"]);
});

test("a kind registered by another module can be raised; an unknown kind or an empty title is refused naming the field", async () => {
  registerExceptionKind("credit_hold_review", { ownerRole: "sales", dueHours: 2 });
  const item = await raise({ kind: "credit_hold_review" });
  assert.equal(item.ownerRole, "sales");
  assert.equal(item.dueAt!.getTime() - item.createdAt.getTime(), 2 * 3_600_000);
  const before = await db.select({ n: sql<number>`count(*)::int` }).from(exceptionItem);
  const unknown = await rejectsWithCode(() => raise({ kind: "no_such_kind" }), "VALIDATION_FAILED");
  assert.equal(unknown.issues[0]!.field, "kind");
  const empty = await rejectsWithCode(() => raise({ title: "  " }), "VALIDATION_FAILED");
  assert.equal(empty.issues[0]!.field, "title");
  assert.deepEqual(await db.select({ n: sql<number>`count(*)::int` }).from(exceptionItem), before);
});

test("raising an open dedupeKey again returns the first item and notifies once; once closed the key raises anew", async () => {
  const notesBefore = await notificationCount();
  const first = await raise({ dedupeKey: "late:PO-77" });
  const again = await raise({ dedupeKey: "late:PO-77", title: "a different title" });
  assert.equal(again.id, first.id);
  assert.equal(again.created, false);
  assert.equal(again.title, first.title);
  assert.equal(await notificationCount(), notesBefore + 1);
  assert.equal((await auditsOf(first.id)).length, 1);
  await inTransaction(db, (tx) => resolveException(tx, actors.buyer, { exceptionId: first.id, reason: "goods arrived" }));
  const fresh = await raise({ dedupeKey: "late:PO-77" });
  assert.notEqual(fresh.id, first.id);
  assert.equal(fresh.created, true);
});

test("concurrent raisers of one dedupeKey create exactly one item", async () => {
  const results = await Promise.all(Array.from({ length: 12 }, () => inTransaction(db, async (tx) => {
    const raised = await raiseException(tx, SYSTEM_ACTOR, {
      kind: "blocked_order", severity: "high", title: "Order SO-9 blocked", explanation: "Credit limit exceeded", links: [], dedupeKey: "blocked:SO-9",
    });
    // Hold the transaction open so the other raisers meet the uncommitted row.
    await tx.execute(sql`select pg_sleep(0.05)`);
    return raised;
  })));
  assert.equal(new Set(results.map((r) => r.id)).size, 1);
  assert.equal(results.filter((r) => r.created).length, 1);
  const rows = await db.select().from(exceptionItem).where(eq(exceptionItem.dedupeKey, "blocked:SO-9"));
  assert.equal(rows.length, 1);
  const notes = await db.select().from(notification).where(eq(notification.link, `/exceptions/${rows[0]!.id}`));
  assert.equal(notes.length, 1);
});

test("assigning records who and when, notifies the assignee and audits before and after", async () => {
  const item = await raise();
  const assigned = await inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: buyer2.userId! }));
  assert.equal(assigned.state, "assigned");
  assert.equal(assigned.assignedUserId, buyer2.userId);
  assert.ok(assigned.assignedAt instanceof Date);
  const notes = await db.select().from(notification).where(eq(notification.userId, buyer2.userId!));
  assert.ok(notes.some((n) => n.link === `/exceptions/${item.id}` && n.kind === "exception.assigned"));
  const audit = (await auditsOf(item.id)).at(-1)!;
  assert.equal(audit.action, "state_change");
  assert.equal(audit.actorName, "buyer1");
  assert.deepEqual({ state: (audit.before as { state: string }).state, user: (audit.before as { assignedUserId: number | null }).assignedUserId }, { state: "open", user: null });
  assert.deepEqual({ state: (audit.after as { state: string }).state, user: (audit.after as { assignedUserId: number }).assignedUserId }, { state: "assigned", user: buyer2.userId });
  // Reassignment keeps the first pickup time, which cycle times measure.
  const reassigned = await inTransaction(db, (tx) => assignException(tx, actors.admin, { exceptionId: item.id, userId: actors.buyer.userId! }));
  assert.equal(reassigned.assignedUserId, actors.buyer.userId);
  assert.equal(reassigned.assignedAt!.getTime(), assigned.assignedAt!.getTime());
});

test("an assignee without the owner role is refused and nothing changes; an admin may take any item", async () => {
  const item = await raise();
  const auditsBefore = (await auditsOf(item.id)).length;
  await rejectsWithCode(() => inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: actors.warehouse.userId! })), "GOVERNANCE_EXCEPTION_ASSIGNEE_INELIGIBLE");
  await rejectsWithCode(() => inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: 999_999 })), "GOVERNANCE_EXCEPTION_ASSIGNEE_INELIGIBLE");
  await rejectsWithCode(() => inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: 999_999, userId: buyer2.userId! })), "GOVERNANCE_EXCEPTION_NOT_FOUND");
  assert.equal((await rowOf(item.id)).state, "open");
  assert.equal((await auditsOf(item.id)).length, auditsBefore);
  const taken = await inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: actors.admin.userId! }));
  assert.equal(taken.assignedUserId, actors.admin.userId);
});

test("bulk assignment assigns every item or, when one fails a check, none", async () => {
  const a = await raise();
  const b = await raise();
  const controllerOwned = await raise({ kind: "posting_failure" });
  const closed = await raise();
  await inTransaction(db, (tx) => dismissException(tx, actors.buyer, { exceptionId: closed.id, reason: "duplicate of another" }));
  const snapshot = async () => Promise.all([a, b, controllerOwned].map(async (item) => ({ state: (await rowOf(item.id)).state, audits: (await auditsOf(item.id)).length })));
  const before = await snapshot();
  await rejectsWithCode(() => inTransaction(db, (tx) => bulkAssignExceptions(tx, actors.admin, { exceptionIds: [a.id, b.id, controllerOwned.id], userId: buyer2.userId! })), "GOVERNANCE_EXCEPTION_ASSIGNEE_INELIGIBLE");
  await rejectsWithCode(() => inTransaction(db, (tx) => bulkAssignExceptions(tx, actors.buyer, { exceptionIds: [a.id, b.id, closed.id], userId: buyer2.userId! })), "GOVERNANCE_EXCEPTION_CLOSED");
  await rejectsWithCode(() => inTransaction(db, (tx) => bulkAssignExceptions(tx, actors.buyer, { exceptionIds: [a.id, b.id, controllerOwned.id], userId: buyer2.userId! })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => bulkAssignExceptions(tx, actors.buyer, { exceptionIds: [a.id, 999_999], userId: buyer2.userId! })), "GOVERNANCE_EXCEPTION_NOT_FOUND");
  assert.deepEqual(await snapshot(), before);
  const done = await inTransaction(db, (tx) => bulkAssignExceptions(tx, actors.buyer, { exceptionIds: [b.id, a.id, a.id], userId: buyer2.userId! }));
  assert.deepEqual(done.map((item) => [item.id, item.state, item.assignedUserId]), [[a.id, "assigned", buyer2.userId], [b.id, "assigned", buyer2.userId]]);
  const notes = await db.select().from(notification).where(and(eq(notification.userId, buyer2.userId!), eq(notification.title, "2 exceptions assigned to you")));
  assert.equal(notes.length, 1);
});

test("resolving needs a reason, closes the item with who and when, and a closed item never changes again", async () => {
  const item = await raise();
  const short = await rejectsWithCode(() => inTransaction(db, (tx) => resolveException(tx, actors.buyer, { exceptionId: item.id, reason: " ok " })), "VALIDATION_FAILED");
  assert.equal(short.issues[0]!.field, "reason");
  const resolved = await inTransaction(db, (tx) => resolveException(tx, actors.buyer, { exceptionId: item.id, reason: "Supplier shipped; ASN received" }));
  assert.equal(resolved.state, "resolved");
  assert.equal(resolved.resolutionReason, "Supplier shipped; ASN received");
  assert.equal(resolved.closedByUserId, actors.buyer.userId);
  assert.ok(resolved.closedAt instanceof Date);
  const audit = (await auditsOf(item.id)).at(-1)!;
  assert.deepEqual(audit.before, { state: "open", resolutionReason: null, closedAt: null });
  assert.equal((audit.after as { state: string }).state, "resolved");
  const auditsAfterClose = (await auditsOf(item.id)).length;
  await rejectsWithCode(() => inTransaction(db, (tx) => resolveException(tx, actors.buyer, { exceptionId: item.id, reason: "again please" })), "GOVERNANCE_EXCEPTION_CLOSED");
  await rejectsWithCode(() => inTransaction(db, (tx) => dismissException(tx, actors.admin, { exceptionId: item.id, reason: "not needed" })), "GOVERNANCE_EXCEPTION_CLOSED");
  await rejectsWithCode(() => inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: buyer2.userId! })), "GOVERNANCE_EXCEPTION_CLOSED");
  const row = await rowOf(item.id);
  assert.equal(row.state, "resolved");
  assert.equal(row.resolutionReason, "Supplier shipped; ASN received");
  assert.equal((await auditsOf(item.id)).length, auditsAfterClose);
});

test("dismissing an assigned item records the reason and the dismissal", async () => {
  const item = await raise();
  await inTransaction(db, (tx) => assignException(tx, actors.buyer, { exceptionId: item.id, userId: buyer2.userId! }));
  const dismissed = await inTransaction(db, (tx) => dismissException(tx, { ...buyer2 }, { exceptionId: item.id, reason: "False alarm: receipt was posted late" }));
  assert.equal(dismissed.state, "dismissed");
  assert.equal(dismissed.resolutionReason, "False alarm: receipt was posted late");
  const audit = (await auditsOf(item.id)).at(-1)!;
  assert.equal((audit.before as { state: string }).state, "assigned");
  assert.equal((audit.after as { state: string }).state, "dismissed");
});

type Command = { name: string; run: (actor: Actor, exceptionId: number) => Promise<unknown> };
const commands: Command[] = [
  { name: "assignException", run: (actor, id) => inTransaction(db, (tx) => assignException(tx, actor, { exceptionId: id, userId: actors.admin.userId! })) },
  { name: "bulkAssignExceptions", run: (actor, id) => inTransaction(db, (tx) => bulkAssignExceptions(tx, actor, { exceptionIds: [id], userId: actors.admin.userId! })) },
  { name: "resolveException", run: (actor, id) => inTransaction(db, (tx) => resolveException(tx, actor, { exceptionId: id, reason: "handled it" })) },
  { name: "dismissException", run: (actor, id) => inTransaction(db, (tx) => dismissException(tx, actor, { exceptionId: id, reason: "not an issue" })) },
];

for (const command of commands) {
  test(`${command.name}: the owner role and admin succeed; every other role gets a typed 403 and nothing changes`, async () => {
    for (const role of ROLES) {
      const item = await raise({ kind: "posting_failure" });
      const before = { row: await rowOf(item.id), audits: (await auditsOf(item.id)).length, notes: await notificationCount() };
      if (role === "controller" || role === "admin") {
        await command.run(actors[role], item.id);
        assert.notDeepEqual(await rowOf(item.id), before.row, `${role} changes the item`);
        continue;
      }
      const error = await rejectsWithCode(() => command.run(actors[role], item.id), "AUTH_FORBIDDEN");
      assert.equal(error.httpStatus, 403, role);
      assert.deepEqual(await rowOf(item.id), before.row, role);
      assert.equal((await auditsOf(item.id)).length, before.audits, role);
      assert.equal(await notificationCount(), before.notes, role);
    }
  });
}

test("a role holding exceptions:manage but not addressed is refused; the executive, without exceptions:manage, is refused even when addressed", async () => {
  const item = await raise({ kind: "anomaly", audienceRoles: ["executive"] });
  const denied = await rejectsWithCode(() => inTransaction(db, (tx) => resolveException(tx, actors.executive, { exceptionId: item.id, reason: "looked at it" })), "AUTH_FORBIDDEN");
  assert.equal(denied.details.permission, "exceptions:manage");
  await rejectsWithCode(() => inTransaction(db, (tx) => resolveException(tx, actors.sales, { exceptionId: item.id, reason: "looked at it" })), "AUTH_FORBIDDEN");
  assert.equal((await rowOf(item.id)).state, "open");
});

test("a cross-functional alert reaches sales, purchasing and the warehouse once, lists every affected order, and is high when a gold customer waits", async () => {
  const notesBefore = await notificationCount();
  const alert = await inTransaction(db, (tx) => raiseCrossFunctionalAlert(tx, SYSTEM_ACTOR, {
    entityId,
    title: "Receipt for PO-500 is 4 days late",
    explanation: "Three open orders depend on this receipt; two belong to priority customers.",
    cause: { type: "purchase_order", id: 500, label: "PO-500" },
    affected: [
      { type: "sales_order", id: 11, label: "SO-11", customerTier: "standard" },
      { type: "sales_order", id: 12, label: "SO-12", customerTier: "gold" },
      { type: "sales_order", id: 13, label: "SO-13" },
    ],
  }));
  assert.equal(alert.kind, "cross_functional_alert");
  assert.equal(alert.severity, "high");
  assert.equal(alert.ownerRole, "buyer");
  assert.deepEqual(alert.audienceRoles, ["sales", "buyer", "warehouse"]);
  assert.deepEqual(alert.links.map((l) => l.label), ["PO-500", "SO-11", "SO-12", "SO-13"]);
  const notes = await db.select().from(notification).where(eq(notification.link, `/exceptions/${alert.id}`));
  assert.deepEqual(notes.map((n) => n.role).sort(), ["buyer", "sales", "warehouse"]);
  assert.equal(await notificationCount(), notesBefore + 3);
  // The detector running again does not repeat the alert.
  const again = await inTransaction(db, (tx) => raiseCrossFunctionalAlert(tx, SYSTEM_ACTOR, {
    entityId, title: "again", explanation: "again", cause: { type: "purchase_order", id: 500, label: "PO-500" },
    affected: [{ type: "sales_order", id: 11, label: "SO-11" }],
  }));
  assert.equal(again.id, alert.id);
  assert.equal(await notificationCount(), notesBefore + 3);
  for (const role of ["sales", "buyer", "warehouse"] as const) {
    const page = await inTransaction(db, (tx) => listExceptions(tx, actors[role], { kind: "cross_functional_alert" }));
    assert.ok(page.rows.some((row) => row.id === alert.id), role);
  }
  const controllerPage = await inTransaction(db, (tx) => listExceptions(tx, actors.controller, { kind: "cross_functional_alert" }));
  assert.equal(controllerPage.rows.length, 0);
  const resolved = await inTransaction(db, (tx) => resolveException(tx, actors.warehouse, { exceptionId: alert.id, reason: "Expedited; orders re-promised" }));
  assert.equal(resolved.state, "resolved");
});

test("a cross-functional alert for standard and silver customers only is medium", async () => {
  const alert = await inTransaction(db, (tx) => raiseCrossFunctionalAlert(tx, SYSTEM_ACTOR, {
    entityId, title: "Receipt for PO-501 is late", explanation: "One order waits.",
    cause: { type: "purchase_order", id: 501, label: "PO-501" },
    affected: [{ type: "sales_order", id: 21, label: "SO-21", customerTier: "silver" }, { type: "sales_order", id: 22, label: "SO-22", customerTier: "standard" }],
  }));
  assert.equal(alert.severity, "medium");
});
