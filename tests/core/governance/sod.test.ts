// Proves segregation of duties against real PostgreSQL: the conflict matrix installs once, a
// blocking pair of roles is refused (assignRole and createUser) naming both permissions and
// the roles granting them with nothing written, a review pair is assigned and raises one
// compensating review for the controller, admins are never blocked but always reported, the
// report lists every user with conflicting rights, the last admin cannot lose the role, and
// every SoD command refuses each role without the permission.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { exceptionItem, sodRule, userRole } from "../../../core/db/schema";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import {
  assignRole, DEFAULT_SOD_RULES, installDefaultSodRules, listSodRules, revokeRole, setSodRuleActive, sodConflictReport, sodConflictsFor,
  upsertSodRule,
} from "../../../core/governance/sod";
import { useTestDatabase, withRollback } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const PASSWORD = "correct horse battery";
const actors = {} as Record<Role, Actor>;

async function newUser(tx: Tx, username: string, roles: Role[]): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: PASSWORD, roles });
  return { userId: created.id, username: created.username, roles: created.roles };
}

before(async () => {
  await db.transaction(async (tx) => {
    await installDefaultSodRules(tx, SYSTEM_ACTOR);
    for (const role of ROLES) actors[role] = await newUser(tx, `one.${role}`, [role]);
  });
});

async function snapshot(tx: Tx): Promise<Record<string, number>> {
  const [row] = await tx.execute<Record<string, number>>(sql`select
    (select count(*) from user_role)::int as roles, (select count(*) from app_user)::int as users,
    (select count(*) from audit_log)::int as audits, (select count(*) from exception_item)::int as exceptions,
    (select count(*) from sod_rule)::int as rules, (select count(*) from sod_rule where active)::int as active_rules,
    (select count(*) from notification)::int as notifications`);
  return { ...row };
}

async function rolesOf(tx: Tx, userId: number): Promise<string[]> {
  const rows = await tx.select({ role: userRole.role }).from(userRole).where(eq(userRole.userId, userId));
  return rows.map((r) => r.role).sort();
}

async function reviewsFor(tx: Tx, userId: number) {
  return tx.select().from(exceptionItem)
    .where(and(eq(exceptionItem.kind, "compensating_review"), sql`${exceptionItem.details}->>'userId' = ${String(userId)}`));
}

test("the default conflict matrix installs once and names each pair with its mode", async () => {
  await withRollback(db, async (tx) => {
    const rules = await listSodRules(tx, actors.admin);
    assert.equal(rules.length, DEFAULT_SOD_RULES.length);
    const again = await installDefaultSodRules(tx, actors.admin);
    assert.equal(again.inserted, 0);
    assert.equal((await listSodRules(tx, actors.admin)).length, DEFAULT_SOD_RULES.length);
    const supplierPayments = rules.find((r) => r.permissionA === "masters.suppliers:write" && r.permissionB === "payments:approve");
    assert.equal(supplierPayments?.mode, "block");
    assert.equal(supplierPayments?.description, "creating suppliers and approving supplier payments");
    const adjustments = rules.find((r) => r.permissionB === "inventory.adjustments:approve");
    assert.equal(adjustments?.permissionA, "inventory:write");
    assert.equal(adjustments?.mode, "block");
    assert.equal(rules.find((r) => r.permissionA === "ledger:post")?.mode, "review");
  });
});

test("sodConflictsFor names the roles that grant each side of a conflict", () => {
  const conflicts = sodConflictsFor(["buyer", "controller"], DEFAULT_SOD_RULES);
  const supplier = conflicts.find((c) => c.permissionA === "masters.suppliers:write");
  assert.deepEqual(supplier?.rolesGrantingA, ["buyer"]);
  assert.deepEqual(supplier?.rolesGrantingB, ["controller"]);
  assert.equal(supplier?.superuser, false);
  assert.deepEqual(sodConflictsFor(["sales", "planner"], DEFAULT_SOD_RULES), []);
  const admin = sodConflictsFor(["admin"], DEFAULT_SOD_RULES);
  assert.equal(admin.length, DEFAULT_SOD_RULES.length);
  assert.ok(admin.every((c) => c.superuser && !c.outsideSuperuser));
});

test("refuses to give a buyer the controller role, naming both permissions and roles, and changes nothing", async () => {
  await withRollback(db, async (tx) => {
    const before = await snapshot(tx);
    const error = await rejectsWithCode(() => assignRole(tx, actors.admin, { userId: actors.buyer.userId!, role: "controller" }), "GOVERNANCE_SOD_CONFLICT");
    assert.equal(error.kind, "forbidden");
    assert.match(error.userMessage, /masters\.suppliers:write \(granted by buyer\) × payments:approve \(granted by controller\)/);
    assert.match(error.userMessage, /inventory:write \(granted by buyer\) × inventory\.adjustments:approve \(granted by controller\)/);
    assert.deepEqual(await rolesOf(tx, actors.buyer.userId!), ["buyer"]);
    assert.deepEqual(await snapshot(tx), before);
  });
});

test("createUser refuses initial roles that break a block rule and creates nobody", async () => {
  await withRollback(db, async (tx) => {
    const before = await snapshot(tx);
    const error = await rejectsWithCode(() => newUser(tx, "wes.and.ctl", ["warehouse", "controller"]), "GOVERNANCE_SOD_CONFLICT");
    assert.match(error.userMessage, /posting adjustments and approving them/);
    assert.deepEqual(await snapshot(tx), before);
  });
});

test("a review conflict assigns the role, audits it and raises one compensating review for the controller", async () => {
  await withRollback(db, async (tx) => {
    const sally = await newUser(tx, "sally.review", ["sales"]);
    const result = await assignRole(tx, actors.admin, { userId: sally.userId!, role: "controller", justification: "covers month-end for two weeks" });
    assert.equal(result.assigned, true);
    assert.deepEqual(await rolesOf(tx, sally.userId!), ["controller", "sales"]);
    assert.deepEqual(result.conflicts.map((c) => c.mode), ["review", "review"]);
    const reviews = await reviewsFor(tx, sally.userId!);
    assert.equal(reviews.length, 1);
    const review = reviews[0]!;
    assert.equal(review.id, result.reviewExceptionId);
    assert.equal(review.ownerRole, "controller");
    assert.equal(review.severity, "medium");
    assert.match(review.explanation, /ledger:post \(granted by controller\) × ledger\.periods:manage \(granted by controller\)/);
    assert.match(review.explanation, /covers month-end for two weeks/);
    assert.deepEqual(review.links, [{ type: "user", id: String(sally.userId), label: "sally.review" }]);
    const [audit] = await tx.execute<{ before: unknown; after: { roles: string[]; justification: string } }>(sql`
      select before, after from audit_log where object_kind = 'user' and object_id = ${String(sally.userId)} and action = 'update'`);
    assert.deepEqual(audit?.before, { roles: ["sales"] });
    assert.deepEqual(audit?.after.roles, ["sales", "controller"]);
    assert.equal(audit?.after.justification, "covers month-end for two weeks");
    const again = await assignRole(tx, actors.admin, { userId: sally.userId!, role: "controller" });
    assert.equal(again.assigned, false);
    assert.equal((await reviewsFor(tx, sally.userId!)).length, 1);
  });
});

test("a rule the admin adds takes effect at once, and a deactivated rule stops blocking", async () => {
  await withRollback(db, async (tx) => {
    const pat = await newUser(tx, "pat.rules", ["planner"]);
    await upsertSodRule(tx, actors.admin, { permissionA: "masters.items:write", permissionB: "masters.customers:write", mode: "block", description: "items and customers" });
    await rejectsWithCode(() => assignRole(tx, actors.admin, { userId: pat.userId!, role: "sales" }), "GOVERNANCE_SOD_CONFLICT");
    const review = await upsertSodRule(tx, actors.admin, { permissionA: "masters.customers:write", permissionB: "masters.items:write", mode: "review", description: "items and customers" });
    assert.equal(review.permissionA, "masters.items:write");
    assert.equal(review.mode, "review");
    assert.equal((await listSodRules(tx, actors.admin)).length, DEFAULT_SOD_RULES.length + 1);
    const assigned = await assignRole(tx, actors.admin, { userId: pat.userId!, role: "sales" });
    assert.equal(assigned.conflicts[0]?.description, "items and customers");
    assert.notEqual(assigned.reviewExceptionId, null);
    const rules = await listSodRules(tx, actors.admin);
    for (const rule of rules.filter((r) => r.permissionB === "payments:approve" || r.permissionB === "inventory.adjustments:approve")) {
      await setSodRuleActive(tx, actors.admin, { ruleId: rule.id, active: false });
    }
    const buyer = await assignRole(tx, actors.admin, { userId: actors.buyer.userId!, role: "controller" });
    assert.equal(buyer.assigned, true);
  });
});

test("the admin role is never blocked, but its conflicts are raised for review and reported", async () => {
  await withRollback(db, async (tx) => {
    const bob = await newUser(tx, "bob.super", ["buyer"]);
    const result = await assignRole(tx, actors.admin, { userId: bob.userId!, role: "admin" });
    assert.equal(result.assigned, true);
    assert.ok(result.conflicts.length > 0);
    assert.ok(result.conflicts.every((c) => c.superuser));
    const [review] = await reviewsFor(tx, bob.userId!);
    assert.equal(review?.severity, "high");
    assert.match(review!.title, /superuser/);
    const report = await sodConflictReport(tx, actors.admin);
    const row = report.find((r) => r.username === "bob.super");
    assert.equal(row?.superuser, true);
    assert.deepEqual(row?.roles, ["admin", "buyer"]);
  });
});

test("the report lists every user with conflicting rights, their pairs, modes and granting roles", async () => {
  await withRollback(db, async (tx) => {
    const report = await sodConflictReport(tx, actors.executive);
    const names = report.map((r) => r.username);
    assert.ok(names.includes("one.admin"));
    assert.ok(names.includes("one.controller"));
    for (const clean of ["one.sales", "one.buyer", "one.planner", "one.warehouse", "one.executive"]) assert.ok(!names.includes(clean), clean);
    const admin = report.find((r) => r.username === "one.admin")!;
    assert.equal(admin.superuser, true);
    assert.equal(admin.conflicts.length, DEFAULT_SOD_RULES.length);
    const controller = report.find((r) => r.username === "one.controller")!;
    assert.equal(controller.superuser, false);
    assert.deepEqual(controller.conflicts.map((c) => [c.permissionA, c.permissionB, c.mode, c.rolesGrantingA, c.rolesGrantingB]), [
      ["ledger:post", "ledger.periods:manage", "review", ["controller"], ["controller"]],
      ["masters.finance:write", "payments:approve", "review", ["controller"], ["controller"]],
    ]);
    // Users created with conflicting roles got their compensating review at creation.
    assert.equal((await reviewsFor(tx, actors.controller.userId!)).length, 1);
  });
});

test("the last active admin cannot lose the role; with a second admin it can", async () => {
  await withRollback(db, async (tx) => {
    const before = await snapshot(tx);
    const error = await rejectsWithCode(() => revokeRole(tx, actors.admin, { userId: actors.admin.userId!, role: "admin" }), "GOVERNANCE_LAST_ADMIN");
    assert.equal(error.kind, "conflict");
    assert.deepEqual(await snapshot(tx), before);
    await rejectsWithCode(() => revokeRole(tx, actors.admin, { userId: actors.sales.userId!, role: "buyer" }), "GOVERNANCE_ROLE_NOT_HELD");
    await assignRole(tx, actors.admin, { userId: actors.planner.userId!, role: "admin" });
    const revoked = await revokeRole(tx, actors.admin, { userId: actors.admin.userId!, role: "admin" });
    assert.deepEqual(revoked.roles, []);
    assert.deepEqual(await rolesOf(tx, actors.admin.userId!), []);
    await rejectsWithCode(() => revokeRole(tx, actors.admin, { userId: actors.planner.userId!, role: "admin" }), "GOVERNANCE_LAST_ADMIN");
  });
});

type Command = { name: string; allowed: readonly Role[]; run: (tx: Tx, actor: Actor) => Promise<unknown> };

const COMMANDS: Command[] = [
  { name: "assignRole", allowed: ["admin"], run: (tx, actor) => assignRole(tx, actor, { userId: actors.sales.userId!, role: "planner" }) },
  { name: "revokeRole", allowed: ["admin"], run: (tx, actor) => revokeRole(tx, actor, { userId: actors.sales.userId!, role: "sales" }) },
  { name: "installDefaultSodRules", allowed: ["admin"], run: (tx, actor) => installDefaultSodRules(tx, actor) },
  { name: "upsertSodRule", allowed: ["admin"], run: (tx, actor) =>
    upsertSodRule(tx, actor, { permissionA: "masters.items:write", permissionB: "payments:approve", mode: "review", description: "items and payments" }) },
  { name: "setSodRuleActive", allowed: ["admin"], run: async (tx, actor) => {
    const [rule] = await tx.select().from(sodRule).limit(1);
    return setSodRuleActive(tx, actor, { ruleId: rule!.id, active: false });
  } },
  { name: "sodConflictReport", allowed: ["admin", "executive", "controller"], run: (tx, actor) => sodConflictReport(tx, actor) },
  { name: "listSodRules", allowed: ["admin", "executive", "controller"], run: (tx, actor) => listSodRules(tx, actor) },
];

for (const command of COMMANDS) {
  test(`${command.name}: ${command.allowed.join(", ")} may run it; every other role gets AUTH_FORBIDDEN and nothing changes`, async () => {
    for (const role of ROLES) {
      await withRollback(db, async (tx) => {
        if (command.allowed.includes(role)) {
          await command.run(tx, actors[role]);
          return;
        }
        const before = await snapshot(tx);
        const error = await rejectsWithCode(() => command.run(tx, actors[role]), "AUTH_FORBIDDEN");
        assert.equal(error.httpStatus, 403);
        assert.deepEqual(await snapshot(tx), before, `${command.name} as ${role} changed something`);
      });
    }
  });
}
